package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.health.HealthTransitionLog;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Supplies the {@link HealthProcessor} together with the three persistent stores it owns. */
public final class HealthProcessorSupplier implements ProcessorSupplier<String, HealthInput, String, Envelope> {

    private final TopologyConfig config;
    private final LiveConfig live;

    public HealthProcessorSupplier(TopologyConfig config, LiveConfig live) {
        this.config = config;
        this.live = live;
    }

    @Override
    public Processor<String, HealthInput, String, Envelope> get() {
        return new HealthProcessor(config, live);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                store(StoreNames.SERVICE_REGISTRY, InternalSerdes.smile(ServiceRegistration.class)),
                store(StoreNames.SERVICE_HEALTH, InternalSerdes.smile(ServiceHealth.class)),
                store(StoreNames.HEALTH_TRANSITIONS, InternalSerdes.smile(HealthTransitionLog.class)));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        // caching folds the many per-execution updates of one service into one changelog write per commit
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }
}
