package io.omninode.bridge.topology.internal.performance;

import java.time.Instant;

/**
 * One closed per-tool window, as the baseline reads it.
 *
 * @param windowStart     its start
 * @param count           executions
 * @param errorRate       errors / count
 * @param p95             95th percentile of {@code total_duration_ms}
 * @param queueTimeMeanMs mean {@code queue_time_ms}
 * @param anomalous       whether it was reported as a latency anomaly
 */
record WindowSummary(Instant windowStart, long count, double errorRate, double p95, double queueTimeMeanMs,
                     boolean anomalous) {
}
