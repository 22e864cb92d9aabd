package io.omninode.bridge.ingest.proxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;

/**
 * TTL bounds of the proxy cache, read live from {@code bridge.config} (so {@code PUT /admin/config}
 * or Consul KV change them without a restart): {@value #DEFAULT_TTL_KEY} (60 s, used by
 * {@code force} and as the base of adaptive TTLs), {@value #MIN_TTL_KEY} (5 s) and
 * {@value #MAX_TTL_KEY} (3600 s).
 */
public record CacheSettings(long defaultTtlSeconds, long minTtlSeconds, long maxTtlSeconds) {

    public static final String DEFAULT_TTL_KEY = "proxy.cache.default_ttl_seconds";
    public static final String MIN_TTL_KEY = "proxy.cache.min_ttl_seconds";
    public static final String MAX_TTL_KEY = "proxy.cache.max_ttl_seconds";
    public static final CacheSettings DEFAULTS = new CacheSettings(60, 5, 3600);

    /** The current settings from a config lookup (key → JSON value), defaults for missing or bad values. */
    public static CacheSettings from(Function<String, Optional<JsonNode>> config) {
        long min = positive(config, MIN_TTL_KEY, DEFAULTS.minTtlSeconds());
        long max = Math.max(min, positive(config, MAX_TTL_KEY, DEFAULTS.maxTtlSeconds()));
        long def = Math.max(min, Math.min(max, positive(config, DEFAULT_TTL_KEY, DEFAULTS.defaultTtlSeconds())));
        return new CacheSettings(def, min, max);
    }

    private static long positive(Function<String, Optional<JsonNode>> config, String key, long fallback) {
        return config.apply(key).filter(JsonNode::canConvertToLong).map(JsonNode::asLong).filter(v -> v > 0)
                .orElse(fallback);
    }
}
