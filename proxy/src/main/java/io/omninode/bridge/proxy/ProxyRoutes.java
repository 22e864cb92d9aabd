package io.omninode.bridge.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.http.WriteRoutes;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.proxy.cache.CacheStore;
import io.omninode.bridge.proxy.cache.ResultCache;
import io.omninode.bridge.schemas.TopicWriter;
import io.omninode.bridge.schemas.Topics;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ToolCapture proxy's routes (DESIGN.md §5): {@code POST /proxy/tool/{tool}}, {@code GET
 * /proxy/health/{service}}, {@code GET /cache/stats} and {@code DELETE /cache/clear}, with the
 * load balancer, resilience and adaptive cache behind them and their meters on {@code metrics}.
 * {@link #close()} stops the outgoing HTTP client.
 */
public final class ProxyRoutes implements AutoCloseable {

    private final ProxyController controller;
    private final ToolCaller caller = new ToolCaller();

    /**
     * @param instances  the local view of registered instances and their health
     * @param addresses  addresses the proxy never calls
     * @param writer     where executions are captured and cache entries written
     * @param cacheStore the cache entries every instance shares ({@code proxy-cache})
     * @param liveConfig the live configuration (cache TTL bounds)
     */
    public ProxyRoutes(WriteRoutes routes, Authenticator authenticator, ApiResponses responses,
                       InstanceDirectory instances, AddressPolicy addresses, TopicWriter writer, Topics topics,
                       CacheStore cacheStore, Function<String, Optional<JsonNode>> liveConfig, MeterRegistry metrics) {
        LoadBalancer balancer = new LoadBalancer();
        ResultCache cache = new ResultCache(writer, topics, cacheStore, liveConfig, System::currentTimeMillis);
        ProxyService service = new ProxyService(instances, balancer, addresses, caller, writer, topics, cache,
                new ProxyMetrics(metrics, cache, balancer));
        this.controller = new ProxyController(routes, service, instances, balancer, authenticator, responses, cache);
    }

    public void register(RoutesConfig config) {
        controller.register(config);
    }

    @Override
    public void close() {
        caller.close();
    }
}
