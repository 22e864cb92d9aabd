package io.omninode.bridge.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.BridgeException;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldRoundTripEnvelopesWithKeysAndHeaders() {
        // Given a fresh catalog on the shared broker
        Topics topics = SharedKafka.freshTopics();
        Envelope envelope = envelope("omniagent");

        // When an envelope is produced with a header
        SharedKafka.produce(topics.errors, "omniagent", envelope,
                new RecordHeader(EventTypes.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8)));

        // Then it is read back unchanged, key and header included
        List<ConsumerRecord<String, Envelope>> records = SharedKafka.readAll(topics.errors, 1, TIMEOUT);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("omniagent");
            assertThat(record.value()).isEqualTo(envelope);
            assertThat(new String(record.headers().lastHeader(EventTypes.HEADER_EVENT_TYPE).value(), StandardCharsets.UTF_8))
                    .isEqualTo(EventTypes.ERROR_SERVICE_CRITICAL);
        });
    }

    @Test
    void shouldKeepRecordsAndClusterIdWhenRestartedOnTheSameDataDir(@TempDir Path dataDir) {
        int[] ports = FreePorts.pick(2);
        Topics topics = new Topics(TopicsConfig.DEFAULT);
        Topic<String, Envelope> topic = topics.toolExecution;
        String clusterId;

        // Given a broker that stored 50 records and was stopped
        try (EmbeddedKafka kafka = new EmbeddedKafka(dataDir, ports[0], ports[1]).start();
             Admin admin = KafkaClients.admin(kafka.bootstrapServers(), "restart-test", TIMEOUT)) {
            clusterId = kafka.clusterId();
            TopicProvisioner.ensureTopics(admin, topics);
            produce(kafka.bootstrapServers(), topic.name(), 50);
        }

        // When a new broker starts on the same directory
        try (EmbeddedKafka restarted = new EmbeddedKafka(dataDir, ports[0], ports[1]).start();
             Admin admin = KafkaClients.admin(restarted.bootstrapServers(), "restart-test", TIMEOUT)) {

            // Then it is the same cluster, the topics exist and every record is there
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            assertThat(TopicProvisioner.ensureTopics(admin, topics).created()).isEmpty();
            assertThat(consumeAll(restarted.bootstrapServers(), topic.name(), topic.partitions()))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).mapToObj(i -> "value-" + i).toList());
        }
    }

    @Test
    void shouldFailWithClearErrorWhenKafkaPortIsTaken(@TempDir Path dataDir) {
        int takenPort = SharedKafka.broker().kafkaPort();

        assertThatThrownBy(() -> new EmbeddedKafka(dataDir, takenPort, FreePorts.one()).start())
                .isInstanceOf(BridgeException.class)
                .hasMessageContaining("127.0.0.1:" + takenPort)
                .hasMessageContaining("already in use");
    }

    @Test
    void shouldFailWithClearErrorWhenControllerPortIsTaken(@TempDir Path dataDir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafka.HOST))) {
            assertThatThrownBy(() -> new EmbeddedKafka(dataDir, FreePorts.one(), taken.getLocalPort()).start())
                    .isInstanceOf(BridgeException.class)
                    .hasMessageContaining("controller port 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void shouldRefuseASecondBrokerOnADataDirInUse(@TempDir Path dataDir) {
        // the shared broker's directory is locked while it runs
        Path sharedDataDir = SharedKafka.broker().logDir().getParent();
        int[] ports = FreePorts.pick(2);

        assertThatThrownBy(() -> new EmbeddedKafka(sharedDataDir, ports[0], ports[1]).start())
                .isInstanceOf(BridgeException.class)
                .hasMessageContaining("in use by another running bridge");
        assertThat(SharedKafka.broker().isRunning()).isTrue();
    }

    private static Envelope envelope(String service) {
        ObjectNode payload = Json.MAPPER.createObjectNode().put("message", "disk full");
        return Envelope.create(EventTypes.ERROR_SERVICE_CRITICAL, new Source(service, service + "-1", "1.0.0"),
                "corr-1", "req-1", payload);
    }

    private static void produce(String bootstrapServers, String topic, int count) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private static List<String> consumeAll(String bootstrapServers, String topic, int partitions) {
        List<TopicPartition> assignment = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrapServers), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            Map<TopicPartition, Long> end = consumer.endOffsets(assignment);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (assignment.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read everything up to %s in time", end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }
}
