package io.omninode.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.http.RequestIds;
import io.omninode.bridge.ingest.admin.AdminController;
import io.omninode.bridge.ingest.admin.ConfigService;
import io.omninode.bridge.ingest.auth.Authenticator;
import io.omninode.bridge.ingest.auth.RateLimiter;
import io.omninode.bridge.ingest.hooks.BatchService;
import io.omninode.bridge.ingest.hooks.HookController;
import io.omninode.bridge.ingest.hooks.HookNormalizer;
import io.omninode.bridge.ingest.hooks.HookService;
import io.omninode.bridge.ingest.hooks.WriteGuard;
import io.omninode.bridge.ingest.http.HttpMetrics;
import io.omninode.bridge.ingest.http.JsonBodies;
import io.omninode.bridge.ingest.http.WriteRoutes;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.ingest.ops.HealthCheck;
import io.omninode.bridge.ingest.ops.OpsController;
import io.omninode.bridge.ingest.proxy.AddressPolicy;
import io.omninode.bridge.ingest.proxy.InstanceDirectory;
import io.omninode.bridge.ingest.proxy.LoadBalancer;
import io.omninode.bridge.ingest.proxy.ProxyController;
import io.omninode.bridge.ingest.proxy.ProxyMetrics;
import io.omninode.bridge.ingest.proxy.ProxyService;
import io.omninode.bridge.ingest.proxy.ToolCaller;
import io.omninode.bridge.ingest.proxy.cache.CacheStore;
import io.omninode.bridge.ingest.proxy.cache.ResultCache;
import io.omninode.bridge.ingest.registry.ConsulRegistrations;
import io.omninode.bridge.ingest.registry.RegistrationIndex;
import io.omninode.bridge.ingest.registry.RegistryController;
import io.omninode.bridge.ingest.registry.RegistryService;
import io.omninode.bridge.schemas.SchemaValidator;
import io.omninode.bridge.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's HTTP server: every write route, the operations routes, and whatever read routes
 * other modules contribute. Takes its collaborators in the constructor; exposes the
 * {@link Javalin} instance to tests.
 */
public final class IngestApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final int HTTP_MAX_THREADS = 250;
    private static final int HTTP_MIN_THREADS = 8;

    private final Javalin javalin;
    private final KafkaClientMetrics producerMetrics;
    private final ToolCaller toolCaller;

    /**
     * @param extraRoutes route registrations of other modules (read routes, proxy), applied last
     */
    public IngestApp(IngestConfig config, Topics topics, EventPublisher publisher, RegistrationIndex index,
                     InstanceDirectory instances, CacheStore cacheStore, Function<String, Optional<JsonNode>> liveConfig,
                     ConsulRegistrations consul, Authenticator authenticator,
                     PrometheusMeterRegistry metrics,
                     List<HealthCheck> health, List<HealthCheck> readiness,
                     List<Consumer<RoutesConfig>> extraRoutes) {
        ApiResponses responses = new ApiResponses(config.version());
        WriteGuard guard = new WriteGuard(SchemaValidator.load());
        QueuedThreadPool httpThreads = new QueuedThreadPool(HTTP_MAX_THREADS, HTTP_MIN_THREADS);
        httpThreads.setName("bridge-http");
        WriteRoutes routes = new WriteRoutes(authenticator, new RateLimiter(config.rateLimitPerSecond()),
                new JsonBodies(config.maxBodyBytes()), responses, httpThreads);
        HookService hooks = new HookService(guard, new HookNormalizer(topics), publisher);
        HookController hookController = new HookController(routes, hooks, new BatchService(guard, hooks));
        RegistryController registryController = new RegistryController(routes,
                new RegistryService(guard, publisher, topics, index, consul));
        AdminController admin = new AdminController(routes, new ConfigService(publisher, topics));
        LoadBalancer balancer = new LoadBalancer();
        this.toolCaller = new ToolCaller();
        ResultCache cache = new ResultCache(publisher, topics, cacheStore, liveConfig, System::currentTimeMillis);
        ProxyController proxy = new ProxyController(routes, new ProxyService(instances, balancer,
                new AddressPolicy(config.proxyDeny()), toolCaller, publisher, topics, cache,
                new ProxyMetrics(metrics, cache, balancer)), instances, balancer,
                authenticator, responses, cache);
        OpsController ops = new OpsController(responses, metrics, health, readiness);
        HttpMetrics httpMetrics = new HttpMetrics(metrics);
        this.producerMetrics = new KafkaClientMetrics(publisher.producer());
        this.producerMetrics.bindTo(metrics);

        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.threadPool = httpThreads;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
            cfg.requestLogger.http(httpMetrics::record);
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
            hookController.register(cfg.routes);
            registryController.register(cfg.routes);
            admin.register(cfg.routes);
            proxy.register(cfg.routes);
            ops.register(cfg.routes);
            extraRoutes.forEach(r -> r.accept(cfg.routes));
        });
    }

    public Javalin javalin() {
        return javalin;
    }

    /** Starts serving; returns when the port is bound. */
    public IngestApp start(String host, int port) {
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops the server. */
    @Override
    public void close() {
        javalin.stop();
        toolCaller.close();
        producerMetrics.close();
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
