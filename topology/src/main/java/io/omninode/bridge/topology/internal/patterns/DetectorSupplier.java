package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.topology.internal.BufferedKeyValues;
import io.omninode.bridge.topology.internal.CommitHook;
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

    private final StoreBuilder<?> hook;

    <V> DetectorSupplier(Supplier<Processor<KIn, VIn, KOut, VOut>> processor, String storeName, Class<V> values,
                         LiveConfig live) {
        this(processor, storeName, values, live, false);
    }

    /**
     * @param buffered the processor holds the store's values in memory ({@link BufferedKeyValues}): the
     *                 store is uncached and comes with a {@link CommitHook} named {@link #hookOf(String)}
     */
    <V> DetectorSupplier(Supplier<Processor<KIn, VIn, KOut, VOut>> processor, String storeName, Class<V> values,
                         LiveConfig live, boolean buffered) {
        this.processor = processor;
        this.live = live;
        StoreBuilder<?> kv = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(),
                InternalSerdes.smile(values));
        this.store = buffered ? kv : kv.withCachingEnabled();
        this.hook = buffered ? CommitHook.builder(hookOf(storeName)) : null;
    }

    /** The name of the commit hook of a buffered store. */
    static String hookOf(String storeName) {
        return storeName + "-commit-hook";
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
        return hook == null ? Set.of(store) : Set.of(store, hook);
    }
}
