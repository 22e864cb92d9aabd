package io.omninode.bridge.queries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * IQv2 queries against this instance's active partitions; global stores through IQv1 (IQv2
 * does not serve them). Any partition that cannot answer raises {@link StoreUnavailableException}
 * — a missing value is reported only when the owning active partition answered.
 */
public final class LocalStores {

    private final KafkaStreams streams;
    private final AssignedPartitions assigned;
    private final Restorations restorations;

    /**
     * @param assigned     the partitions of each store this instance is assigned
     * @param restorations what this instance is restoring (registered with {@code streams})
     */
    public LocalStores(KafkaStreams streams, AssignedPartitions assigned, Restorations restorations) {
        this.streams = streams;
        this.assigned = assigned;
        this.restorations = restorations;
    }

    /** The value of {@code key} in {@code partition} of {@code store}, which must be active here. */
    public <V> Optional<V> get(String store, String key, int partition) {
        StateQueryRequest<V> request = StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, V>withKey(key))
                .withPartitions(Set.of(partition))
                .requireActive();
        StateQueryResult<V> result = streams.query(request);
        QueryResult<V> partitionResult = result.getPartitionResults().get(partition);
        if (partitionResult == null || partitionResult.isFailure()) {
            throw unavailable(store, partition, partitionResult);
        }
        return Optional.ofNullable(partitionResult.getResult());
    }

    /** The windows of {@code key} starting in [{@code from}, {@code to}] in {@code partition} of a window store. */
    public <V> List<V> windows(String store, String key, int partition, Instant from, Instant to) {
        StateQueryRequest<WindowStoreIterator<V>> request = StateQueryRequest.inStore(store)
                .withQuery(WindowKeyQuery.<String, V>withKeyAndWindowStartRange(key, from, to))
                .withPartitions(Set.of(partition))
                .requireActive();
        StateQueryResult<WindowStoreIterator<V>> result = streams.query(request);
        QueryResult<WindowStoreIterator<V>> partitionResult = result.getPartitionResults().get(partition);
        if (partitionResult == null || partitionResult.isFailure()) {
            throw unavailable(store, partition, partitionResult);
        }
        List<V> out = new ArrayList<>();
        try (WindowStoreIterator<V> it = partitionResult.getResult()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /**
     * Every entry of the partitions of {@code store} assigned to this instance as active; {@link
     * StoreUnavailableException} unless every one of them answered (a partition that is assigned but
     * not serving yet is left out of an interactive query's results, so the list would be partial).
     */
    public <V> List<KeyValue<String, V>> all(String store) {
        if (restorations.restoring(store)) {
            throw new StoreUnavailableException("store " + store + " is being restored on this instance");
        }
        Set<Integer> expected = assigned.of(store);
        StateQueryRequest<KeyValueIterator<String, V>> request = StateQueryRequest.inStore(store)
                .withQuery(RangeQuery.<String, V>withNoBounds())
                .requireActive();
        StateQueryResult<KeyValueIterator<String, V>> result = streams.query(request);
        List<KeyValue<String, V>> out = new ArrayList<>();
        RuntimeException failure = null;
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, V>>> e : result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<String, V>> r = e.getValue();
            if (r.isFailure()) {
                failure = unavailable(store, e.getKey(), r);
                continue;
            }
            try (KeyValueIterator<String, V> it = r.getResult()) {
                it.forEachRemaining(out::add);
            }
        }
        if (failure != null) {
            throw failure;
        }
        Set<Integer> missing = new TreeSet<>(expected);
        missing.removeAll(result.getPartitionResults().keySet());
        if (!missing.isEmpty()) {
            throw new StoreUnavailableException("store " + store + " partitions " + missing
                    + " are assigned to this instance but not serving yet");
        }
        return out;
    }

    /** Every entry of a global store (complete on every instance). */
    public <V> List<KeyValue<String, V>> global(String store) {
        List<KeyValue<String, V>> out = new ArrayList<>();
        try (KeyValueIterator<String, V> it = globalStore(store).<V>typed().all()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** One value of a global store. */
    public <V> Optional<V> globalGet(String store, String key) {
        return Optional.ofNullable(globalStore(store).<V>typed().get(key));
    }

    private GlobalStoreHandle globalStore(String store) {
        try {
            ReadOnlyKeyValueStore<String, Object> kv = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            return new GlobalStoreHandle(kv);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("store " + store + " is not queryable yet: " + e.getMessage());
        }
    }

    private record GlobalStoreHandle(ReadOnlyKeyValueStore<String, Object> store) {
        @SuppressWarnings("unchecked")
        <V> ReadOnlyKeyValueStore<String, V> typed() {
            return (ReadOnlyKeyValueStore<String, V>) (ReadOnlyKeyValueStore<String, ?>) store;
        }
    }

    private static StoreUnavailableException unavailable(String store, int partition, QueryResult<?> r) {
        String why = r == null ? "no result" : r.getFailureReason() + ": " + r.getFailureMessage();
        return new StoreUnavailableException("store " + store + " partition " + partition + " cannot answer (" + why + ")");
    }
}
