package io.omninode.bridge.http.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.ApiResponses;
import io.omninode.bridge.schemas.OpenApi;
import java.util.List;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /openapi.yaml}; none needs a token. */
public final class OpsController {

    private final ApiResponses responses;
    private final PrometheusMeterRegistry metrics;
    private final List<HealthCheck> health;
    private final List<HealthCheck> readiness;

    /**
     * @param health    components reported by {@code /health}
     * @param readiness components that must all be up for {@code /ready} to answer 200
     */
    public OpsController(ApiResponses responses, PrometheusMeterRegistry metrics, List<HealthCheck> health,
                         List<HealthCheck> readiness) {
        this.responses = responses;
        this.metrics = metrics;
        this.health = List.copyOf(health);
        this.readiness = List.copyOf(readiness);
    }

    public void register(RoutesConfig config) {
        config.get("/health", this::health);
        config.get("/ready", this::ready);
        config.get("/metrics", this::metrics);
        config.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(OpenApi.yaml()));
    }

    private void health(Context ctx) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        boolean allUp = report(data.putObject("components"), health);
        data.put("status", allUp ? "UP" : "DEGRADED");
        responses.ok(ctx, data);
    }

    private void ready(Context ctx) {
        ObjectNode components = JsonNodeFactory.instance.objectNode();
        if (!report(components, readiness)) {
            throw ApiException.unavailable("not ready: " + components, 1);
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("status", "READY");
        data.set("components", components);
        responses.ok(ctx, data);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private static boolean report(ObjectNode into, List<HealthCheck> checks) {
        boolean allUp = true;
        for (HealthCheck check : checks) {
            HealthCheck.Status status = check.check();
            into.putObject(check.name()).put("status", status.up() ? "UP" : "DOWN").put("detail", status.detail());
            allUp &= status.up();
        }
        return allUp;
    }
}
