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
import org.apache.kafka.streams.query.Query;
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
 * IQv2 queries against this instance's copies of store partitions: the active copy when it is
 * restored, else, when the request allows it, a standby or a restoring copy (KIP-535), which marks
 * the request's {@link Reading} stale with that copy's lag. Global stores through IQv1 (IQv2 does
 * not serve them). Any partition that cannot answer raises {@link StoreUnavailableException} — a
 * missing value is reported only when a copy of its partition answered.
 */
public final class LocalStores {

    private final KafkaStreams streams;
    private final StorePartitions assigned;
    private final Restorations restorations;
    private final CopyLags lags;

    /**
     * @param assigned     the partitions of each store this instance is assigned
     * @param restorations what this instance is restoring (registered with {@code streams})
     */
    public LocalStores(KafkaStreams streams, StorePartitions assigned, Restorations restorations) {
        this.streams = streams;
        this.assigned = assigned;
        this.restorations = restorations;
        this.lags = new CopyLags(streams);
    }

    /**
     * The value of {@code key} in the one partition of {@code scope}: from the active copy here when
     * it is restored, else (when the scope allows) from a standby or the restoring active copy,
     * which marks the reading stale; {@link StoreUnavailableException} when no allowed copy answers.
     */
    public <V> Optional<V> get(String store, String key, Scope scope) {
        Copy<V> copy = one(store, scope, KeyQuery.<String, V>withKey(key));
        if (copy.stale() && copy.value() == null) {
            // a copy that may lag cannot say a key does not exist: never a wrong 404
            throw new StoreUnavailableException("only a copy that may lag can answer for " + store + "/" + key
                    + ", and it does not have it");
        }
        return Optional.ofNullable(copy.value());
    }

    /** The windows of {@code key} starting in [{@code from}, {@code to}] in the one partition of {@code scope} of a window store. */
    public <V> List<V> windows(String store, String key, Scope scope, Instant from, Instant to) {
        WindowStoreIterator<V> it = one(store, scope, WindowKeyQuery.<String, V>withKeyAndWindowStartRange(key, from, to))
                .value();
        List<V> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /** What one copy answered, and whether that copy may lag. */
    private record Copy<R>(R value, boolean stale) {
    }

    private <R> Copy<R> one(String store, Scope scope, Query<R> query) {
        int partition = scope.partition();
        if (!restorations.restoring(store, partition)) {
            QueryResult<R> active = streams.query(StateQueryRequest.inStore(store).withQuery(query)
                    .withPartitions(Set.of(partition)).requireActive()).getPartitionResults().get(partition);
            if (active != null && active.isSuccess()) {
                return new Copy<>(active.getResult(), false);
            }
            if (!scope.allowStale()) {
                throw unavailable(store, partition, active);
            }
        } else if (!scope.allowStale()) {
            throw new StoreUnavailableException("store " + store + " partition " + partition + " is being restored here");
        }
        QueryResult<R> any = streams.query(StateQueryRequest.inStore(store).withQuery(query)
                .withPartitions(Set.of(partition))).getPartitionResults().get(partition);
        if (any == null || any.isFailure()) {
            throw unavailable(store, partition, any);
        }
        scope.reading().stale(lags.offsetLag(store, partition));
        return new Copy<>(any.getResult(), true);
    }

    /**
     * Every entry of the partitions of {@code scope} ({@code null}: those assigned to this instance
     * as active), each from the active copy here when it is restored, else (when the scope allows)
     * from a standby or the restoring active copy, which marks the reading stale.
     * {@link StoreUnavailableException} unless every partition answered: a partition that is
     * assigned but not serving yet is left out of an interactive query's results, so without this
     * check the list would be silently partial.
     */
    public <V> List<KeyValue<String, V>> all(String store, Scope scope) {
        Set<Integer> wanted = scope.partitions() != null ? scope.partitions() : assigned.of(store);
        List<KeyValue<String, V>> out = new ArrayList<>();
        Set<Integer> missing = new TreeSet<>();
        Set<Integer> restored = new TreeSet<>();
        for (int partition : wanted) {
            (restorations.restoring(store, partition) ? missing : restored).add(partition);
        }
        if (!restored.isEmpty()) {
            missing.addAll(range(store, restored, true, out));
        }
        if (missing.isEmpty()) {
            return out;
        }
        if (!scope.allowStale()) {
            throw new StoreUnavailableException("store " + store + " partitions " + missing
                    + " have no restored active copy on this instance");
        }
        Set<Integer> stale = new TreeSet<>(missing);
        Set<Integer> unanswered = range(store, stale, false, out);
        if (!unanswered.isEmpty()) {
            throw new StoreUnavailableException("store " + store + " partitions " + unanswered
                    + " have no copy on this instance that can answer");
        }
        for (int partition : stale) {
            scope.reading().stale(lags.offsetLag(store, partition));
        }
        return out;
    }

    /** Adds the entries of {@code partitions} to {@code out}; returns the partitions that did not answer. */
    private <V> Set<Integer> range(String store, Set<Integer> partitions, boolean requireActive,
                                   List<KeyValue<String, V>> out) {
        StateQueryRequest<KeyValueIterator<String, V>> request = StateQueryRequest.inStore(store)
                .withQuery(RangeQuery.<String, V>withNoBounds())
                .withPartitions(partitions);
        StateQueryResult<KeyValueIterator<String, V>> result = streams.query(requireActive ? request.requireActive() : request);
        Set<Integer> unanswered = new TreeSet<>(partitions);
        List<KeyValue<String, V>> found = new ArrayList<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, V>>> e : result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<String, V>> r = e.getValue();
            if (r.isSuccess() && partitions.contains(e.getKey())) {
                try (KeyValueIterator<String, V> it = r.getResult()) {
                    it.forEachRemaining(found::add);
                }
                unanswered.remove(e.getKey());
            } else if (r.isSuccess()) {
                r.getResult().close();
            }
        }
        out.addAll(found);
        return unanswered;
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
