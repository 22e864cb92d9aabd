package io.omninode.bridge.topology.performance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Value of {@code tool-performance-history} (same keys as {@code tool-performance}): what the
 * window-closing logic keeps per key between windows.
 *
 * @param openWindowStarts windows (epoch ms of their start) with executions that have not closed yet
 * @param closedThrough    end of the newest closed window; events before it are late
 * @param recent           summaries of the latest closed windows, oldest first, at most {@link #MAX_RECENT}
 * @param pendingLate      late events not yet reported in a window event (per-tool key only)
 * @param lateTotal        every late event ever counted for this key (per-tool key only)
 */
public record ToolWindowHistory(
        @JsonProperty("open_window_starts") List<Long> openWindowStarts,
        @JsonProperty("closed_through") Instant closedThrough,
        @JsonProperty("recent") List<WindowSummary> recent,
        @JsonProperty("pending_late") long pendingLate,
        @JsonProperty("late_total") long lateTotal) {

    /** Bound of {@link #recent}: the baseline can look back at most this many windows. */
    public static final int MAX_RECENT = 60;

    public static final ToolWindowHistory EMPTY = new ToolWindowHistory(List.of(), null, List.of(), 0, 0);

    public ToolWindowHistory {
        openWindowStarts = openWindowStarts == null ? List.of() : List.copyOf(openWindowStarts);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    /**
     * One closed window.
     *
     * @param windowStart      its start
     * @param count            executions
     * @param errorRate        errors / count
     * @param p95              95th percentile of {@code total_duration_ms}
     * @param queueTimeMeanMs  mean {@code queue_time_ms}
     * @param anomalous        whether it was reported as a latency anomaly
     */
    public record WindowSummary(
            @JsonProperty("window_start") Instant windowStart,
            @JsonProperty("count") long count,
            @JsonProperty("error_rate") double errorRate,
            @JsonProperty("p95") double p95,
            @JsonProperty("queue_time_mean_ms") double queueTimeMeanMs,
            @JsonProperty("anomalous") boolean anomalous) {
    }

    public ToolWindowHistory opened(long windowStart) {
        if (openWindowStarts.contains(windowStart)) {
            return this;
        }
        List<Long> open = new ArrayList<>(openWindowStarts);
        open.add(windowStart);
        open.sort(null);
        return new ToolWindowHistory(open, closedThrough, recent, pendingLate, lateTotal);
    }

    public ToolWindowHistory late() {
        return new ToolWindowHistory(openWindowStarts, closedThrough, recent, pendingLate + 1, lateTotal + 1);
    }

    /**
     * This history after the window starting at {@code windowStart} closed (its late events
     * reported); {@code summary} null when there was nothing to summarise.
     */
    public ToolWindowHistory closed(long windowStart, Instant windowEnd, WindowSummary summary) {
        List<Long> open = new ArrayList<>(openWindowStarts);
        open.remove(Long.valueOf(windowStart));
        List<WindowSummary> kept = new ArrayList<>(recent);
        if (summary != null) {
            kept.add(summary);
        }
        if (kept.size() > MAX_RECENT) {
            kept = kept.subList(kept.size() - MAX_RECENT, kept.size());
        }
        Instant through = closedThrough == null || windowEnd.isAfter(closedThrough) ? windowEnd : closedThrough;
        return new ToolWindowHistory(open, through, kept, 0, lateTotal);
    }

    /** The newest {@code limit} summaries of windows that started before {@code before}, oldest first. */
    /**
     * The last {@code limit} closed windows before {@code before} that were not anomalous — the
     * baseline: a regression does not become its own baseline, so it stays visible while it lasts.
     */
    public List<WindowSummary> normalBefore(Instant before, int limit) {
        List<WindowSummary> earlier = recent.stream()
                .filter(s -> s.windowStart().isBefore(before) && !s.anomalous()).toList();
        return earlier.subList(Math.max(0, earlier.size() - limit), earlier.size());
    }

    public List<WindowSummary> before(Instant before, int limit) {
        List<WindowSummary> earlier = recent.stream().filter(s -> s.windowStart().isBefore(before)).toList();
        return earlier.subList(Math.max(0, earlier.size() - limit), earlier.size());
    }
}
