package io.omninode.bridge.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.proxy.cache.ResultCache;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/**
 * The proxy's and its cache's meters on {@code /metrics}: {@code bridge_proxy_calls_total} and
 * {@code bridge_proxy_call_duration_seconds} by outcome ({@code success}, {@code cache_hit},
 * {@code failed}, {@code timeout}, {@code unavailable}), {@code bridge_proxy_cache_hits_total} and
 * {@code _misses_total} (lookups of cacheable calls), {@code bridge_proxy_cache_entries} (live entries)
 * and {@code bridge_proxy_circuits_open} (instances whose circuit is open).
 */
public final class ProxyMetrics {

    /** What became of a proxied call. */
    public enum Outcome {
        SUCCESS, CACHE_HIT, FAILED, TIMEOUT, UNAVAILABLE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The outcome of a call that failed with {@code error}. */
        static Outcome of(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof ApiException api) {
                return api.status() == 504 ? TIMEOUT : api.status() == 503 ? UNAVAILABLE : FAILED;
            }
            return FAILED;
        }
    }

    private final Counter[] calls = new Counter[Outcome.values().length];
    private final Timer[] durations = new Timer[Outcome.values().length];
    private final Counter hits;
    private final Counter misses;

    public ProxyMetrics(MeterRegistry registry, ResultCache cache, LoadBalancer balancer) {
        for (Outcome outcome : Outcome.values()) {
            calls[outcome.ordinal()] = Counter.builder("bridge.proxy.calls").tag("outcome", outcome.label())
                    .description("proxied tool calls by outcome").register(registry);
            durations[outcome.ordinal()] = Timer.builder("bridge.proxy.call.duration").tag("outcome", outcome.label())
                    .description("time from the proxy request to its answer").register(registry);
        }
        hits = Counter.builder("bridge.proxy.cache.hits").description("cache lookups answered from the cache")
                .register(registry);
        misses = Counter.builder("bridge.proxy.cache.misses").description("cache lookups that called the tool")
                .register(registry);
        Gauge.builder("bridge.proxy.cache.entries", cache, ResultCache::liveEntries)
                .description("live (unexpired) entries of the proxy cache").register(registry);
        Gauge.builder("bridge.proxy.circuits.open", balancer, LoadBalancer::openCircuits)
                .description("instances whose circuit breaker is open").register(registry);
    }

    void call(Outcome outcome, long startNanos) {
        calls[outcome.ordinal()].increment();
        durations[outcome.ordinal()].record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    void cacheLookup(boolean hit) {
        (hit ? hits : misses).increment();
    }
}
