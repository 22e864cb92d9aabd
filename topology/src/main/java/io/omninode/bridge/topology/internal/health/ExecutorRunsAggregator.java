package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.WallClockTicks;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * On each tool partition, counts the executions of each executor service per error-rate window in
 * memory and hands the counts on ({@link ExecutorRuns}, keyed by executor) once per punctuation, so
 * only counts cross to the health processor. Counts not yet handed on are written to
 * {@value #STORE} once per commit ({@link CommitHook}): a crash loses none and hands none on twice.
 */
final class ExecutorRunsAggregator implements Processor<String, ToolExecution, String, ExecutorRuns> {

    static final String STORE = "health-executor-runs-pending";
    static final String HOOK = "health-executor-runs-commit-hook";
    private static final char SEPARATOR = '@';

    private final long windowMs;
    private final Duration punctuation;
    private final Map<String, ExecutorRuns> pending = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private ProcessorContext<String, ExecutorRuns> context;
    private KeyValueStore<String, ExecutorRuns> store;

    ExecutorRunsAggregator(TopologyConfig config) {
        this.windowMs = config.errorRateWindow().toMillis();
        this.punctuation = config.punctuationInterval();
    }

    static ProcessorSupplier<String, ToolExecution, String, ExecutorRuns> supplier(TopologyConfig config) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ToolExecution, String, ExecutorRuns> get() {
                return new ExecutorRunsAggregator(config);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        ExecutorRuns.SERDE), CommitHook.builder(HOOK));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, ExecutorRuns> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        CommitHook hook = context.getStateStore(HOOK);
        hook.onCommit(this::flush);
        try (KeyValueIterator<String, ExecutorRuns> all = store.all()) {
            all.forEachRemaining(kv -> pending.put(kv.key, kv.value));
        }
        WallClockTicks.every(context, punctuation, now -> handOn());
    }

    @Override
    public void process(Record<String, ToolExecution> record) {
        ToolExecution execution = record.value();
        if (execution == null || execution.executor() == null) {
            return;
        }
        long start = Math.floorDiv(record.timestamp(), windowMs) * windowMs;
        String key = execution.executor() + SEPARATOR + start;
        boolean success = execution.status() != null && execution.status().trim().equalsIgnoreCase("success");
        pending.merge(key, new ExecutorRuns(start, 1, success ? 0 : 1),
                (a, b) -> new ExecutorRuns(a.windowStart(), a.runs() + b.runs(), a.errors() + b.errors()));
        dirty.add(key);
    }

    private void handOn() {
        if (pending.isEmpty()) {
            return;
        }
        List<KeyValue<String, ExecutorRuns>> out = new ArrayList<>();
        pending.forEach((key, runs) -> out.add(KeyValue.pair(key.substring(0, key.lastIndexOf(SEPARATOR)), runs)));
        dirty.addAll(pending.keySet());
        pending.clear();
        for (KeyValue<String, ExecutorRuns> kv : out) {
            // the window's start is the event time of its counts
            context.forward(new Record<>(kv.key, kv.value, kv.value.windowStart()));
        }
    }

    private void flush() {
        for (String key : dirty) {
            ExecutorRuns runs = pending.get(key);
            if (runs == null) {
                store.delete(key);
            } else {
                store.put(key, runs);
            }
        }
        dirty.clear();
    }
}
