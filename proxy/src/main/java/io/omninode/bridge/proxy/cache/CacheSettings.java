package io.omninode.bridge.proxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.ConfigKeys;
import java.util.Optional;
import java.util.function.Function;

/**
 * TTL bounds of the proxy cache, read live from {@code bridge.config} (so {@code PUT /admin/config}
 * or Consul KV change them without a restart): {@value #DEFAULT_TTL_KEY} (60 s, used by
 * {@code force} and as the base of adaptive TTLs), {@value #MIN_TTL_KEY} (5 s) and
 * {@value #MAX_TTL_KEY} (3600 s).
 */
public record CacheSettings(long defaultTtlSeconds, long minTtlSeconds, long maxTtlSeconds) {

    private static final String DEFAULT_TTL_KEY = ConfigKeys.PROXY_CACHE_DEFAULT_TTL_SECONDS;
    private static final String MIN_TTL_KEY = ConfigKeys.PROXY_CACHE_MIN_TTL_SECONDS;
    private static final String MAX_TTL_KEY = ConfigKeys.PROXY_CACHE_MAX_TTL_SECONDS;
    public static final CacheSettings DEFAULTS = new CacheSettings(defaultOf(DEFAULT_TTL_KEY), defaultOf(MIN_TTL_KEY),
            defaultOf(MAX_TTL_KEY));

    /** The current settings from a config lookup (key → JSON value), defaults for missing or bad values. */
    public static CacheSettings from(Function<String, Optional<JsonNode>> config) {
        long min = positive(config, MIN_TTL_KEY, DEFAULTS.minTtlSeconds());
        long max = Math.max(min, positive(config, MAX_TTL_KEY, DEFAULTS.maxTtlSeconds()));
        long def = Math.max(min, Math.min(max, positive(config, DEFAULT_TTL_KEY, DEFAULTS.defaultTtlSeconds())));
        return new CacheSettings(def, min, max);
    }

    /** The value of {@code key} if the catalog accepts it (a positive integer in bounds), else {@code fallback}. */
    private static long positive(Function<String, Optional<JsonNode>> config, String key, long fallback) {
        ConfigKeys.Key known = ConfigKeys.find(key);
        return config.apply(key).filter(value -> known.problem(value) == null && !value.isNull())
                .map(JsonNode::asLong).orElse(fallback);
    }

    private static long defaultOf(String key) {
        return (Long) ConfigKeys.find(key).defaultValue();
    }
}
