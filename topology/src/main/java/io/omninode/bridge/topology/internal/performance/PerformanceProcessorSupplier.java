package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.schemas.BridgeSerdes;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.ToolWindowHistory;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Supplies the {@link PerformanceProcessor} with {@code tool-performance} and {@code tool-performance-history}. */
public final class PerformanceProcessorSupplier implements ProcessorSupplier<String, Envelope, String, Envelope> {

    private final TopologyConfig config;

    public PerformanceProcessorSupplier(TopologyConfig config) {
        this.config = config;
    }

    @Override
    public Processor<String, Envelope, String, Envelope> get() {
        return new PerformanceProcessor(config.performanceWindow(), config.punctuationInterval());
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(StoreNames.TOOL_PERFORMANCE,
                                        config.performanceRetention(), config.performanceWindow(), false),
                                Serdes.String(), BridgeSerdes.jsonSerde(ToolWindow.class))
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TOOL_PERFORMANCE_HISTORY),
                                Serdes.String(), BridgeSerdes.jsonSerde(ToolWindowHistory.class))
                        .withCachingEnabled());
    }
}
