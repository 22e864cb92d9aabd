package io.omninode.bridge.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Per-route request counts and latency as the Prometheus histogram
 * {@code http_server_requests_seconds{method, route, status}}. Routes are the matched path
 * templates, so ids in paths do not multiply the series.
 */
public final class HttpMetrics {

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A Javalin request logger: called once per finished request, async ones included. */
    public void record(Context ctx, Float executionMillis) {
        Timer.builder("http.server.requests")
                .description("HTTP requests served by the bridge")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(Duration.ofNanos((long) (executionMillis * 1_000_000L)));
    }

    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
