package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** Registry and health derivations end to end: HTTP → Kafka → Streams → intelligence.health / bridge.dlq. */
class HealthIntegrationTest {

    private static final IngestConfig LIMITS = new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldEmitExpiryOnIntelligenceHealthWhenHeartbeatsStop() {
        try (BridgeFixture bridge = BridgeFixture.start(LIMITS)) {
            String id = register(bridge.agent(), "omniagent-ttl-1", 5);
            Reply heartbeat = bridge.agent().put("/registry/services/" + id, SeedSamples.load("heartbeat.json"));
            assertThat(heartbeat.status()).as(heartbeat.text()).isEqualTo(200);
            Instant lastHeartbeat = Instant.parse(heartbeat.data().get("updated_at").asText());

            JsonNode expiry = awaitTransition(bridge, "omniagent-ttl-1", "heartbeat_ttl_expired");

            assertThat(expiry.at("/health_transition/previous_status").asText()).isEqualTo("healthy");
            assertThat(expiry.at("/health_transition/current_status").asText()).isEqualTo("unhealthy");
            Instant expiredAt = Instant.parse(expiry.at("/health_transition/transition_time").asText());
            assertThat(expiredAt).as("not before the TTL ran out").isAfterOrEqualTo(lastHeartbeat.plusSeconds(5));
            assertThat(expiry.at("/impact_assessment/service_overall_health").asText()).isEqualTo("unhealthy");
            assertThat(expiry.at("/impact_assessment/total_instances").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldSendPoisonRecordsToTheDeadLetterQueueAndKeepProcessing() {
        try (BridgeFixture bridge = BridgeFixture.start(LIMITS)) {
            Topic<byte[], byte[]> rawErrors = new Topic<>(bridge.topics.errors.name(), bridge.topics.errors.logical(),
                    Serdes.ByteArray(), Serdes.ByteArray(), bridge.topics.errors.partitions(), Map.of());
            SharedKafka.produce(rawErrors, "omniagent".getBytes(StandardCharsets.UTF_8),
                    "this is not JSON".getBytes(StandardCharsets.UTF_8));

            register(bridge.agent(), "omniagent-after-poison", 60);

            ConsumerRecord<byte[], byte[]> dead = TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.dlq, 1, WAIT).get(0);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON");
            assertThat(headerValues(dead)).anySatisfy(h -> assertThat(h).contains(bridge.topics.errors.name()));
            assertThat(headerNames(dead)).anySatisfy(h -> assertThat(h).contains("offset"))
                    .anySatisfy(h -> assertThat(h).contains("partition"))
                    .anySatisfy(h -> assertThat(h).contains("exception"));
            awaitTransition(bridge, "omniagent-after-poison", "registered");
        }
    }

    @Test
    void shouldNotExpireInstancesWhoseHeartbeatsResumeAfterABridgeOutageLongerThanTheTtl() {
        BridgeFixture[] current = {BridgeFixture.start(LIMITS)};
        AtomicInteger lastStatus = new AtomicInteger();
        String id = register(current[0].agent(), "omniagent-restart-1", 5);
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
        heart.scheduleAtFixedRate(() -> {
            try {
                lastStatus.set(current[0].agent().put("/registry/services/" + id,
                        SeedSamples.load("heartbeat.json")).status());
            } catch (RuntimeException bridgeDown) {
                lastStatus.set(0); // the bridge is restarting: the client beats again in a second
            }
        }, 0, 1, TimeUnit.SECONDS);
        try {
            awaitTransition(current[0], "omniagent-restart-1", "registered");
            current[0].close();
            Instant outageStart = Instant.now();
            // the outage lasts longer than the 5 s TTL: no heartbeat can be accepted meanwhile
            await().atMost(WAIT).until(() -> Instant.now().isAfter(outageStart.plusSeconds(7)));
            current[0] = current[0].restart();
            lastStatus.set(0);
            await().atMost(WAIT).until(() -> lastStatus.get() == 200);

            // heartbeats flow again: for longer than the TTL no expiry may appear
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20))
                    .until(() -> transitions(current[0], "omniagent-restart-1").stream()
                            .noneMatch(t -> t.at("/health_transition/trigger_event").asText()
                                    .equals("heartbeat_ttl_expired")));
        } finally {
            heart.shutdownNow();
            current[0].close();
        }
    }

    private static String register(BridgeHttp client, String instance, int ttl) {
        ObjectNode body = SeedSamples.load("registration.json");
        body.put("instance_id", instance);
        body.put("ttl_seconds", ttl);
        Reply reply = client.post("/registry/services", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.data().get("registration_id").asText();
    }

    private static JsonNode awaitTransition(BridgeFixture bridge, String instance, String trigger) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (JsonNode t : transitions(bridge, instance)) {
                if (t.at("/health_transition/trigger_event").asText().equals(trigger)) {
                    found[0] = t;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static List<JsonNode> transitions(BridgeFixture bridge, String instance) {
        return TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.intelligenceHealth, 0, WAIT).stream()
                .map(ConsumerRecord::value)
                .filter(e -> instance.equals(e.source().instanceId()))
                .map(Envelope::payload)
                .map(JsonNode.class::cast)
                .toList();
    }

    private static List<String> headerNames(ConsumerRecord<?, ?> record) {
        return Arrays.stream(record.headers().toArray()).map(Header::key).toList();
    }

    private static List<String> headerValues(ConsumerRecord<?, ?> record) {
        return Arrays.stream(record.headers().toArray())
                .map(h -> h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)).toList();
    }
}
