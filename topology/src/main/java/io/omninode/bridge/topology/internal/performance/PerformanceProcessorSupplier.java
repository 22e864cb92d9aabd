package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Supplies the {@link PerformanceProcessor} with {@code tool-performance}, {@code tool-performance-history}
 * (both uncached: the processor writes them once per commit itself) and its {@link CommitHook}.
 */
public final class PerformanceProcessorSupplier implements ProcessorSupplier<String, ToolExecution, String, Envelope> {

    private final TopologyConfig config;
    private final LiveConfig live;

    public PerformanceProcessorSupplier(TopologyConfig config, LiveConfig live) {
        this.config = config;
        this.live = live;
    }

    @Override
    public Processor<String, ToolExecution, String, Envelope> get() {
        return new PerformanceProcessor(config.performanceWindow(), config.punctuationInterval(), live);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(StoreNames.TOOL_PERFORMANCE,
                                config.performanceRetention(), config.performanceWindow(), false),
                        Serdes.String(), ToolWindowFormat.serde()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TOOL_PERFORMANCE_HISTORY),
                        Serdes.String(), ToolHistorySerde.SERDE),
                CommitHook.builder(StoreNames.TOOL_PERFORMANCE_COMMIT_HOOK));
    }
}
