package io.omninode.bridge.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.HttpResponseException;
import io.omninode.bridge.http.tls.Https;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's one HTTP server (DESIGN.md §5): request ids, the error envelope for every failure
 * (API errors, Javalin's own 4xx, unknown routes and methods, and a logged 500 for anything
 * unexpected), request metrics and the body size limit; the routes come from the modules that
 * own them, registered in the order given. With {@link Https} the port speaks HTTPS only.
 */
public final class BridgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeServer.class);
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final int HTTP_MAX_THREADS = 250;
    private static final int HTTP_MIN_THREADS = 8;
    /** Deflate level of gzipped replies (see {@link #compression}). */
    static final int GZIP_LEVEL = 1;

    private final QueuedThreadPool threads;
    private final ApiResponses responses;
    private final long maxBodyBytes;
    private final Https https;
    private Javalin javalin;

    /**
     * @param maxBodyBytes larger request bodies are refused with 413
     * @param version      reported in every envelope's {@code metadata.version}
     */
    public BridgeServer(long maxBodyBytes, String version) {
        this(maxBodyBytes, version, null);
    }

    /** As {@link #BridgeServer(long, String)}, serving HTTPS only when {@code https} is not null. */
    public BridgeServer(long maxBodyBytes, String version, Https https) {
        this.threads = new QueuedThreadPool(HTTP_MAX_THREADS, HTTP_MIN_THREADS);
        this.threads.setName("bridge-http");
        this.responses = new ApiResponses(version);
        this.maxBodyBytes = maxBodyBytes;
        this.https = https;
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return https == null ? "http" : "https";
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
            cfg.http.compressionStrategy = compression();
            cfg.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
            if (https != null) {
                // the only connector, so Javalin adds no plain one; the certificate watcher stops with the server
                cfg.jetty.addConnector((server, http) -> httpsConnector(server, http, host, port));
                cfg.jetty.modifyServer(server -> server.addBean(https.certificate()));
            }
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
                if (!ApiResponses.written(ctx) && ctx.result() == null) {
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

    /**
     * Javalin's default (gzip for replies of 1 500 bytes and more), with JSON on the list of media types
     * allowed outright. The decision is the same (JSON was never excluded), but otherwise every reply's
     * content type is matched, ignoring case, against Javalin's some fifty excluded media types: a
     * tenth of the CPU of a proxy cache hit.
     *
     * <p>Level {@value #GZIP_LEVEL}, nginx's default {@code gzip_comp_level}, not Javalin's 6: the
     * reply to a batch of 1 000 hooks (193 KB) is compressed in 0.8 ms instead of 1.8 ms, to 35 KB
     * instead of 32 KB. At level 6 compressing those replies took 3.3 % of the bridge's CPU under
     * batch load.
     */
    static CompressionStrategy compression() {
        CompressionStrategy strategy = new CompressionStrategy(null, new Gzip(GZIP_LEVEL));
        List<String> allowed = new ArrayList<>(strategy.getAllowedMimeTypes());
        allowed.add(ContentType.JSON);
        strategy.setAllowedMimeTypes(List.copyOf(allowed));
        return strategy;
    }

    public int port() {
        return javalin.port();
    }

    private ServerConnector httpsConnector(Server server, HttpConfiguration http, String host, int port) {
        HttpConfiguration secure = new HttpConfiguration(http);
        // one certificate: whether it names the host a client asked for is the client's check
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(https.certificate().sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(secure));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
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
