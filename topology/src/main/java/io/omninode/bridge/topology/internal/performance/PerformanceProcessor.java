package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.topology.ConfigKeys;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.internal.EnvelopeHeaders;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.performance.AnomalyRules.Anomaly;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.PerformanceKeys;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.ToolWindowHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Tumbling performance windows per tool and per tool × executor (keyed by tool, so both live on
 * the tool's partition). Each execution is added to {@code tool-performance}; a wall-clock
 * punctuation (every {@code punctuationInterval}) closes every window whose end + grace has passed
 * (wall clock or stream time, whichever is later) and emits, per window, exactly once: for a
 * per-tool window first the anomaly (if any), then the window event. Executor windows of the same
 * period close before their tool's, so the root cause sees them.
 *
 * <p>An execution is late when its window ended at or before the newest closed window of its
 * tool, or its end + grace is at or before stream time; it is not aggregated but counted per
 * tool ({@link ToolWindowHistory#lateTotal()}), reported in the tool's next window event
 * ({@code late_events}) and in the {@link LateEventsMetric}.
 */
final class PerformanceProcessor implements Processor<String, Envelope, String, Envelope> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final long sizeMs;
    private final Duration punctuationInterval;
    /** Decoded sketches of open windows, valid while their count matches the store's. */
    private final Map<String, CachedSketch> sketches = new HashMap<>();

    private ProcessorContext<String, Envelope> context;
    private WindowStore<String, ToolWindow> windows;
    private KeyValueStore<String, ToolWindowHistory> histories;
    private LiveConfig config;
    private LateEventsMetric lateMetric;

    PerformanceProcessor(Duration windowSize, Duration punctuationInterval) {
        this.sizeMs = windowSize.toMillis();
        this.punctuationInterval = punctuationInterval;
    }

    private record CachedSketch(long count, LatencySketch sketch) {
    }

    /** How long no record may have arrived before the wall clock (rather than stream time) closes windows. */
    static final long IDLE_BEFORE_WALL_CLOCK_CLOSE_MS = 1_000;
    /**
     * After (re)assignment, how long the wall clock waits for a first record before closing windows
     * on its own: the backlog of a restart must be read first, and its first records may take a
     * few seconds (fetching, transaction markers) to arrive.
     */
    static final long WAIT_FOR_FIRST_RECORD_MS = 30_000;
    private long lastRecordWallClockMs;
    private boolean recordSinceInit;

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
        this.windows = context.getStateStore(StoreNames.TOOL_PERFORMANCE);
        this.histories = context.getStateStore(StoreNames.TOOL_PERFORMANCE_HISTORY);
        this.config = LiveConfig.of(context);
        this.lateMetric = LateEventsMetric.register(context);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::closeDue);
        lastRecordWallClockMs = context.currentSystemTimeMs();
    }

    @Override
    public void process(Record<String, Envelope> record) {
        lastRecordWallClockMs = context.currentSystemTimeMs();
        recordSinceInit = true;
        Execution execution = Execution.of(record.key(), record.value());
        if (execution == null) {
            return;
        }
        long start = record.timestamp() - Math.floorMod(record.timestamp(), sizeMs);
        String toolKey = PerformanceKeys.of(execution.tool());
        ToolWindowHistory toolHistory = history(toolKey);
        if (isLate(start + sizeMs, toolHistory)) {
            histories.put(toolKey, toolHistory.late());
            lateMetric.record();
            return;
        }
        add(toolKey, toolHistory, execution, null, start);
        if (execution.executor() != null) {
            String executorKey = PerformanceKeys.of(execution.tool(), execution.executor());
            add(executorKey, history(executorKey), execution, execution.executor(), start);
        }
    }

    private boolean isLate(long end, ToolWindowHistory toolHistory) {
        Instant closedThrough = toolHistory.closedThrough();
        return closedThrough != null && end <= closedThrough.toEpochMilli()
                || end + grace() <= context.currentStreamTimeMs();
    }

    private void add(String key, ToolWindowHistory history, Execution execution, String executor, long start) {
        ToolWindowHistory opened = history.opened(start);
        if (opened != history) {
            histories.put(key, opened);
        }
        ToolWindow window = windows.fetch(key, start);
        if (window == null) {
            window = ToolWindow.empty(execution.tool(), executor, Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(start + sizeMs));
        }
        String cacheKey = key + '@' + start;
        CachedSketch cached = sketches.get(cacheKey);
        LatencySketch sketch = cached != null && cached.count() == window.count() ? cached.sketch() : window.sketch();
        sketch.record(execution.durationMs());
        ToolWindow next = window.plus(execution.success(), execution.durationMs(), execution.queueTimeMs(), sketch);
        windows.put(key, next, start);
        sketches.put(cacheKey, new CachedSketch(next.count(), sketch));
    }

    /**
     * Closes due windows. While records are flowing, stream time decides (after a restart the
     * backlog of a closed-down period must land in its windows, not count as late); once the task
     * has been idle for {@link #IDLE_BEFORE_WALL_CLOCK_CLOSE_MS} — or, right after assignment,
     * has seen no record for {@link #WAIT_FOR_FIRST_RECORD_MS} — the wall clock closes windows
     * that no later event will close.
     */
    private void closeDue(long wallClockMs) {
        boolean idle = wallClockMs - lastRecordWallClockMs
                >= (recordSinceInit ? IDLE_BEFORE_WALL_CLOCK_CLOSE_MS : WAIT_FOR_FIRST_RECORD_MS);
        long now = idle ? Math.max(wallClockMs, context.currentStreamTimeMs()) : context.currentStreamTimeMs();
        long grace = grace();
        List<KeyValue<String, Long>> due = new ArrayList<>();
        try (KeyValueIterator<String, ToolWindowHistory> all = histories.all()) {
            all.forEachRemaining(entry -> entry.value.openWindowStarts().stream()
                    .filter(start -> start + sizeMs + grace <= now)
                    .forEach(start -> due.add(KeyValue.pair(entry.key, start))));
        }
        // per period, executor windows first: the tool's root cause reads them
        due.sort(Comparator.<KeyValue<String, Long>>comparingLong(kv -> kv.value)
                .thenComparing(kv -> !PerformanceKeys.isPerExecutor(kv.key))
                .thenComparing(kv -> kv.key));
        Instant at = Instant.ofEpochMilli(wallClockMs).truncatedTo(ChronoUnit.MILLIS);
        for (KeyValue<String, Long> window : due) {
            close(window.key, window.value, at, wallClockMs);
        }
    }

    private void close(String key, long start, Instant at, long timestamp) {
        ToolWindowHistory history = history(key);
        ToolWindow window = windows.fetch(key, start);
        sketches.remove(key + '@' + start);
        Instant end = Instant.ofEpochMilli(start + sizeMs);
        if (window == null) {
            // expired from the store (retention) before it could close: nothing left to report
            histories.put(key, history.closed(start, end, null));
            return;
        }
        boolean perTool = !PerformanceKeys.isPerExecutor(key);
        long late = perTool ? history.pendingLate() : 0;
        WindowStats stats = WindowStats.of(window);
        Anomaly anomaly = perTool ? AnomalyRules.check(config, window, stats, history, executors(window, start)) : null;
        windows.put(key, window.close(late), start);
        histories.put(key, history.closed(start, end, new ToolWindowHistory.WindowSummary(window.windowStart(),
                window.count(), window.errorRate(), stats.p95(), window.queueTimeMeanMs(), anomaly != null)));
        if (anomaly != null) {
            forward(window.toolName(), PerformanceEvents.anomaly(window, stats, anomaly, at), timestamp);
        }
        forward(window.toolName(), PerformanceEvents.window(window, stats, sizeMs, late, at), timestamp);
    }

    private List<ExecutorEvidence> executors(ToolWindow toolWindow, long start) {
        int baselineWindows = (int) Math.max(1, config.integer(ConfigKeys.BASELINE_WINDOWS));
        List<ExecutorEvidence> evidence = new ArrayList<>();
        try (KeyValueIterator<String, ToolWindowHistory> executors =
                     histories.prefixScan(PerformanceKeys.executorPrefix(toolWindow.toolName()), KEYS)) {
            executors.forEachRemaining(entry -> {
                ToolWindow window = windows.fetch(entry.key, start);
                if (window != null && window.count() > 0) {
                    double baseline = Baselines.medianP95(entry.value.normalBefore(toolWindow.windowStart(), baselineWindows));
                    evidence.add(new ExecutorEvidence(window.executorService(), window.count(),
                            window.sketch().percentile(95), baseline));
                }
            });
        }
        return evidence;
    }

    private void forward(String tool, Envelope event, long timestamp) {
        context.forward(new Record<>(tool, event, timestamp, EnvelopeHeaders.of(event)));
    }

    private ToolWindowHistory history(String key) {
        ToolWindowHistory history = histories.get(key);
        return history == null ? ToolWindowHistory.EMPTY : history;
    }

    private long grace() {
        return Math.max(0, config.integer(ConfigKeys.WINDOW_GRACE_MS));
    }
}
