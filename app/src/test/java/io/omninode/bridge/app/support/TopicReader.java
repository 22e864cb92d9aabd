package io.omninode.bridge.app.support;

import io.omninode.bridge.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics back for assertions: a real consumer without a group, read_committed unless told
 * otherwise, from the beginning of every partition. The one reader of the test support
 * ({@link SharedKafka} uses it).
 */
public final class TopicReader {

    private static final Duration POLL = Duration.ofMillis(100);

    private TopicReader() {
    }

    /**
     * Reads until {@code done} holds for the records read so far.
     *
     * @throws AssertionError listing what was read when {@code timeout} passes first
     */
    public static <K, V> List<ConsumerRecord<K, V>> readUntil(String bootstrap, Topic<K, V> topic,
                                                             Predicate<List<ConsumerRecord<K, V>>> done,
                                                             Duration timeout) {
        return read(bootstrap, topic, IsolationLevel.READ_COMMITTED, timeout,
                (records, caughtUp) -> done.test(records), "condition not met");
    }

    /** Every record from the beginning, once at least {@code min} arrived and the end of the topic was reached. */
    public static <K, V> List<ConsumerRecord<K, V>> readAtLeast(String bootstrap, Topic<K, V> topic, int min,
                                                               Duration timeout) {
        return read(bootstrap, topic, IsolationLevel.READ_COMMITTED, timeout,
                (records, caughtUp) -> records.size() >= min && caughtUp.getAsBoolean(),
                "expected at least " + min + " records");
    }

    /**
     * Every record from the beginning to the end of each partition, read with {@code isolation}:
     * {@code READ_UNCOMMITTED} is what a consumer with default settings sees.
     */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(String bootstrap, Topic<K, V> topic,
                                                             IsolationLevel isolation, Duration timeout) {
        return read(bootstrap, topic, isolation, timeout, (records, caughtUp) -> caughtUp.getAsBoolean(),
                "expected to reach the end");
    }

    /** Sum of end offsets over the given topics: a cheap "did anything get written" probe. */
    public static long endOffsetTotal(String bootstrap, Collection<? extends Topic<?, ?>> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props(bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> t : topics) {
                consumer.partitionsFor(t.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private interface Done<K, V> {
        boolean test(List<ConsumerRecord<K, V>> records, BooleanSupplier caughtUp);
    }

    private static <K, V> List<ConsumerRecord<K, V>> read(String bootstrap, Topic<K, V> topic,
                                                          IsolationLevel isolation, Duration timeout,
                                                          Done<K, V> done, String expectation) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        Properties props = props(bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records, () -> caughtUp(consumer, partitions))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + ": " + expectation + " within " + timeout
                            + "; read " + records.size() + " record(s): " + describe(records));
                }
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    private static <K, V> String describe(List<ConsumerRecord<K, V>> records) {
        return records.stream().limit(20)
                .map(r -> r.partition() + "@" + r.offset() + " " + r.key() + "=" + r.value())
                .toList().toString();
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
