package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.WindowShare;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An open window of one tool held in memory: the running totals and sketch of all its executions
 * and of each executor's share. {@link #snapshot} encodes it into the stored {@link ToolWindow}.
 */
final class OpenWindow {

    final String tool;
    final long start;
    final long end;
    private final Share total = new Share(null);
    private final Map<String, Share> executors = new TreeMap<>();

    OpenWindow(String tool, long start, long end) {
        this.tool = tool;
        this.start = start;
        this.end = end;
    }

    /** The window as stored, for a restart or a restore. */
    static OpenWindow of(ToolWindow stored) {
        OpenWindow window = new OpenWindow(stored.toolName(), stored.windowStart().toEpochMilli(),
                stored.windowEnd().toEpochMilli());
        window.total.load(stored.total());
        for (WindowShare share : stored.executors()) {
            Share s = new Share(share.executorService());
            s.load(share);
            window.executors.put(share.executorService(), s);
        }
        return window;
    }

    void add(ToolExecution e) {
        boolean success = e.success();
        total.add(success, e.durationMs(), e.queueTimeMs());
        if (e.executor() != null) {
            executors.computeIfAbsent(e.executor(), Share::new).add(success, e.durationMs(), e.queueTimeMs());
        }
    }

    ToolWindow snapshot(long lateEvents, boolean closed) {
        List<WindowShare> shares = new ArrayList<>(executors.size());
        executors.values().forEach(s -> shares.add(s.snapshot()));
        return new ToolWindow(tool, null, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), total.snapshot(),
                shares, lateEvents, closed);
    }

    /** Running counters and sketch of a window's executions (all, or one executor's). */
    private static final class Share {
        private final String executor;
        private long count;
        private long successes;
        private long errors;
        private double durationSum;
        private double queueSum;
        private double max;
        private LatencySketch sketch = new LatencySketch();

        Share(String executor) {
            this.executor = executor;
        }

        void add(boolean success, double durationMs, double queueTimeMs) {
            count++;
            if (success) {
                successes++;
            } else {
                errors++;
            }
            durationSum += durationMs;
            queueSum += queueTimeMs;
            max = Math.max(max, durationMs);
            sketch.record(durationMs);
        }

        void load(WindowShare stored) {
            count = stored.count();
            successes = stored.successes();
            errors = stored.errors();
            durationSum = stored.durationSumMs();
            queueSum = stored.queueTimeSumMs();
            max = stored.maxMs();
            sketch = stored.latencySketch();
        }

        WindowShare snapshot() {
            return new WindowShare(executor, count, successes, errors, durationSum, queueSum, max, sketch.toBytes());
        }
    }
}
