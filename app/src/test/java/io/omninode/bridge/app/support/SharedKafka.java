package io.omninode.bridge.app.support;

import io.omninode.bridge.app.kafka.EmbeddedKafka;
import io.omninode.bridge.app.kafka.KafkaClients;
import io.omninode.bridge.app.kafka.TopicProvisioner;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * One real embedded broker per test JVM for every integration test: started lazily on first
 * use on free ports with its data in a temporary directory, closed (and the directory deleted)
 * by a shutdown hook. Tests isolate themselves with {@link #freshTopics()} — a new catalog
 * under a unique prefix — and their own application ids; they never share topics.
 */
public final class SharedKafka {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static EmbeddedKafka broker;
    private static Admin admin;

    private SharedKafka() {
    }

    /** The shared broker, started on first call. */
    public static synchronized EmbeddedKafka broker() {
        if (broker == null) {
            Path dataDir = createTempDir();
            int[] ports = FreePorts.pick(2);
            broker = new EmbeddedKafka(dataDir, ports[0], ports[1]).start();
            admin = KafkaClients.admin(broker.bootstrapServers(), "shared-kafka-test-admin", ADMIN_TIMEOUT);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dataDir), "shared-kafka-stop"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** An admin client on the shared broker; do not close it. */
    public static synchronized Admin admin() {
        broker();
        return admin;
    }

    /** A unique topic prefix such as {@code it7-3f2a9c1b.}. */
    public static String uniquePrefix() {
        return "it" + PREFIXES.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT) + ".";
    }

    /** A catalog under a {@link #uniquePrefix()}, with all its topics created on the shared broker. */
    public static Topics freshTopics() {
        return freshTopics(new TopicsConfig(uniquePrefix(), 1.0, (short) 1));
    }

    /** The catalog of {@code config} with all its topics created on the shared broker. */
    public static Topics freshTopics(TopicsConfig config) {
        Topics topics = new Topics(config);
        TopicProvisioner.ensureTopics(admin(), topics, ADMIN_TIMEOUT);
        return topics;
    }

    /** Producer config for the shared broker: acks=all, idempotent. Add serializers or pass serdes. */
    public static Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Consumer config without a group, reading committed records only. */
    public static Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /** Writes one record with the topic's serdes and waits for the broker's ack. */
    public static <K, V> RecordMetadata produce(Topic<K, V> topic, K key, V value, Header... headers) {
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(producerConfig(),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), null, key, value, List.of(headers))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing to " + topic + " failed", e.getCause());
        }
    }

    /**
     * Reads {@code topic} from the beginning until at least {@code expectedCount} records arrived.
     *
     * @return every record read, in partition order of arrival; at least {@code expectedCount}
     * @throws AssertionError listing what was read when {@code timeout} passes first
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(Topic<K, V> topic, int expectedCount, Duration timeout) {
        return readUntil(topic, records -> records.size() >= expectedCount, timeout);
    }

    /**
     * Reads {@code topic} from the beginning, all partitions, without a consumer group, until
     * {@code done} holds for the records read so far.
     *
     * @throws AssertionError listing what was read when {@code timeout} passes first
     */
    public static <K, V> List<ConsumerRecord<K, V>> readUntil(Topic<K, V> topic,
                                                            Predicate<List<ConsumerRecord<K, V>>> done,
                                                            Duration timeout) {
        return TopicReader.readUntil(bootstrapServers(), topic, done, timeout);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("bridge-shared-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void stop(Path dataDir) {
        admin.close(Duration.ofSeconds(5));
        broker.close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
