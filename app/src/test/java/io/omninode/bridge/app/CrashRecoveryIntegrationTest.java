package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeProcess;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge process killed with SIGKILL in the middle of a stream of health changes and tool
 * executions, then started again on the same data dir: every derived transition appears exactly
 * once, and every performance window is summarized exactly once (read_committed).
 * Runs the packaged {@code bridge-app.jar}, as {@code ./bridge run} does.
 */
class CrashRecoveryIntegrationTest {

    private static final int HEARTBEATS = 300;
    private static final String SERVICE = "crashsvc";
    private static final String INSTANCE = "crashsvc-1";
    private static final String TOOL = "crash_tool";

    @TempDir
    Path dataDir;

    @Test
    void shouldNeitherLoseNorDuplicateTransitionsWhenTheBridgeIsKilledMidStream() throws Exception {
        Topics topics = SharedKafka.freshTopics();
        Process first = startBridge(topics);
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(SharedKafka.producerConfig(),
                topics.registryServices.keySerde().serializer(), topics.registryServices.valueSerde().serializer())) {
            send(producer, topics, registration());
            for (int i = 0; i < HEARTBEATS; i++) {
                send(producer, topics, heartbeat(i, i % 2 == 0 ? "degraded" : "healthy"));
                producer.send(new ProducerRecord<>(topics.toolExecution.name(), TOOL, execution(i))).get();
                if (i == HEARTBEATS / 3) {
                    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            first.destroyForcibly();
        }

        Process second = startBridge(topics);
        try {
            List<Envelope> transitions = TopicReader.readAtLeast(SharedKafka.bootstrapServers(),
                    topics.intelligenceHealth, HEARTBEATS + 1, Duration.ofSeconds(120)).stream()
                    .map(r -> r.value()).filter(e -> INSTANCE.equals(e.source().instanceId())).toList();

            Map<String, Long> perTrigger = transitions.stream().collect(Collectors.groupingBy(
                    e -> e.payload().at("/health_transition/trigger_event").asText(), Collectors.counting()));
            assertThat(perTrigger).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "registered", 1L, "heartbeat_reported", (long) HEARTBEATS));
            Map<String, Long> perHeartbeat = transitions.stream()
                    .filter(e -> e.payload().at("/health_transition/trigger_event").asText().equals("heartbeat_reported"))
                    .collect(Collectors.groupingBy(Envelope::correlationId, Collectors.counting()));
            assertThat(perHeartbeat).hasSize(HEARTBEATS).allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));

            // every execution is in exactly one window summary, and each window is summarized once
            List<Envelope> windows = SharedKafka.readUntil(topics.intelligencePerformance, records -> records.stream()
                            .map(r -> r.value()).filter(CrashRecoveryIntegrationTest::toolWindow)
                            .mapToLong(e -> e.payload().get("count").asLong()).sum() >= HEARTBEATS,
                    Duration.ofSeconds(150)).stream().map(r -> r.value())
                    .filter(CrashRecoveryIntegrationTest::toolWindow).toList();
            assertThat(windows.stream().mapToLong(e -> e.payload().get("count").asLong()).sum()).isEqualTo(HEARTBEATS);
            assertThat(windows.stream().map(e -> e.payload().at("/window/start").asText()))
                    .as("one summary per window").doesNotHaveDuplicates();
        } finally {
            BridgeProcess.stop(second);
        }
    }

    private Process startBridge(Topics topics) throws IOException {
        return BridgeProcess.start(dataDir, "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--topic-prefix", topics.config().prefix(), "--port", "0", "--data-dir", dataDir.toString(),
                "--insecure");
    }

    private static void send(KafkaProducer<String, Envelope> producer, Topics topics, Envelope event) throws Exception {
        producer.send(new ProducerRecord<>(topics.registryServices.name(), SERVICE, event)).get();
    }

    private static boolean toolWindow(Envelope event) {
        return event.eventType().equals(EventTypes.PERFORMANCE_WINDOW)
                && TOOL.equals(event.payload().path("tool_name").asText())
                && event.payload().path("executor_service").isNull();
    }

    private static Envelope execution(int i) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("hook_type", "tool_executed");
        p.putObject("execution_info").put("tool_name", TOOL).put("execution_id", "exec-" + i)
                .put("executor_service", SERVICE);
        p.putObject("execution_timeline").put("total_duration_ms", 10 + i % 50);
        p.putObject("execution_result").put("status", "success");
        return envelope(EventTypes.TOOL_EXECUTION_COMPLETED, "exec-" + i, p);
    }

    private static Envelope registration() {
        ObjectNode p = base();
        p.put("host", "127.0.0.1").put("port", 9999).put("version", "1.0.0");
        return envelope(EventTypes.REGISTRY_SERVICE_REGISTERED, "register", p);
    }

    private static Envelope heartbeat(int i, String status) {
        return envelope(EventTypes.REGISTRY_SERVICE_HEARTBEAT, "hb-" + i, base().put("health_status", status));
    }

    private static ObjectNode base() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("registration_id", UUID.nameUUIDFromBytes((SERVICE + INSTANCE).getBytes(StandardCharsets.UTF_8)).toString());
        p.put("service_name", SERVICE).put("instance_id", INSTANCE).put("ttl_seconds", 3600);
        return p;
    }

    private static Envelope envelope(String type, String correlationId, ObjectNode payload) {
        return new Envelope(UUID.randomUUID().toString(), type, Envelope.VERSION,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), new Source(SERVICE, INSTANCE, null), correlationId,
                correlationId, payload);
    }
}
