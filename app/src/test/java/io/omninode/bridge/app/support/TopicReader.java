package io.omninode.bridge.app.support;

import io.omninode.bridge.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads topics back with a real consumer (no group, read_committed) for assertions. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every record of {@code topic} from the beginning, waiting until at least {@code min} arrived. */
    public static <K, V> List<ConsumerRecord<K, V>> readAtLeast(String bootstrap, Topic<K, V> topic, int min,
                                                               Duration timeout) {
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props(bootstrap),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<K, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= min && caughtUp(consumer, partitions)) {
                    return out;
                }
            }
            throw new AssertionError("expected at least " + min + " records on " + topic.name() + " within "
                    + timeout + " but read " + out.size());
        }
    }

    /** Sum of end offsets over the given topics: a cheap "did anything get written" probe. */
    public static long endOffsetTotal(String bootstrap, Collection<? extends Topic<?, ?>> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props(bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                consumer.partitionsFor(t.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    private static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }
}
