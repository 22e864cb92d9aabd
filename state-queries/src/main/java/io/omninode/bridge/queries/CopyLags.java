package io.omninode.bridge.queries;

import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * How far this instance's copies of store partitions lag their changelogs (KIP-535), for stale
 * answers. Reading the lags asks the broker for the changelogs' end offsets, so the answer is kept
 * for a second: stale answers are frequent only while copies move, and a lag a second old is as
 * useful as a fresh one.
 */
final class CopyLags {

    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final KafkaStreams streams;
    private Map<String, Map<Integer, LagInfo>> lags = Map.of();
    private long readAt = System.nanoTime() - 2 * MAX_AGE_NANOS;

    CopyLags(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The offset lag of this instance's copy of {@code partition} of {@code store}, or {@link Reading#UNKNOWN_LAG}. */
    synchronized long offsetLag(String store, int partition) {
        if (System.nanoTime() - readAt > MAX_AGE_NANOS) {
            try {
                lags = streams.allLocalStorePartitionLags();
            } catch (StreamsException | IllegalStateException e) {
                lags = Map.of();
            }
            readAt = System.nanoTime();
        }
        LagInfo lag = lags.getOrDefault(store, Map.of()).get(partition);
        return lag == null ? Reading.UNKNOWN_LAG : Math.max(0, lag.offsetLag());
    }
}
