package io.omninode.bridge.topology.internal.performance;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Value of {@code tool-performance-history} (key: the tool): what the window logic keeps per tool
 * between windows. Mutable: the {@link PerformanceProcessor} keeps one per tool in memory and
 * writes it once per commit.
 *
 * <ul>
 *   <li>{@code openStarts}: windows (epoch ms of their start) with executions that have not closed;</li>
 *   <li>{@code closedThrough}: end of the newest closed window, {@link #NONE} before the first; an
 *       execution of a window ending at or before it is late;</li>
 *   <li>{@code maxEventTime}: the tool's own event time (its newest execution's timestamp), which
 *       closes its windows at end + grace;</li>
 *   <li>{@code recent}: summaries of the latest closed windows, oldest first (≤ {@link #MAX_RECENT});</li>
 *   <li>{@code executorP95}: per executor, the p95 of its share of the latest closed windows;</li>
 *   <li>{@code pendingLate} / {@code lateTotal}: late executions not yet reported / ever.</li>
 * </ul>
 */
final class ToolHistory {

    /** Bound of {@code recent} and of each executor's p95 list: the baseline looks back at most this far. */
    static final int MAX_RECENT = 60;
    static final long NONE = Long.MIN_VALUE;

    /** One executor's p95 in one closed window. */
    record ExecutorP95(long windowStart, double p95) {
    }

    final TreeSet<Long> openStarts = new TreeSet<>();
    long closedThrough = NONE;
    long maxEventTime = NONE;
    final Deque<WindowSummary> recent = new ArrayDeque<>();
    final Map<String, Deque<ExecutorP95>> executorP95 = new TreeMap<>();
    long pendingLate;
    long lateTotal;

    void late() {
        pendingLate++;
        lateTotal++;
    }

    /** Records that the window starting at {@code start} closed with {@code summary} and these executor p95s. */
    void closed(long start, long end, WindowSummary summary, Map<String, Double> executors) {
        openStarts.remove(start);
        recent.addLast(summary);
        while (recent.size() > MAX_RECENT) {
            recent.removeFirst();
        }
        executors.forEach((executor, p95) -> addExecutorP95(executor, start, p95));
        closedThrough = Math.max(closedThrough, end);
        pendingLate = 0;
    }

    void addExecutorP95(String executor, long start, double p95) {
        Deque<ExecutorP95> list = executorP95.computeIfAbsent(executor, e -> new ArrayDeque<>());
        list.addLast(new ExecutorP95(start, p95));
        while (list.size() > MAX_RECENT) {
            list.removeFirst();
        }
    }

    /**
     * The last {@code limit} closed windows before {@code before} that were not anomalous — the
     * baseline: a regression does not become its own baseline, so it stays visible while it lasts.
     */
    List<WindowSummary> normalBefore(Instant before, int limit) {
        List<WindowSummary> earlier = recent.stream()
                .filter(s -> s.windowStart().isBefore(before) && !s.anomalous()).toList();
        return earlier.subList(Math.max(0, earlier.size() - limit), earlier.size());
    }

    /** Median p95 of {@code executor}'s last {@code limit} windows before {@code before}; NaN without any. */
    double executorBaseline(String executor, long before, int limit) {
        Deque<ExecutorP95> list = executorP95.get(executor);
        if (list == null) {
            return Double.NaN;
        }
        List<ExecutorP95> earlier = new ArrayList<>();
        for (ExecutorP95 p : list) {
            if (p.windowStart() < before) {
                earlier.add(p);
            }
        }
        List<ExecutorP95> last = earlier.subList(Math.max(0, earlier.size() - limit), earlier.size());
        double[] values = last.stream().mapToDouble(ExecutorP95::p95).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
