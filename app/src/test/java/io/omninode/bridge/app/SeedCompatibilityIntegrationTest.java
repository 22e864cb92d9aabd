package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Topic;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request shapes of the seed guide's clients, sent as they send them, and the reply and
 * event fields their code reads.
 */
class SeedCompatibilityIntegrationTest {

    private static BridgeFixture bridge;
    private static BridgeHttp client;

    @BeforeAll
    static void start() {
        bridge = BridgeFixture.start(IngestConfig.defaults("test"));
        client = bridge.agent();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void bridgeServiceRegistrationShouldRegisterHeartbeatAndDeregister() {
        Reply registered = client.post("/registry/services", SeedSamples.load("registration.json"));
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        String registrationId = registered.json().get("data").get("registration_id").asText();
        assertThat(registrationId).isNotBlank();

        Reply heartbeat = client.put("/registry/services/" + registrationId, SeedSamples.load("heartbeat.json"));
        assertThat(heartbeat.status()).as(heartbeat.text()).isEqualTo(200);

        Reply deregistered = client.delete("/registry/services/" + registrationId);
        assertThat(deregistered.status()).isEqualTo(200);
    }

    @Test
    void toolRegistrationClientShouldGetAToolIdForEachOmniAgentTool() {
        for (String sample : new String[] {"tool-code_generator.json", "tool-code_analyzer.json"}) {
            Reply reply = client.post("/registry/tools", SeedSamples.load(sample));

            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.json().get("data").get("tool_id").asText()).isNotBlank();
        }
    }

    @Test
    void lifecycleHookSenderShouldGetAHookIdAndConsumersFindTheirFields() {
        for (String sample : new String[] {"lifecycle-started.json", "lifecycle-stopped.json",
                "lifecycle-health-changed.json"}) {
            Reply reply = client.post("/hooks/service/lifecycle", SeedSamples.load(sample));

            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.json().get("data").get("hook_id").asText()).isNotBlank();
        }

        Envelope health = TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.serviceLifecycle, 3,
                        Duration.ofSeconds(20)).stream()
                .map(r -> r.value())
                .filter(e -> e.eventType().equals("service.lifecycle.health_changed"))
                .findFirst().orElseThrow();
        // OmniMemoryService.handle_health_change
        JsonNode payload = health.payload();
        assertThat(payload.get("health_transition").get("previous_status").isTextual()).isTrue();
        assertThat(payload.get("health_transition").get("current_status").isTextual()).isTrue();
        assertThat(payload.get("health_transition").get("trigger_event").isTextual()).isTrue();
        assertThat(payload.get("service_info").get("name").asText()).isEqualTo("omniagent");
        assertThat(payload.get("service_info").get("instance_id").isTextual()).isTrue();
        assertThat(payload.has("impact_assessment")).isTrue();
        assertThat(health.timestamp()).isNotNull();
    }

    @Test
    void toolExecutionHookSenderShouldBeAcceptedAndConsumersFindTheirFields() {
        Reply ok = client.post("/hooks/tool/execution", SeedSamples.load("tool-execution.json"));
        Reply failed = client.post("/hooks/tool/execution", SeedSamples.load("tool-execution-failed.json"));

        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(failed.status()).as(failed.text()).isEqualTo(200);

        Topic<String, Envelope> topic = bridge.topics.toolExecution;
        String okId = ok.json().get("data").get("hook_id").asText();
        Envelope event = TopicReader.readAtLeast(bridge.bootstrap, topic, 1, Duration.ofSeconds(20)).stream()
                .map(r -> r.value()).filter(e -> e.eventId().equals(okId)).findFirst().orElseThrow();
        // OmniMemoryService.handle_tool_execution
        assertThat(event.eventType()).isEqualTo("tool.execution.completed");
        JsonNode payload = event.payload();
        assertThat(payload.get("execution_info").get("tool_name").isTextual()).isTrue();
        assertThat(payload.get("execution_info").get("execution_id").isTextual()).isTrue();
        assertThat(payload.get("execution_result").get("status").isTextual()).isTrue();
        assertThat(payload.get("resource_usage").isObject()).isTrue();
        assertThat(payload.has("quality_metrics")).isTrue();
    }
}
