package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The typed catalog of live configuration (DESIGN.md §2, §6): the keys of the compacted
 * {@code bridge.config} topic, each with its type, bounds, default and meaning. The record key is
 * the config key, the value JSON; a null value (tombstone) means "back to the default".
 *
 * <p>Writers refuse what the catalog does not accept ({@link #problem}): {@code PUT /admin/config}
 * answers 400, the Consul KV watcher logs the key and keeps the previous value. Besides the keys of
 * {@link #ALL}, {@code services.<service>.…} is the free-form namespace of the services' own
 * settings (fed from Consul KV {@code omninode-bridge/services/…}); any JSON value goes there.
 *
 * <p>Readers (the topology's {@code LiveConfig}, the proxy cache's {@code CacheSettings}) parse each
 * change once and fall back to the default for anything the catalog would refuse, so a value an
 * earlier version stored never stops them. The performance window <em>size</em> is not a live key:
 * it shapes a window store and is fixed when the topology is built (default 60 s); the grace is
 * live. Relations between keys (the least TTL above the greatest, more baseline windows required
 * than taken) are resolved where they are read, by clamping.
 *
 * <p>Durations are integers in milliseconds ({@code _ms}) or seconds ({@code _seconds}); rates and
 * probabilities decimals in [0, 1]; the README's table lists every key.
 */
public final class ConfigKeys {

    /** What a key's JSON value must be. */
    public enum Type {
        /** A JSON integer (or a number with no fraction, {@code 5.0}). */
        INTEGER("an integer"),
        /** Any finite JSON number. */
        DECIMAL("a number"),
        /** {@code true} or {@code false}. */
        FLAG("true or false");

        private final String description;

        Type(String description) {
            this.description = description;
        }
    }

    /**
     * One live key.
     *
     * @param name         the {@code bridge.config} record key
     * @param type         what its value must be
     * @param defaultValue the value when nothing sets it ({@link Long}, {@link Double} or {@link Boolean})
     * @param min          least accepted value (numbers), inclusive
     * @param max          greatest accepted value (numbers), inclusive
     * @param meaning      what it controls
     */
    public record Key(String name, Type type, Object defaultValue, double min, double max, String meaning) {

        /** Why {@code value} is refused for this key, or null when it is accepted (JSON null always is). */
        public String problem(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            boolean typed = switch (type) {
                case FLAG -> value.isBoolean();
                case INTEGER -> value.isNumber() && (value.isIntegralNumber()
                        || value.doubleValue() == Math.rint(value.doubleValue()));
                case DECIMAL -> value.isNumber() && Double.isFinite(value.doubleValue());
            };
            if (!typed || (type != Type.FLAG && (value.doubleValue() < min || value.doubleValue() > max))) {
                return name + " must be " + expected() + ", got " + abbreviated(value);
            }
            return null;
        }

        /** The accepted values in words: "an integer from 1 to 60". */
        public String expected() {
            return type == Type.FLAG ? type.description
                    : type.description + " from " + number(min) + " to " + number(max);
        }

        /** The value of {@code value} for a reader: the JSON value if accepted, else the default. */
        public Object read(JsonNode value) {
            if (value == null || value.isNull() || problem(value) != null) {
                return defaultValue;
            }
            return switch (type) {
                case FLAG -> value.booleanValue();
                case INTEGER -> value.longValue();
                case DECIMAL -> value.doubleValue();
            };
        }

        private static String number(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }

        private static String abbreviated(JsonNode value) {
            String text = value.toString();
            return text.length() > 60 ? text.substring(0, 57) + "..." : text;
        }
    }

    /** The prefix of the services' own settings, where any JSON value is accepted. */
    public static final String SERVICES_PREFIX = "services.";

    /** Default of {@link #HEALTH_ERROR_RATE_THRESHOLD} (the topology's built-in threshold too). */
    public static final double DEFAULT_ERROR_RATE_THRESHOLD = 0.5;
    /** Default of {@link #HEALTH_ERROR_RATE_MIN_RUNS}. */
    public static final int DEFAULT_ERROR_RATE_MIN_RUNS = 20;
    /** Default of {@link #HEALTH_REMOVAL_FACTOR}. */
    public static final int DEFAULT_REMOVAL_FACTOR = 10;

    private static final long SECOND_MS = 1_000;
    private static final long HOUR_MS = 3_600_000;
    private static final long DAY_MS = 24 * HOUR_MS;
    private static final long WEEK_MS = 7 * DAY_MS;
    private static final long MONTH_S = 30 * 24 * 3_600;
    /** Upper bound of "fewest runs / samples" counts. */
    private static final long MANY = 10_000_000;
    /** Closed windows a tool's performance history keeps. */
    private static final long KEPT_WINDOWS = 60;
    /** Closed windows the error-burst and latency-regression detector keeps per tool. */
    private static final long DETECTOR_WINDOWS = 30;
    /** Occurrences a span detector keeps per subject. */
    private static final long SPAN_TIMES = 1_000;

    /** Grace after a window's end before it closes (wall clock or stream time); later events count as late. Default 10000. */
    public static final String WINDOW_GRACE_MS = "performance.window.grace_ms";
    /** p95 ≥ factor × baseline p95 is a latency anomaly. Default 2.0. */
    public static final String ANOMALY_FACTOR = "performance.anomaly.factor";
    /** Fewest executions in a window before it can be an anomaly. Default 20. */
    public static final String ANOMALY_MIN_SAMPLES = "performance.anomaly.min_samples";
    /** How many previous closed windows the baseline (median p95) is taken over. Default 10. */
    public static final String BASELINE_WINDOWS = "performance.baseline.windows";
    /** Fewest previous closed windows before a baseline exists. Default 3. */
    public static final String BASELINE_MIN_WINDOWS = "performance.baseline.min_windows";
    /** An executor's tool error rate in a window at or above which its healthy instances turn degraded. Default 0.5. */
    public static final String HEALTH_ERROR_RATE_THRESHOLD = "health.error_rate.threshold";
    /** Fewest tool runs of an executor in a window before its error rate counts. Default 20. */
    public static final String HEALTH_ERROR_RATE_MIN_RUNS = "health.error_rate.min_runs";
    /** An instance unhealthy by expiry (or stopped) for this many TTLs is removed. Default 10. */
    public static final String HEALTH_REMOVAL_FACTOR = "health.removal_factor";
    /** An active pattern is re-published as {@code updated} when its confidence moved by at least this. Default 0.1. */
    public static final String PATTERN_UPDATE_DELTA = "pattern.update_delta";

    /** {@code error_burst}: error rate in the closing 1-window at or above which it fires. Default 0.2. */
    public static final String ERROR_BURST_WINDOW_RATE = "detector.error_burst.window_rate";
    /** {@code error_burst}: error rate over the sustained span (5 windows) it also needs. Default 0.1. */
    public static final String ERROR_BURST_SUSTAINED_RATE = "detector.error_burst.sustained_rate";
    /** {@code error_burst}: the sustained span in windows (5 × 60 s = 5 min). Default 5. */
    public static final String ERROR_BURST_SUSTAINED_WINDOWS = "detector.error_burst.sustained_windows";
    /** {@code error_burst}: fewest runs in the closing window. Default 10. */
    public static final String ERROR_BURST_MIN_RUNS = "detector.error_burst.min_runs";
    /** {@code latency_regression}: consecutive anomalous windows needed. Default 2. */
    public static final String LATENCY_REGRESSION_MIN_WINDOWS = "detector.latency_regression.min_windows";
    /** {@code recurring_error}: occurrences of one signature within the span. Default 5. */
    public static final String RECURRING_ERROR_MIN_OCCURRENCES = "detector.recurring_error.min_occurrences";
    /** {@code recurring_error}: the span. Default 600000 (10 min). */
    public static final String RECURRING_ERROR_WINDOW_MS = "detector.recurring_error.window_ms";
    /** {@code flapping_service}: health transitions of one instance within the span. Default 4. */
    public static final String FLAPPING_MIN_TRANSITIONS = "detector.flapping_service.min_transitions";
    /** {@code flapping_service}: the span. Default 600000 (10 min). */
    public static final String FLAPPING_WINDOW_MS = "detector.flapping_service.window_ms";
    /** {@code tool_sequence}: B must follow A within this gap in one session. Default 300000 (5 min). */
    public static final String TOOL_SEQUENCE_MAX_GAP_MS = "detector.tool_sequence.max_gap_ms";
    /** {@code tool_sequence}: fewest sessions in which B followed A. Default 10. */
    public static final String TOOL_SEQUENCE_MIN_SESSIONS = "detector.tool_sequence.min_sessions";
    /** {@code tool_sequence}: least P(B | A) (sessions with A→B over sessions with A). Default 0.6. */
    public static final String TOOL_SEQUENCE_MIN_PROBABILITY = "detector.tool_sequence.min_probability";
    /** {@code startup_regression}: new version's mean startup ≥ factor × previous version's. Default 1.5. */
    public static final String STARTUP_REGRESSION_FACTOR = "detector.startup_regression.factor";
    /** {@code startup_regression}: fewest starts of each version. Default 3. */
    public static final String STARTUP_REGRESSION_MIN_STARTS = "detector.startup_regression.min_starts";
    /** {@code co_failure}: two services turning unhealthy at most this far apart fail together. Default 60000. */
    public static final String CO_FAILURE_MAX_GAP_MS = "detector.co_failure.max_gap_ms";
    /** {@code co_failure}: co-failures of one pair within the span. Default 3. */
    public static final String CO_FAILURE_MIN_OCCURRENCES = "detector.co_failure.min_occurrences";
    /** {@code co_failure}: the span. Default 3600000 (1 h). */
    public static final String CO_FAILURE_WINDOW_MS = "detector.co_failure.window_ms";
    public static final String RETRY_STORM_MIN_REPEATS = "detector.retry_storm.min_repeats";
    public static final String RETRY_STORM_WINDOW_MS = "detector.retry_storm.window_ms";
    public static final String CACHE_OPPORTUNITY_MIN_REPEATS = "detector.cache_opportunity.min_repeats";
    public static final String CACHE_OPPORTUNITY_WINDOW_MS = "detector.cache_opportunity.window_ms";
    /** TTL of {@code force}d proxy cache entries and base of adaptive TTLs, seconds. Default 60. */
    public static final String PROXY_CACHE_DEFAULT_TTL_SECONDS = "proxy.cache.default_ttl_seconds";
    /** Least adaptive TTL of the proxy cache, seconds. Default 5. */
    public static final String PROXY_CACHE_MIN_TTL_SECONDS = "proxy.cache.min_ttl_seconds";
    /** Greatest adaptive TTL of the proxy cache, seconds. Default 3600. */
    public static final String PROXY_CACHE_MAX_TTL_SECONDS = "proxy.cache.max_ttl_seconds";

    /** Every live key, in documentation order. */
    public static final List<Key> ALL = List.of(
            integer(WINDOW_GRACE_MS, 10_000, 0, HOUR_MS,
                    "grace after a performance window's end before it closes; later events are counted as late"),
            decimal(ANOMALY_FACTOR, 2.0, 1, 1_000, "p95 at or above factor × baseline p95 is a latency anomaly"),
            integer(ANOMALY_MIN_SAMPLES, 20, 1, MANY, "fewest executions in a window for an anomaly"),
            integer(BASELINE_WINDOWS, 10, 1, KEPT_WINDOWS, "previous closed windows whose median p95 is the baseline"),
            integer(BASELINE_MIN_WINDOWS, 3, 1, KEPT_WINDOWS, "fewest previous closed windows before a baseline exists"),
            decimal(PATTERN_UPDATE_DELTA, 0.1, 0, 1, "confidence change that re-publishes an active pattern as updated"),
            decimal(HEALTH_ERROR_RATE_THRESHOLD, DEFAULT_ERROR_RATE_THRESHOLD, 0.01, 1,
                    "error_rate_threshold: an executor's tool error rate in a window that degrades its healthy instances"),
            integer(HEALTH_ERROR_RATE_MIN_RUNS, DEFAULT_ERROR_RATE_MIN_RUNS, 1, MANY,
                    "error_rate_threshold: fewest runs of the executor in the window"),
            integer(HEALTH_REMOVAL_FACTOR, DEFAULT_REMOVAL_FACTOR, 1, 10_000,
                    "an instance unhealthy by expiry (or stopped) for this many TTLs is removed"),
            enabled(PatternTypes.ERROR_BURST),
            enabled(PatternTypes.LATENCY_REGRESSION),
            enabled(PatternTypes.RECURRING_ERROR),
            enabled(PatternTypes.FLAPPING_SERVICE),
            enabled(PatternTypes.TOOL_SEQUENCE),
            enabled(PatternTypes.STARTUP_REGRESSION),
            enabled(PatternTypes.CO_FAILURE),
            enabled(PatternTypes.RETRY_STORM),
            enabled(PatternTypes.CACHE_OPPORTUNITY),
            decimal(ERROR_BURST_WINDOW_RATE, 0.2, 0, 1, "error_burst: error rate in the closing window"),
            decimal(ERROR_BURST_SUSTAINED_RATE, 0.1, 0, 1, "error_burst: error rate over the sustained span"),
            integer(ERROR_BURST_SUSTAINED_WINDOWS, 5, 1, DETECTOR_WINDOWS, "error_burst: sustained span, in windows"),
            integer(ERROR_BURST_MIN_RUNS, 10, 1, MANY, "error_burst: fewest runs in the closing window"),
            integer(LATENCY_REGRESSION_MIN_WINDOWS, 2, 1, DETECTOR_WINDOWS,
                    "latency_regression: consecutive anomalous windows"),
            integer(RECURRING_ERROR_MIN_OCCURRENCES, 5, 1, SPAN_TIMES,
                    "recurring_error: occurrences of one signature in the span"),
            integer(RECURRING_ERROR_WINDOW_MS, 600_000, SECOND_MS, WEEK_MS, "recurring_error: span"),
            integer(FLAPPING_MIN_TRANSITIONS, 4, 2, SPAN_TIMES,
                    "flapping_service: health transitions of one instance in the span"),
            integer(FLAPPING_WINDOW_MS, 600_000, SECOND_MS, WEEK_MS, "flapping_service: span"),
            integer(TOOL_SEQUENCE_MAX_GAP_MS, 300_000, 1, DAY_MS,
                    "tool_sequence: most time between A and the B that follows it"),
            integer(TOOL_SEQUENCE_MIN_SESSIONS, 10, 1, MANY, "tool_sequence: fewest sessions with A followed by B"),
            decimal(TOOL_SEQUENCE_MIN_PROBABILITY, 0.6, 0, 1, "tool_sequence: least P(B | A)"),
            decimal(STARTUP_REGRESSION_FACTOR, 1.5, 1, 1_000,
                    "startup_regression: new mean startup over previous version's"),
            integer(STARTUP_REGRESSION_MIN_STARTS, 3, 1, 1_000, "startup_regression: fewest starts of each version"),
            integer(CO_FAILURE_MAX_GAP_MS, 60_000, 1, DAY_MS,
                    "co_failure: most time between the two services turning unhealthy"),
            integer(CO_FAILURE_MIN_OCCURRENCES, 3, 1, SPAN_TIMES, "co_failure: co-failures of one pair in the span"),
            integer(CO_FAILURE_WINDOW_MS, 3_600_000, SECOND_MS, WEEK_MS, "co_failure: span"),
            integer(RETRY_STORM_MIN_REPEATS, 10, 2, SPAN_TIMES,
                    "retry_storm: executions of one tool with the same input in the span"),
            integer(RETRY_STORM_WINDOW_MS, 60_000, SECOND_MS, WEEK_MS, "retry_storm: span"),
            integer(CACHE_OPPORTUNITY_MIN_REPEATS, 5, 2, SPAN_TIMES,
                    "cache_opportunity: uncached executions of one input that gave the same output, in the span"),
            integer(CACHE_OPPORTUNITY_WINDOW_MS, 600_000, SECOND_MS, WEEK_MS, "cache_opportunity: span"),
            integer(PROXY_CACHE_DEFAULT_TTL_SECONDS, 60, 1, MONTH_S,
                    "TTL of `force`d entries and base of adaptive TTLs (clamped to the least and greatest)"),
            integer(PROXY_CACHE_MIN_TTL_SECONDS, 5, 1, MONTH_S, "least adaptive TTL"),
            integer(PROXY_CACHE_MAX_TTL_SECONDS, 3600, 1, MONTH_S,
                    "greatest adaptive TTL (never below the least)"));

    private static final Map<String, Key> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Key::name, Function.identity()));

    private ConfigKeys() {
    }

    /**
     * {@code detector.<type>.enabled} (default true): false stops the detector from publishing
     * anything new; patterns it already reported stay as they are.
     */
    public static String enabledKey(String patternType) {
        return "detector." + patternType.toLowerCase(Locale.ROOT) + ".enabled";
    }

    /** The key named {@code name}, or null when it is not a live key. */
    public static Key find(String name) {
        return BY_NAME.get(name);
    }

    /**
     * Why {@code bridge.config} must not get {@code value} under {@code key}, or null when it may:
     * a key of {@link #ALL} takes a value of its type within its bounds (or null), a key under
     * {@value #SERVICES_PREFIX} anything; every other key is unknown.
     */
    public static String problem(String key, JsonNode value) {
        Key known = BY_NAME.get(key);
        if (known != null) {
            return known.problem(value);
        }
        if (key.startsWith(SERVICES_PREFIX) && key.indexOf('.', SERVICES_PREFIX.length()) > SERVICES_PREFIX.length()) {
            return null;
        }
        return "unknown config key " + key + " (the live keys are in the README's table; services' own settings go under "
                + SERVICES_PREFIX + "<service>.…)";
    }

    private static Key integer(String name, long defaultValue, long min, long max, String meaning) {
        return new Key(name, Type.INTEGER, defaultValue, min, max, meaning);
    }

    private static Key decimal(String name, double defaultValue, double min, double max, String meaning) {
        return new Key(name, Type.DECIMAL, defaultValue, min, max, meaning);
    }

    private static Key enabled(String type) {
        return new Key(enabledKey(type), Type.FLAG, Boolean.TRUE, 0, 0, type + ": detector switch");
    }
}
