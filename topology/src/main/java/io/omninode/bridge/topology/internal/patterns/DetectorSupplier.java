package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A processor together with the one persistent, cached key-value store (binary values,
 * {@link InternalSerdes#smile}) it owns; a {@link Detector} gets the topology's live config.
 */
final class DetectorSupplier<KIn, VIn, KOut, VOut> implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    private final Supplier<Processor<KIn, VIn, KOut, VOut>> processor;
    private final StoreBuilder<?> store;
    private final LiveConfig live;

    <V> DetectorSupplier(Supplier<Processor<KIn, VIn, KOut, VOut>> processor, String storeName, Class<V> values,
                         LiveConfig live) {
        this.processor = processor;
        this.live = live;
        this.store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(),
                InternalSerdes.smile(values)).withCachingEnabled();
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        Processor<KIn, VIn, KOut, VOut> p = processor.get();
        if (p instanceof Detector<?> detector) {
            detector.configure(live);
        }
        return p;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store);
    }
}
