package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.EnvelopeHeaders;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.WallClockTicks;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.internal.performance.AnomalyRules.Anomaly;
import io.omninode.bridge.topology.performance.PerformanceKeys;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.WindowShare;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Tumbling performance windows per tool, each holding its per-executor breakdown (keyed by tool,
 * so a tool's windows live on its partition). On close a window emits, exactly once: one
 * {@code intelligence.performance.window} per executor share, the tool's anomaly (if any), then the
 * tool's window event.
 *
 * <p><b>Memory, then the store once per commit.</b> Open windows and each tool's
 * {@link ToolHistory} are objects in memory; an execution only adds to counters and two sketches.
 * The {@link CommitHook} writes what changed since the last commit to {@code tool-performance} and
 * {@code tool-performance-history} (both uncached and changelogged) right before Streams commits
 * the task, so the changelog records, the input offsets and the emitted events are in one
 * transaction: after a crash (kill -9) the task restores exactly the committed state and re-reads
 * exactly the records after it, and neither loses nor counts twice any execution
 * ({@code PerformanceCrashIntegrationTest}). A closed window is written when it closes.
 *
 * <p><b>Time (DESIGN.md §6).</b> A tool's windows are judged by that tool's own event time (its
 * newest execution's timestamp), never by other tools or topics: a window closes once the tool's
 * event time passes its end + grace, so a backlog or a replay closes each window after exactly the
 * same executions as live traffic did, and an execution is late only when its window has already
 * closed. The wall clock closes the windows of tools that get no further input — only while the
 * task is caught up ({@link CatchUp}: its newest record arrived within half the grace of its
 * timestamp, or after a backlog no record has come for {@link CatchUp#BACKLOG_IDLE_MS}), so a
 * backlog being read is never cut short by it.
 */
final class PerformanceProcessor implements Processor<String, ToolExecution, String, Envelope> {


    private final long sizeMs;
    private final Duration punctuationInterval;
    private final LiveConfig config;

    private final Map<String, ToolHistory> histories = new HashMap<>();
    private final Map<String, TreeMap<Long, OpenWindow>> open = new HashMap<>();
    private final Set<OpenWindow> dirtyWindows = new LinkedHashSet<>();
    private final Set<String> dirtyHistories = new LinkedHashSet<>();

    private ProcessorContext<String, Envelope> context;
    private WindowStore<String, ToolWindow> windowStore;
    private KeyValueStore<String, ToolHistory> historyStore;
    private LateEventsMetric lateMetric;
    private CatchUp catchUp;

    PerformanceProcessor(Duration windowSize, Duration punctuationInterval, LiveConfig config) {
        this.sizeMs = windowSize.toMillis();
        this.punctuationInterval = punctuationInterval;
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
        this.windowStore = context.getStateStore(StoreNames.TOOL_PERFORMANCE);
        this.historyStore = context.getStateStore(StoreNames.TOOL_PERFORMANCE_HISTORY);
        this.lateMetric = LateEventsMetric.register(context);
        CommitHook hook = context.getStateStore(StoreNames.TOOL_PERFORMANCE_COMMIT_HOOK);
        hook.onCommit(this::flush);
        load();
        WallClockTicks.every(context, punctuationInterval, this::closeByWallClock);
        catchUp = new CatchUp(context.currentSystemTimeMs(), config.inputs());
    }

    /** Reads every tool's history and open windows into memory; migrates per-executor keys of earlier versions. */
    private void load() {
        Map<String, ToolHistory> legacyExecutors = new LinkedHashMap<>();
        try (KeyValueIterator<String, ToolHistory> all = historyStore.all()) {
            all.forEachRemaining(kv -> {
                if (PerformanceKeys.isLegacyExecutorKey(kv.key)) {
                    legacyExecutors.put(kv.key, kv.value);
                } else {
                    histories.put(kv.key, kv.value);
                }
            });
        }
        legacyExecutors.forEach((key, legacy) -> {
            int at = key.indexOf(PerformanceKeys.LEGACY_SEPARATOR);
            ToolHistory tool = histories.computeIfAbsent(key.substring(0, at), t -> new ToolHistory());
            legacy.recent.forEach(s -> tool.addExecutorP95(key.substring(at + 1), s.windowStart().toEpochMilli(),
                    s.p95()));
            historyStore.delete(key);
            dirtyHistories.add(key.substring(0, at));
        });
        histories.forEach((tool, history) -> {
            for (Long start : List.copyOf(history.openStarts)) {
                ToolWindow stored = windowStore.fetch(tool, start);
                if (stored != null && !stored.closed()) {
                    open.computeIfAbsent(tool, t -> new TreeMap<>()).put(start, OpenWindow.of(stored));
                } else {
                    // expired (retention) or closed before: nothing left to report
                    history.openStarts.remove(start);
                    dirtyHistories.add(tool);
                }
            }
        });
    }

    @Override
    public void process(Record<String, ToolExecution> record) {
        ToolExecution execution = record.value();
        if (execution == null || execution.tool() == null) {
            return;
        }
        catchUp.record(context.currentSystemTimeMs(), record.timestamp());
        String tool = execution.tool();
        long t = record.timestamp();
        long start = t - Math.floorMod(t, sizeMs);
        ToolHistory history = histories.computeIfAbsent(tool, k -> new ToolHistory());
        dirtyHistories.add(tool);
        if (history.closedThrough != ToolHistory.NONE && start + sizeMs <= history.closedThrough) {
            history.late();
            lateMetric.record();
            return;
        }
        OpenWindow window = open.computeIfAbsent(tool, k -> new TreeMap<>())
                .computeIfAbsent(start, s -> new OpenWindow(tool, s, s + sizeMs));
        history.openStarts.add(start);
        window.add(execution);
        dirtyWindows.add(window);
        if (t > history.maxEventTime) {
            history.maxEventTime = t;
            closeDue(tool, t);
        }
    }

    /** Closes the windows of {@code tool} whose end + grace is at or before {@code now}, oldest first. */
    private void closeDue(String tool, long now) {
        TreeMap<Long, OpenWindow> windows = open.get(tool);
        long grace = grace();
        while (windows != null && !windows.isEmpty() && windows.firstEntry().getValue().end + grace <= now) {
            close(windows.pollFirstEntry().getValue(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        }
    }

    /** Closes, across tools, what no further input will close (see the class comment for when). */
    private void closeByWallClock(long wallClockMs) {
        long grace = grace();
        if (!catchUp.caughtUp(wallClockMs, grace / 2)) {
            return;
        }
        List<KeyValue<String, OpenWindow>> due = new ArrayList<>();
        open.forEach((tool, windows) -> windows.values().stream()
                .filter(w -> w.end + grace <= wallClockMs)
                .forEach(w -> due.add(KeyValue.pair(tool, w))));
        due.sort(Comparator.<KeyValue<String, OpenWindow>>comparingLong(kv -> kv.value.start)
                .thenComparing(kv -> kv.key));
        Instant at = Instant.ofEpochMilli(wallClockMs).truncatedTo(ChronoUnit.MILLIS);
        for (KeyValue<String, OpenWindow> entry : due) {
            open.get(entry.key).remove(entry.value.start);
            close(entry.value, at);
        }
    }

    private void close(OpenWindow open, Instant at) {
        ToolHistory history = histories.get(open.tool);
        ToolWindow window = open.snapshot(history.pendingLate, true);
        WindowStats stats = WindowStats.of(window);
        int baselineWindows = (int) Math.max(1, config.integer(ConfigKeys.BASELINE_WINDOWS));
        List<ExecutorEvidence> evidence = new ArrayList<>();
        Map<String, Double> executorP95 = new TreeMap<>();
        Map<WindowShare, WindowStats> shareStats = new LinkedHashMap<>();
        for (WindowShare share : window.executors()) {
            WindowStats s = WindowStats.of(window.forExecutor(share));
            shareStats.put(share, s);
            executorP95.put(share.executorService(), s.p95());
            if (share.count() > 0) {
                evidence.add(new ExecutorEvidence(share.executorService(), share.count(), s.p95(),
                        history.executorBaseline(share.executorService(), open.start, baselineWindows)));
            }
        }
        Anomaly anomaly = AnomalyRules.check(config, window, stats, history, evidence);
        history.closed(open.start, open.end, new WindowSummary(window.windowStart(), window.count(),
                window.errorRate(), stats.p95(), window.queueTimeMeanMs(), anomaly != null), executorP95);
        windowStore.put(open.tool, window, open.start);
        dirtyWindows.remove(open);
        dirtyHistories.add(open.tool);
        // the event time of a window's events is its end: the same whether it closed live or in a backlog
        long timestamp = open.end;
        shareStats.forEach((share, s) ->
                forward(open.tool, PerformanceEvents.window(window.forExecutor(share), s, sizeMs, 0, at), timestamp));
        if (anomaly != null) {
            forward(open.tool, PerformanceEvents.anomaly(window, stats, anomaly, at), timestamp);
        }
        forward(open.tool, PerformanceEvents.window(window, stats, sizeMs, window.lateEvents(), at), timestamp);
    }

    /** Writes what changed since the last commit (called by the {@link CommitHook}). */
    private void flush() {
        for (OpenWindow window : dirtyWindows) {
            windowStore.put(window.tool, window.snapshot(0, false), window.start);
        }
        dirtyWindows.clear();
        for (String tool : dirtyHistories) {
            ToolHistory history = histories.get(tool);
            if (history != null) {
                historyStore.put(tool, history);
            }
        }
        dirtyHistories.clear();
    }

    private void forward(String tool, Envelope event, long timestamp) {
        context.forward(new Record<>(tool, event, timestamp, EnvelopeHeaders.of(event)));
    }

    private long grace() {
        return Math.max(0, config.integer(ConfigKeys.WINDOW_GRACE_MS));
    }
}
