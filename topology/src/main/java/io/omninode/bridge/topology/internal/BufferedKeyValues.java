package io.omninode.bridge.topology.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Objects of an uncached, changelogged key-value store held in memory (most recently used first, at
 * most {@code capacity}): reads come from memory, writes mark the entry dirty, and {@link #flush}
 * — wired to the task's {@link CommitHook} — writes each dirty entry once per commit, which keeps
 * the store exactly-once (see {@link CommitHook}). An entry pushed out of memory is written first
 * if dirty; it is read back from the store when needed again.
 *
 * @param <V> the value type; a value changed in place must be put again (so that it is written)
 */
public final class BufferedKeyValues<V> {

    private static final Object DELETED = new Object();

    private final KeyValueStore<String, V> store;
    private final Set<String> dirty = new HashSet<>();
    private final LinkedHashMap<String, Object> memory;

    public BufferedKeyValues(KeyValueStore<String, V> store, int capacity) {
        this.store = store;
        this.memory = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                if (dirty.remove(eldest.getKey())) {
                    write(eldest.getKey(), eldest.getValue());
                }
                return true;
            }
        };
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Object value = memory.get(key);
        if (value == null) {
            V stored = store.get(key);
            memory.put(key, stored == null ? DELETED : stored);
            return stored;
        }
        return value == DELETED ? null : (V) value;
    }

    public void put(String key, V value) {
        memory.put(key, value == null ? DELETED : value);
        dirty.add(key);
    }

    public void delete(String key) {
        put(key, null);
    }

    /** Writes every entry changed since the last flush. */
    public void flush() {
        for (String key : dirty) {
            write(key, memory.get(key));
        }
        dirty.clear();
    }

    @SuppressWarnings("unchecked")
    private void write(String key, Object value) {
        if (value == null || value == DELETED) {
            store.delete(key);
        } else {
            store.put(key, (V) value);
        }
    }
}
