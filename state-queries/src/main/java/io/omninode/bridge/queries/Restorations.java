package io.omninode.bridge.queries;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The store partitions this instance is restoring right now (register it with
 * {@code KafkaStreams.setGlobalStateRestoreListener} before {@code start()}): a partition being
 * restored is left out of an interactive query's results rather than reported as a failure, so a
 * list gathered then would silently lack its entries.
 */
public final class Restorations implements StateRestoreListener {

    private final Map<TopicPartition, String> restoring = new ConcurrentHashMap<>();

    /** Whether {@code partition} of {@code store} (its changelog partition, numbered as its task) is being restored here. */
    public boolean restoring(String store, int partition) {
        for (Map.Entry<TopicPartition, String> e : restoring.entrySet()) {
            if (e.getKey().partition() == partition && e.getValue().equals(store)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(partition, store);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // progress only
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
    }
}
