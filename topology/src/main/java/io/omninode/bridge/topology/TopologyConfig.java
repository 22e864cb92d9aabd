package io.omninode.bridge.topology;

import io.omninode.bridge.schemas.ConfigKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the topology's derivations (DESIGN.md §6). {@link #DEFAULTS} holds the documented
 * defaults; the record is immutable, so a topology built from it never changes behaviour.
 *
 * @param defaultTtl            heartbeat TTL of an instance whose events carry no {@code ttl_seconds}
 *                              (whole seconds, like {@code ttl_seconds})
 * @param removalFactor         an instance unhealthy by expiry (or stopped) for
 *                              {@code removalFactor × ttl} is removed from the registry
 * @param punctuationInterval   how often (wall clock) heartbeat deadlines are checked; expiry is
 *                              detected within this interval of {@code last_heartbeat + ttl}
 * @param transitionsPerService how many derived transitions {@code health-transitions} keeps per
 *                              service (newest first)
 * @param errorRateWindow       length of the tumbling (event-time) window over which an executor
 *                              service's tool error rate is measured
 * @param errorRateMinRuns      fewest tool runs in a window before its error rate counts
 * @param errorRateThreshold    error rate (0–1] at or above which the executor's healthy instances
 *                              become degraded, once per window
 * @param performanceWindow     size of the tumbling (event-time, epoch-aligned) performance windows of
 *                              {@code tool-performance}; fixed at build time (the grace is live, see
 *                              {@link ConfigKeys#WINDOW_GRACE_MS})
 * @param performanceRetention  how long closed windows stay queryable in {@code tool-performance}
 */
public record TopologyConfig(Duration defaultTtl, int removalFactor, Duration punctuationInterval,
                             int transitionsPerService, Duration errorRateWindow, int errorRateMinRuns,
                             double errorRateThreshold, Duration performanceWindow,
                             Duration performanceRetention) {

    /**
     * 60 s TTL, removal after 10 × TTL, 1 s punctuation, 100 transitions, 50 % over ≥ 20 runs per 60 s,
     * 60 s performance windows kept for 24 h.
     */
    public static final TopologyConfig DEFAULTS = new TopologyConfig(Duration.ofSeconds(60),
            ConfigKeys.DEFAULT_REMOVAL_FACTOR, Duration.ofSeconds(1), 100, Duration.ofSeconds(60),
            ConfigKeys.DEFAULT_ERROR_RATE_MIN_RUNS, ConfigKeys.DEFAULT_ERROR_RATE_THRESHOLD, Duration.ofSeconds(60),
            Duration.ofHours(24));

    public TopologyConfig {
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(punctuationInterval, "punctuationInterval");
        Objects.requireNonNull(errorRateWindow, "errorRateWindow");
        if (defaultTtl.toSeconds() < 1 || defaultTtl.toNanosPart() != 0) {
            throw new IllegalArgumentException("defaultTtl must be a positive number of whole seconds");
        }
        requirePositive(punctuationInterval, "punctuationInterval");
        requirePositive(errorRateWindow, "errorRateWindow");
        Objects.requireNonNull(performanceWindow, "performanceWindow");
        Objects.requireNonNull(performanceRetention, "performanceRetention");
        requirePositive(performanceWindow, "performanceWindow");
        if (performanceRetention.compareTo(performanceWindow) < 0) {
            throw new IllegalArgumentException("performanceRetention must be at least performanceWindow");
        }
        if (removalFactor < 1) {
            throw new IllegalArgumentException("removalFactor must be at least 1");
        }
        if (transitionsPerService < 1) {
            throw new IllegalArgumentException("transitionsPerService must be at least 1");
        }
        if (errorRateMinRuns < 1) {
            throw new IllegalArgumentException("errorRateMinRuns must be at least 1");
        }
        if (!(errorRateThreshold > 0 && errorRateThreshold <= 1)) {
            throw new IllegalArgumentException("errorRateThreshold must be in (0, 1]");
        }
    }

    /** The health thresholds with the default performance windows. */
    public TopologyConfig(Duration defaultTtl, int removalFactor, Duration punctuationInterval,
                          int transitionsPerService, Duration errorRateWindow, int errorRateMinRuns,
                          double errorRateThreshold) {
        this(defaultTtl, removalFactor, punctuationInterval, transitionsPerService, errorRateWindow, errorRateMinRuns,
                errorRateThreshold, Duration.ofSeconds(60), Duration.ofHours(24));
    }

    /** This config with other performance windows. */
    public TopologyConfig withPerformanceWindow(Duration window, Duration retention) {
        return new TopologyConfig(defaultTtl, removalFactor, punctuationInterval, transitionsPerService,
                errorRateWindow, errorRateMinRuns, errorRateThreshold, window, retention);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
