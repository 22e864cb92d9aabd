package io.omninode.bridge.topology;

import io.omninode.bridge.topology.patterns.PatternTypes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keys of the compacted {@code bridge.config} topic the topology reads live (DESIGN.md §6): the
 * record key is the config key, the value a JSON value (number, boolean, or a string holding one);
 * a null value (tombstone) or an unreadable one means "back to the default". Processors read the
 * global {@link StoreNames#BRIDGE_CONFIG} store on every use, so a change applies to new data
 * without a restart; nothing is recomputed retroactively.
 *
 * <p>The performance window <em>size</em> is not a live key: it shapes the
 * {@link StoreNames#TOOL_PERFORMANCE} window store and is read at build time from
 * {@link TopologyConfig#performanceWindow()} (default 60 s). The grace is live.
 *
 * <p>{@link #ALL} lists every key with its default and meaning (the README's table is made from it).
 * Durations are in milliseconds, rates and probabilities in [0, 1].
 */
public final class ConfigKeys {

    /** One live key: its name, its default and what it controls. */
    public record Key(String name, Object defaultValue, String meaning) {
    }

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

    /** Every live key, in documentation order. */
    public static final List<Key> ALL = List.of(
            new Key(WINDOW_GRACE_MS, 10_000L, "grace after a performance window's end before it closes; later events are counted as late"),
            new Key(ANOMALY_FACTOR, 2.0, "p95 at or above factor × baseline p95 is a latency anomaly"),
            new Key(ANOMALY_MIN_SAMPLES, 20L, "fewest executions in a window for an anomaly"),
            new Key(BASELINE_WINDOWS, 10L, "previous closed windows whose median p95 is the baseline"),
            new Key(BASELINE_MIN_WINDOWS, 3L, "fewest previous closed windows before a baseline exists"),
            new Key(PATTERN_UPDATE_DELTA, 0.1, "confidence change that re-publishes an active pattern as updated"),
            new Key(HEALTH_ERROR_RATE_THRESHOLD, TopologyConfig.DEFAULTS.errorRateThreshold(),
                    "error_rate_threshold: an executor's tool error rate in a window that degrades its healthy instances"),
            new Key(HEALTH_ERROR_RATE_MIN_RUNS, (long) TopologyConfig.DEFAULTS.errorRateMinRuns(),
                    "error_rate_threshold: fewest runs of the executor in the window"),
            new Key(HEALTH_REMOVAL_FACTOR, (long) TopologyConfig.DEFAULTS.removalFactor(),
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
            new Key(ERROR_BURST_WINDOW_RATE, 0.2, "error_burst: error rate in the closing window"),
            new Key(ERROR_BURST_SUSTAINED_RATE, 0.1, "error_burst: error rate over the sustained span"),
            new Key(ERROR_BURST_SUSTAINED_WINDOWS, 5L, "error_burst: sustained span, in windows"),
            new Key(ERROR_BURST_MIN_RUNS, 10L, "error_burst: fewest runs in the closing window"),
            new Key(LATENCY_REGRESSION_MIN_WINDOWS, 2L, "latency_regression: consecutive anomalous windows"),
            new Key(RECURRING_ERROR_MIN_OCCURRENCES, 5L, "recurring_error: occurrences of one signature in the span"),
            new Key(RECURRING_ERROR_WINDOW_MS, 600_000L, "recurring_error: span"),
            new Key(FLAPPING_MIN_TRANSITIONS, 4L, "flapping_service: health transitions of one instance in the span"),
            new Key(FLAPPING_WINDOW_MS, 600_000L, "flapping_service: span"),
            new Key(TOOL_SEQUENCE_MAX_GAP_MS, 300_000L, "tool_sequence: most time between A and the B that follows it"),
            new Key(TOOL_SEQUENCE_MIN_SESSIONS, 10L, "tool_sequence: fewest sessions with A followed by B"),
            new Key(TOOL_SEQUENCE_MIN_PROBABILITY, 0.6, "tool_sequence: least P(B | A)"),
            new Key(STARTUP_REGRESSION_FACTOR, 1.5, "startup_regression: new mean startup over previous version's"),
            new Key(STARTUP_REGRESSION_MIN_STARTS, 3L, "startup_regression: fewest starts of each version"),
            new Key(CO_FAILURE_MAX_GAP_MS, 60_000L, "co_failure: most time between the two services turning unhealthy"),
            new Key(CO_FAILURE_MIN_OCCURRENCES, 3L, "co_failure: co-failures of one pair in the span"),
            new Key(CO_FAILURE_WINDOW_MS, 3_600_000L, "co_failure: span"),
            new Key(RETRY_STORM_MIN_REPEATS, 10L, "retry_storm: executions of one tool with the same input in the span"),
            new Key(RETRY_STORM_WINDOW_MS, 60_000L, "retry_storm: span"),
            new Key(CACHE_OPPORTUNITY_MIN_REPEATS, 5L,
                    "cache_opportunity: uncached executions of one input that gave the same output, in the span"),
            new Key(CACHE_OPPORTUNITY_WINDOW_MS, 600_000L, "cache_opportunity: span"));

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

    private static Key enabled(String type) {
        return new Key(enabledKey(type), Boolean.TRUE, type + ": detector switch");
    }
}
