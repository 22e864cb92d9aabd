package io.omninode.bridge.topology.performance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Value of the {@code tool-performance} window store: one tool's (or one tool × executor's)
 * executions in one tumbling window (key format: {@link PerformanceKeys}).
 *
 * @param toolName        the tool
 * @param executorService the executor, null for the per-tool window
 * @param windowStart     inclusive start (event time, epoch-aligned)
 * @param windowEnd       exclusive end
 * @param count           executions
 * @param successes       executions with {@code execution_result.status = success}
 * @param errors          the others
 * @param durationSumMs   sum of {@code execution_timeline.total_duration_ms}
 * @param queueTimeSumMs  sum of {@code execution_timeline.queue_time_ms}
 * @param maxMs           largest {@code total_duration_ms}
 * @param latencySketch   {@link LatencySketch#encode() encoded} sketch of {@code total_duration_ms}
 *                        (null while empty); together with {@code pendingLatenciesMs} it holds
 *                        every execution of the window
 * @param lateEvents      late events (of earlier, closed windows) reported with this window's
 *                        {@code intelligence.performance.window} event; set when it closed
 * @param closed          whether the window has closed and its event was emitted
 * @param pendingLatenciesMs durations recorded since {@code latencySketch} was last encoded (fewer
 *                        than {@link #ENCODE_EVERY}; empty or absent once closed): the window is
 *                        rewritten on every execution, and re-encoding the sketch each time cost
 *                        a third of the topology's CPU
 */
public record ToolWindow(
        @JsonProperty("tool_name") String toolName,
        @JsonProperty("executor_service") String executorService,
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("window_end") Instant windowEnd,
        @JsonProperty("count") long count,
        @JsonProperty("successes") long successes,
        @JsonProperty("errors") long errors,
        @JsonProperty("duration_sum_ms") double durationSumMs,
        @JsonProperty("queue_time_sum_ms") double queueTimeSumMs,
        @JsonProperty("max_ms") double maxMs,
        @JsonProperty("latency_sketch") String latencySketch,
        @JsonProperty("late_events") long lateEvents,
        @JsonProperty("closed") boolean closed,
        @JsonProperty("pending_latencies_ms") double[] pendingLatenciesMs) {

    /** The sketch is re-encoded once this many durations are pending. */
    public static final int ENCODE_EVERY = 64;
    private static final double[] NONE = new double[0];

    public ToolWindow {
        pendingLatenciesMs = pendingLatenciesMs == null ? NONE : pendingLatenciesMs;
    }

    /** A window without executions. */
    public static ToolWindow empty(String tool, String executor, Instant start, Instant end) {
        return new ToolWindow(tool, executor, start, end, 0, 0, 0, 0, 0, 0, null, 0, false, NONE);
    }

    /** The latency sketch of every execution of the window (a fresh copy). */
    public LatencySketch sketch() {
        LatencySketch sketch = LatencySketch.decode(latencySketch);
        for (double pending : pendingLatenciesMs) {
            sketch.record(pending);
        }
        return sketch;
    }

    @JsonIgnore
    public double errorRate() {
        return count == 0 ? 0 : (double) errors / count;
    }

    @JsonIgnore
    public double meanMs() {
        return count == 0 ? 0 : durationSumMs / count;
    }

    @JsonIgnore
    public double queueTimeMeanMs() {
        return count == 0 ? 0 : queueTimeSumMs / count;
    }

    /**
     * This window with one more execution. {@code sketch} is this window's {@link #sketch()} with
     * the execution's latency already recorded; it is encoded only every {@link #ENCODE_EVERY}
     * executions, in between the latency joins the pending ones.
     */
    public ToolWindow plus(boolean success, double durationMs, double queueTimeMs, LatencySketch sketch) {
        String encoded = latencySketch;
        double[] pending;
        if (pendingLatenciesMs.length + 1 >= ENCODE_EVERY || latencySketch == null) {
            encoded = sketch.encode();
            pending = NONE;
        } else {
            pending = Arrays.copyOf(pendingLatenciesMs, pendingLatenciesMs.length + 1);
            pending[pendingLatenciesMs.length] = durationMs;
        }
        return new ToolWindow(toolName, executorService, windowStart, windowEnd, count + 1,
                successes + (success ? 1 : 0), errors + (success ? 0 : 1), durationSumMs + durationMs,
                queueTimeSumMs + queueTimeMs, Math.max(maxMs, durationMs), encoded, lateEvents, closed, pending);
    }

    /** This window, closed, reporting {@code late} late events; its sketch encoded whole. */
    public ToolWindow close(long late) {
        String encoded = pendingLatenciesMs.length == 0 ? latencySketch : sketch().encode();
        return new ToolWindow(toolName, executorService, windowStart, windowEnd, count, successes, errors,
                durationSumMs, queueTimeSumMs, maxMs, encoded, late, true, NONE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ToolWindow w && count == w.count && successes == w.successes && errors == w.errors
                && Double.compare(durationSumMs, w.durationSumMs) == 0
                && Double.compare(queueTimeSumMs, w.queueTimeSumMs) == 0 && Double.compare(maxMs, w.maxMs) == 0
                && lateEvents == w.lateEvents && closed == w.closed && Objects.equals(toolName, w.toolName)
                && Objects.equals(executorService, w.executorService) && Objects.equals(windowStart, w.windowStart)
                && Objects.equals(windowEnd, w.windowEnd) && Objects.equals(latencySketch, w.latencySketch)
                && Arrays.equals(pendingLatenciesMs, w.pendingLatenciesMs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(toolName, executorService, windowStart, count, latencySketch)
                + 31 * Arrays.hashCode(pendingLatenciesMs);
    }

    @Override
    public String toString() {
        return "ToolWindow[" + toolName + "/" + executorService + " " + windowStart + " count=" + count
                + " pending=" + pendingLatenciesMs.length + " closed=" + closed + "]";
    }
}
