package io.omninode.bridge.topology.internal.performance;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A window store for {@code MockProcessorContext} tests (Kafka's window stores need the internal
 * context): a map of (key, window start) → value with put and point fetch, counting puts.
 */
final class MapWindowStore<V> implements WindowStore<String, V> {

    private final String name;
    final Map<String, V> values = new TreeMap<>();
    int puts;

    MapWindowStore(String name) {
        this.name = name;
    }

    @Override
    public void put(String key, V value, long windowStartTimestamp) {
        puts++;
        values.put(key + "@" + windowStartTimestamp, value);
    }

    @Override
    public V fetch(String key, long time) {
        return values.get(key + "@" + time);
    }

    @Override
    public WindowStoreIterator<V> fetch(String key, long timeFrom, long timeTo) {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public WindowStoreIterator<V> fetch(String key, Instant timeFrom, Instant timeTo) {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public KeyValueIterator<Windowed<String>, V> fetch(String keyFrom, String keyTo, long timeFrom, long timeTo) {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public KeyValueIterator<Windowed<String>, V> fetch(String keyFrom, String keyTo, Instant timeFrom, Instant timeTo) {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public KeyValueIterator<Windowed<String>, V> fetchAll(long timeFrom, long timeTo) {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public KeyValueIterator<Windowed<String>, V> fetchAll(Instant timeFrom, Instant timeTo) {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public KeyValueIterator<Windowed<String>, V> all() {
        throw new UnsupportedOperationException("range fetch: not used by the processor");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // nothing to restore
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
