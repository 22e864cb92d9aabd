package io.omninode.bridge.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one HTTP server (DESIGN.md §5): request ids, the error envelope for every failure
 * (API errors, Javalin's own 4xx, unknown routes and methods, and a logged 500 for anything
 * unexpected), request metrics and the body size limit; the routes come from the modules that
 * own them, registered in the order given.
 */
public final class BridgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeServer.class);
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final int HTTP_MAX_THREADS = 250;
    private static final int HTTP_MIN_THREADS = 8;

    private final QueuedThreadPool threads;
    private final ApiResponses responses;
    private final long maxBodyBytes;
    private Javalin javalin;

    /**
     * @param maxBodyBytes larger request bodies are refused with 413
     * @param version      reported in every envelope's {@code metadata.version}
     */
    public BridgeServer(long maxBodyBytes, String version) {
        this.threads = new QueuedThreadPool(HTTP_MAX_THREADS, HTTP_MIN_THREADS);
        this.threads.setName("bridge-http");
        this.responses = new ApiResponses(version);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The envelope writer every route of this server uses. */
    public ApiResponses responses() {
        return responses;
    }

    /** The server's request threads, where asynchronous replies are written. */
    public Executor threads() {
        return threads;
    }

    /** Builds the server with {@code routes} (each module's registration) and starts it; returns when the port is bound. */
    public BridgeServer start(String host, int port, HttpMetrics metrics, List<Consumer<RoutesConfig>> routes) {
        if (javalin != null) {
            throw new IllegalStateException("already started");
        }
        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.threadPool = threads;
            cfg.http.maxRequestSize = maxBodyBytes;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
            cfg.requestLogger.http(metrics::record);
            cfg.routes.before(RequestIds::assign);
            cfg.routes.exception(ApiException.class, (e, ctx) -> responses.error(ctx, e));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> responses.error(ctx,
                    new ApiException(e.getStatus(), codeFor(e.getStatus()), e.getMessage(), List.of(), Map.of())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                responses.error(ctx, new ApiException(500, "internal_error", "internal error", List.of(), Map.of()));
            });
            cfg.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    responses.error(ctx, ApiException.notFound("no route for " + ctx.method() + " " + ctx.path()));
                }
            });
            cfg.routes.error(405, "*", ctx -> responses.error(ctx, new ApiException(405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), List.of(), Map.of())));
            routes.forEach(r -> r.accept(cfg.routes));
        });
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops the server. */
    @Override
    public void close() {
        if (javalin != null) {
            javalin.stop();
        }
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
    }
}
