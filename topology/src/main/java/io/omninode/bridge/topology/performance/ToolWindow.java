package io.omninode.bridge.topology.performance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

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
 * @param lateEvents      late events (of earlier, closed windows) reported with this window's
 *                        {@code intelligence.performance.window} event; set when it closed
 * @param closed          whether the window has closed and its event was emitted
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
        @JsonProperty("closed") boolean closed) {

    /** A window without executions. */
    public static ToolWindow empty(String tool, String executor, Instant start, Instant end) {
        return new ToolWindow(tool, executor, start, end, 0, 0, 0, 0, 0, 0, null, 0, false);
    }

    /** The decoded latency sketch (a fresh copy). */
    public LatencySketch sketch() {
        return LatencySketch.decode(latencySketch);
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

    /** This window with one more execution; {@code sketch} already holds its latency. */
    public ToolWindow plus(boolean success, double durationMs, double queueTimeMs, LatencySketch sketch) {
        return new ToolWindow(toolName, executorService, windowStart, windowEnd, count + 1,
                successes + (success ? 1 : 0), errors + (success ? 0 : 1), durationSumMs + durationMs,
                queueTimeSumMs + queueTimeMs, Math.max(maxMs, durationMs), sketch.encode(), lateEvents, closed);
    }

    /** This window, closed, reporting {@code late} late events. */
    public ToolWindow close(long late) {
        return new ToolWindow(toolName, executorService, windowStart, windowEnd, count, successes, errors,
                durationSumMs, queueTimeSumMs, maxMs, latencySketch, late, true);
    }
}
