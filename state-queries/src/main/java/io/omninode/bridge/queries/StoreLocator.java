package io.omninode.bridge.queries;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/** Where a key of a store lives: on this instance (which partition) or on another (which host). */
public final class StoreLocator implements RoutedQueries.Locator {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    /** The answer of {@link #locate}. */
    public sealed interface Location {
        /** This instance hosts the active partition. */
        record Local(int partition) implements Location {
        }

        /** Another instance hosts the active partition. */
        record Remote(HostInfo host) implements Location {
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    public StoreLocator(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** The active owner of {@code key}; {@link StoreUnavailableException} while it is not known. */
    @Override
    public Location locate(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (StreamsException | IllegalStateException e) {
            throw new StoreUnavailableException("cannot locate " + store + "/" + key + ": " + e.getMessage());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || metadata.activeHost() == null || metadata.activeHost().port() < 0) {
            throw new StoreUnavailableException("no active owner of " + store + "/" + key + " right now");
        }
        return metadata.activeHost().equals(self)
                ? new Location.Local(metadata.partition())
                : new Location.Remote(metadata.activeHost());
    }

    /** The other instances hosting partitions of {@code store}, for scatter-gather. */
    @Override
    public List<HostInfo> others(String store) {
        try {
            return streams.streamsMetadataForStore(store).stream()
                    .map(StreamsMetadata::hostInfo)
                    .filter(host -> !host.equals(self))
                    .distinct()
                    .toList();
        } catch (StreamsException | IllegalStateException e) {
            throw new StoreUnavailableException("cannot list the owners of " + store + ": " + e.getMessage());
        }
    }
}
