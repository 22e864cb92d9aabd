package io.omninode.bridge.queries;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/** Where the copies of a store's partitions live: the active instance and the standbys (KIP-535). */
public final class StoreLocator implements RoutedQueries.Locator {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    /**
     * One partition of a store and its copies.
     *
     * @param partition the partition (numbered as its task)
     * @param active    the instance with the active copy, or null while none is assigned
     * @param standbys  instances with a standby copy
     */
    public record Placement(int partition, HostInfo active, List<HostInfo> standbys) {
        public Placement {
            standbys = List.copyOf(standbys);
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final StorePartitions assigned;

    public StoreLocator(KafkaStreams streams, HostInfo self, StorePartitions assigned) {
        this.streams = streams;
        this.self = self;
        this.assigned = assigned;
    }

    @Override
    public HostInfo self() {
        return self;
    }

    /** The partition of {@code key} and its copies; {@link StoreUnavailableException} while not known. */
    @Override
    public Placement locate(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (StreamsException | IllegalStateException e) {
            throw new StoreUnavailableException("cannot locate " + store + "/" + key + ": " + e.getMessage());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.partition() < 0) {
            throw new StoreUnavailableException("the partition of " + store + "/" + key + " is not known right now");
        }
        HostInfo active = metadata.activeHost();
        boolean known = active != null && active.port() >= 0;
        return new Placement(metadata.partition(), known ? active : null,
                metadata.standbyHosts().stream().filter(h -> h.port() >= 0).toList());
    }

    @Override
    public Map<Integer, Placement> placements(String store) {
        return assigned.placements(store);
    }
}
