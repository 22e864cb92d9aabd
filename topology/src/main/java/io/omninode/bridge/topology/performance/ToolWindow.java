package io.omninode.bridge.topology.performance;

import java.time.Instant;
import java.util.List;

/**
 * Value of the {@code tool-performance} window store (key: the tool): one tool's executions in one
 * tumbling window, in total and per executor service. Open windows are written once per commit,
 * closed ones once when they close ({@code closed} true, {@code lateEvents} set).
 *
 * @param toolName        the tool
 * @param executorService null for a stored window; set on the per-executor views of {@link #forExecutor}
 * @param windowStart     inclusive start (event time, epoch-aligned)
 * @param windowEnd       exclusive end
 * @param total           all executions of the window
 * @param executors       each executor service's share, sorted by executor (executions naming none
 *                        count only in {@code total})
 * @param lateEvents      late events (of earlier, closed windows) reported with this window's
 *                        {@code intelligence.performance.window} event; set when it closed
 * @param closed          whether the window has closed and its event was emitted
 */
public record ToolWindow(String toolName, String executorService, Instant windowStart, Instant windowEnd,
                         WindowShare total, List<WindowShare> executors, long lateEvents, boolean closed) {

    public ToolWindow {
        executors = executors == null ? List.of() : List.copyOf(executors);
    }

    /** The view of one executor's share as a window of its own (no executors, no late events). */
    public ToolWindow forExecutor(WindowShare share) {
        return new ToolWindow(toolName, share.executorService(), windowStart, windowEnd, share, List.of(), 0, closed);
    }

    public long count() {
        return total.count();
    }

    public long successes() {
        return total.successes();
    }

    public long errors() {
        return total.errors();
    }

    public double maxMs() {
        return total.maxMs();
    }

    /** The latency sketch of every execution of the window (a fresh copy). */
    public LatencySketch sketch() {
        return total.latencySketch();
    }

    public double errorRate() {
        return total.errorRate();
    }

    public double meanMs() {
        return total.meanMs();
    }

    public double queueTimeMeanMs() {
        return total.queueTimeMeanMs();
    }
}
