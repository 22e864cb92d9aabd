package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.BridgeSerdes;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** A processor together with the one persistent, cached key-value store (JSON values) it owns. */
final class DetectorSupplier<KIn, VIn, KOut, VOut> implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    private final Supplier<Processor<KIn, VIn, KOut, VOut>> processor;
    private final StoreBuilder<?> store;

    <V> DetectorSupplier(Supplier<Processor<KIn, VIn, KOut, VOut>> processor, String storeName, Class<V> values) {
        this.processor = processor;
        this.store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(),
                BridgeSerdes.jsonSerde(values)).withCachingEnabled();
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return processor.get();
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store);
    }
}
