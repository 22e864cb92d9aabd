package io.omninode.bridge.topology.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that holds nothing and calls its listeners when Kafka Streams is about to commit the
 * task: the processors that keep their working state as objects in memory write it to their
 * (uncached, changelogged) stores there, once per commit instead of once per record.
 *
 * <p>Why this is exactly-once: before committing a task, Streams flushes the caches of its stores
 * ({@code StreamTask.prepareCommit} → {@code ProcessorStateManager.flushCache}, which reaches every
 * store that is a {@link CachedStateStore}), then flushes the record collector, then commits the
 * transaction holding the input offsets, every changelog record and every output record. The
 * listeners run inside the first step, so whatever they put into a changelogged store is in the
 * same transaction as the offsets of the records whose effect it is. A crash before the commit
 * aborts the transaction; the restarted task restores its stores from the committed changelog and
 * re-reads the input from the committed offsets, rebuilding exactly the memory it lost. The stores
 * written by listeners must be uncached: a cache whose flush ran before the listener would hold
 * the writes back until the next commit.
 *
 * <p>Relies on {@link CachedStateStore}, an internal interface of Kafka Streams; the topology's
 * crash test ({@code PerformanceCrashIntegrationTest}) fails if a Streams upgrade changes that path.
 */
public final class CommitHook implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private final List<Runnable> listeners = new ArrayList<>();
    private boolean open;

    private CommitHook(String name) {
        this.name = name;
    }

    /** The builder of a hook named {@code name}, to be connected to the processors that use it. */
    public static StoreBuilder<CommitHook> builder(String name) {
        return new Builder(name);
    }

    /** Calls {@code listener} before every commit of this task (on the stream thread). */
    public void onCommit(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void flushCache() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    @Override
    public void clearCache() {
        // nothing is held here
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            // not logged: nothing to restore
        });
        open = true;
    }

    @Override
    public void flush() {
        // called after the commit (checkpointing): too late to write anything
    }

    @Override
    public void close() {
        listeners.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder(String name) implements StoreBuilder<CommitHook> {

        @Override
        public StoreBuilder<CommitHook> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("a commit hook holds nothing to log");
        }

        @Override
        public StoreBuilder<CommitHook> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitHook build() {
            return new CommitHook(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }
    }
}
