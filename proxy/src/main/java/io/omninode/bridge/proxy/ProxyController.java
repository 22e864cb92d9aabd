package io.omninode.bridge.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.WriteRoutes;
import io.omninode.bridge.proxy.cache.ResultCache;
import io.omninode.bridge.schemas.HealthStatus;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /proxy/tool/{tool_name}} and {@code GET /proxy/health/{service_name}}. */
public final class ProxyController {

    private final WriteRoutes routes;
    private final ProxyService proxy;
    private final InstanceDirectory directory;
    private final LoadBalancer balancer;
    private final Authenticator authenticator;
    private final ApiResponses responses;
    private final ResultCache cache;

    public ProxyController(WriteRoutes routes, ProxyService proxy, InstanceDirectory directory, LoadBalancer balancer,
                           Authenticator authenticator, ApiResponses responses, ResultCache cache) {
        this.cache = cache;
        this.routes = routes;
        this.proxy = proxy;
        this.directory = directory;
        this.balancer = balancer;
        this.authenticator = authenticator;
        this.responses = responses;
    }

    public void register(RoutesConfig config) {
        config.post("/proxy/tool/{tool_name}", this::execute);
        config.get("/proxy/health/{service_name}", this::health);
        config.get("/cache/stats", ctx -> {
            authenticator.authenticate(ctx);
            responses.ok(ctx, cache.stats());
        });
        config.delete("/cache/clear", this::clear);
    }

    private void clear(Context ctx) {
        Principal principal = authenticator.authenticate(ctx);
        if (!principal.isAdmin()) {
            throw ApiException.forbidden("only an admin token may clear the cache");
        }
        String pattern = ctx.queryParam("pattern");
        if (pattern != null && (pattern.length() > 200 || !pattern.matches("[A-Za-z0-9._*?/\\[\\]{},-]*"))) {
            throw ApiException.badRequest("$.pattern", "pattern is a glob on <service>/<tool>, e.g. omniagent/*");
        }
        routes.reply(ctx, () -> cache.clear(pattern).thenApply(count -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("entries_cleared", count);
            data.put("pattern", pattern == null ? "*" : pattern);
            return data;
        }));
    }

    private void execute(Context ctx) {
        Principal principal = routes.writer(ctx, 1);
        JsonNode body = routes.body(ctx);
        ProxyRequest request = ProxyRequest.parse(ctx.pathParam("tool_name"), body);
        // the call completes on the proxy's HTTP client threads, which render the reply themselves
        routes.replyWhereCompleted(ctx, () -> proxy.execute(principal, request, WriteRoutes.meta(ctx)));
    }

    private void health(Context ctx) {
        authenticator.authenticate(ctx);
        String service = ctx.pathParam("service_name");
        // a service without instances is answered, not refused: its health is unknown
        List<TargetInstance> instances = directory.instances(service);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("service_name", service);
        ArrayNode list = data.putArray("instances");
        List<HealthStatus> statuses = new ArrayList<>();
        for (TargetInstance i : instances.stream().sorted((a, b) -> a.instanceId().compareTo(b.instanceId())).toList()) {
            InstanceStats stats = balancer.stats(i);
            list.addObject()
                    .put("instance_id", i.instanceId())
                    .put("status", i.status())
                    .put("load", i.loadFactor())
                    .put("response_time_avg_ms", Math.round(stats.averageMillis() * 1000) / 1000.0)
                    .put("outstanding_requests", stats.outstanding())
                    .put("circuit_state", stats.circuit().label());
            // stopped (or anything an instance cannot report of itself) counts as not usable
            statuses.add(HealthStatus.reported(i.status()).orElse(HealthStatus.UNHEALTHY));
        }
        long usable = statuses.stream().filter(s -> s == HealthStatus.HEALTHY || s == HealthStatus.DEGRADED).count();
        data.put("overall_health", HealthStatus.overall(statuses).wire());
        data.put("load_balancing_active", usable > 1);
        responses.ok(ctx, data);
    }
}
