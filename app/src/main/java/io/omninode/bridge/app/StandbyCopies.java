package io.omninode.bridge.app;

import java.util.Collection;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says after each rebalance how many instances share the application and how many standby copies
 * they keep (one line, only when that changed). Kafka Streams' own warning for a standby it cannot
 * place at all is dropped ({@link StandbyWarningFilter}): a single instance has none by design.
 */
final class StandbyCopies implements KafkaStreams.StateListener {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyCopies.class);

    private final KafkaStreams streams;
    private final String applicationId;
    private final int standbyReplicas;
    private String last;

    StandbyCopies(KafkaStreams streams, String applicationId, int standbyReplicas) {
        this.streams = streams;
        this.applicationId = applicationId;
        this.standbyReplicas = standbyReplicas;
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState != KafkaStreams.State.RUNNING) {
            return;
        }
        String line;
        try {
            line = describe(streams.metadataForAllStreamsClients(), applicationId, standbyReplicas);
        } catch (RuntimeException e) {
            return; // the next rebalance tells
        }
        synchronized (this) {
            if (Objects.equals(line, last)) {
                return;
            }
            last = line;
        }
        LOG.info(line);
    }

    static String describe(Collection<StreamsMetadata> clients, String applicationId, int standbyReplicas) {
        int instances = clients.size();
        int copies = clients.stream().mapToInt(c -> c.standbyTopicPartitions().size()).sum();
        if (standbyReplicas == 0) {
            return instances + " instance(s) of " + applicationId + ", standby copies off (--standby-replicas 0)";
        }
        if (instances <= 1) {
            return "single instance of " + applicationId + ": no standby copies until another instance joins";
        }
        return instances + " instances of " + applicationId + ", standby copies of " + copies + " partitions";
    }
}
