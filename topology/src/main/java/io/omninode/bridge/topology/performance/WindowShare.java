package io.omninode.bridge.topology.performance;

import java.util.Arrays;
import java.util.Objects;

/**
 * The executions of one tool window, all of them or one executor service's share.
 *
 * @param executorService the executor, null for the whole window
 * @param count           executions
 * @param successes       executions with {@code execution_result.status = success}
 * @param errors          the others
 * @param durationSumMs   sum of {@code execution_timeline.total_duration_ms}
 * @param queueTimeSumMs  sum of {@code execution_timeline.queue_time_ms}
 * @param maxMs           largest {@code total_duration_ms}
 * @param sketch          {@link LatencySketch#toBytes() encoded} sketch of {@code total_duration_ms}
 */
public record WindowShare(String executorService, long count, long successes, long errors, double durationSumMs,
                          double queueTimeSumMs, double maxMs, byte[] sketch) {

    /** The latency sketch (a fresh copy). */
    public LatencySketch latencySketch() {
        return LatencySketch.fromBytes(sketch);
    }

    public double errorRate() {
        return count == 0 ? 0 : (double) errors / count;
    }

    public double meanMs() {
        return count == 0 ? 0 : durationSumMs / count;
    }

    public double queueTimeMeanMs() {
        return count == 0 ? 0 : queueTimeSumMs / count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WindowShare s && count == s.count && successes == s.successes && errors == s.errors
                && Double.compare(durationSumMs, s.durationSumMs) == 0
                && Double.compare(queueTimeSumMs, s.queueTimeSumMs) == 0 && Double.compare(maxMs, s.maxMs) == 0
                && Objects.equals(executorService, s.executorService)
                && Arrays.equals(sketch, s.sketch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(executorService, count, errors) + 31 * Arrays.hashCode(sketch);
    }

    @Override
    public String toString() {
        return "WindowShare[" + executorService + " count=" + count + " errors=" + errors + "]";
    }
}
