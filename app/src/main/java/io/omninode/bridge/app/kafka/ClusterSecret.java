package io.omninode.bridge.app.kafka;

import io.omninode.bridge.app.BridgeException;
import io.omninode.bridge.schemas.KafkaConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The secret that instances of one application put on queries they forward to each other
 * (DESIGN.md §7), shared without extra flags: kept in Kafka on the one-partition topic
 * {@code <application id>-cluster-secret}, whose first record is the secret. The first instance
 * to start finds the topic empty and appends a random secret; instances that start together may
 * each append one, and every instance takes the first record, so they all agree. The topic never
 * expires or compacts its records (the first one must stay first); where the cluster has ACLs,
 * only the bridge's own principal should read it. {@code --cluster-secret} overrides.
 */
public final class ClusterSecret {

    private static final String KEY = "secret";
    private static final Duration TIMEOUT = KafkaClients.DEFAULT_TIMEOUT;

    /** The secret and whether this instance generated it. */
    public record Shared(String secret, String topic, boolean generated) {
    }

    private ClusterSecret() {
    }

    /** The topic that holds the secret of {@code applicationId}. */
    public static String topic(String applicationId) {
        return applicationId + "-cluster-secret";
    }

    /**
     * The application's shared secret: read from its topic, or generated and appended when the
     * topic holds none yet.
     *
     * @throws BridgeException when Kafka does not answer in time
     */
    public static Shared resolve(Admin admin, String bootstrapServers, String applicationId, short replicationFactor) {
        return resolve(admin, KafkaConnection.plain(bootstrapServers), applicationId, replicationFactor);
    }

    /** {@link #resolve(Admin, String, String, short)} on {@code kafka}, its security settings included. */
    public static Shared resolve(Admin admin, KafkaConnection kafka, String applicationId, short replicationFactor) {
        String topic = topic(applicationId);
        create(admin, topic, replicationFactor);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(kafka),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            String existing = first(consumer, partition);
            if (existing != null) {
                return new Shared(existing, topic, false);
            }
            String candidate = random();
            append(kafka, topic, candidate);
            String winner = first(consumer, partition);
            if (winner == null) {
                throw new BridgeException("the cluster secret written to " + topic + " cannot be read back");
            }
            return new Shared(winner, topic, winner.equals(candidate));
        }
    }

    private static void create(Admin admin, String topic, short replicationFactor) {
        NewTopic secretTopic = newTopic(topic, replicationFactor);
        try {
            admin.createTopics(List.of(secretTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new BridgeException("creating " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new BridgeException("creating " + topic + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while creating " + topic, e);
        }
    }

    /** The secret's topic as it is created: one partition whose records never expire or compact. */
    public static NewTopic newTopic(String topic, short replicationFactor) {
        return new NewTopic(topic, 1, replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor >= 3 ? "2" : "1"));
    }

    /** The first record's value, or null when the partition is empty; reads from the beginning up to its end. */
    private static String first(KafkaConsumer<String, String> consumer, TopicPartition partition) {
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        consumer.seekToBeginning(List.of(partition));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(partition, TIMEOUT) < end) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (KEY.equals(record.key()) && record.value() != null && record.value().length() >= 16) {
                    return record.value();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new BridgeException("reading the cluster secret from " + partition.topic() + ": no answer within "
                        + TIMEOUT.toSeconds() + " s");
            }
        }
        return null;
    }

    private static void append(KafkaConnection kafka, String topic, String secret) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bridge-cluster-secret");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, KEY, secret)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BridgeException("writing the cluster secret to " + topic + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while writing the cluster secret", e);
        }
    }

    private static Properties consumerConfig(KafkaConnection kafka) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bridge-cluster-secret");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
