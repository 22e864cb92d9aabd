package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every write route against the real embedded broker, read back with a real consumer. */
class IngestIntegrationTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static BridgeFixture bridge;

    @BeforeAll
    static void startBridge() {
        bridge = BridgeFixture.start(new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test"));
    }

    @AfterAll
    static void stopBridge() {
        bridge.close();
    }

    @Test
    void shouldWriteEachHookToItsTopicWithKeyEnvelopeAndHeaders() {
        record Case(String route, String sample, Topic<String, Envelope> topic, String key, String eventType) {
        }
        List<Case> cases = List.of(
                new Case("/hooks/service/lifecycle", "lifecycle-started.json", bridge.topics.serviceLifecycle,
                        "omniagent", EventTypes.SERVICE_STARTED),
                new Case("/hooks/tool/execution", "tool-execution.json", bridge.topics.toolExecution,
                        "code_generator", EventTypes.TOOL_EXECUTION_COMPLETED),
                new Case("/hooks/tool/registration", "tool-discovered-hook.json", bridge.topics.toolRegistration,
                        SeedSamples.load("tool-discovered-hook.json").at("/tool_info/name").asText(),
                        EventTypes.TOOL_REGISTRATION_DISCOVERED),
                new Case("/hooks/error", "error-hook.json", bridge.topics.errors,
                        SeedSamples.load("error-hook.json").at("/error_info/service_name").asText(),
                        EventTypes.ERROR_SERVICE_CRITICAL));

        for (Case c : cases) {
            Reply reply = bridge.admin().post(c.route(), SeedSamples.load(c.sample()),
                    Map.of("X-Correlation-ID", "corr-" + c.sample(), "X-Request-ID", "req-" + c.sample()));

            assertThat(reply.status()).as(c.route() + ": " + reply.text()).isEqualTo(200);
            assertThat(reply.json().get("success").asBoolean()).isTrue();
            assertThat(reply.json().get("error").isNull()).isTrue();
            assertThat(reply.json().at("/metadata/request_id").asText()).isEqualTo("req-" + c.sample());
            assertThat(reply.header("X-Correlation-ID")).isEqualTo("corr-" + c.sample());
            JsonNode data = reply.data();
            assertThat(data.get("event_type").asText()).isEqualTo(c.eventType());
            assertThat(data.get("topic").asText()).isEqualTo(c.topic().name());

            ConsumerRecord<String, Envelope> record = find(c.topic(), data.get("hook_id").asText());
            assertThat(record.key()).isEqualTo(c.key());
            assertThat(record.partition()).isEqualTo(data.get("partition").asInt());
            assertThat(record.offset()).isEqualTo(data.get("offset").asLong());
            Envelope envelope = record.value();
            assertThat(envelope.eventType()).isEqualTo(c.eventType());
            assertThat(envelope.eventVersion()).isEqualTo("1.0");
            assertThat(envelope.correlationId()).isEqualTo("corr-" + c.sample());
            assertThat(envelope.requestId()).isEqualTo("req-" + c.sample());
            assertThat(header(record, EventTypes.HEADER_EVENT_TYPE)).isEqualTo(c.eventType());
            assertThat(header(record, EventTypes.HEADER_CORRELATION_ID)).isEqualTo("corr-" + c.sample());
            assertThat(envelope.payload().get("hook_type")).isEqualTo(SeedSamples.load(c.sample()).get("hook_type"));
        }
    }

    @Test
    void shouldPublishHealthChangeAsHealthTransition() {
        Reply reply = bridge.agent().post("/hooks/service/lifecycle", SeedSamples.load("lifecycle-health-changed.json"));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        Envelope envelope = find(bridge.topics.serviceLifecycle, reply.data().get("hook_id").asText()).value();
        assertThat(envelope.eventType()).isEqualTo(EventTypes.SERVICE_HEALTH_CHANGED);
        assertThat(envelope.payload().has("health_change")).isFalse();
        JsonNode transition = envelope.payload().get("health_transition");
        assertThat(transition.get("previous_status").asText()).isNotBlank();
        assertThat(transition.get("current_status").asText()).isNotBlank();
        assertThat(transition.get("trigger_event").asText()).isNotBlank();
        assertThat(transition.get("transition_time").asText()).isNotBlank();
        assertThat(envelope.payload().get("impact_assessment").isObject()).isTrue();
    }

    @Test
    void shouldRegisterHeartbeatAndDeregisterWithAStableRegistrationId() {
        ObjectNode registration = SeedSamples.load("registration.json");
        registration.put("instance_id", "omniagent-stable-1");

        Reply first = bridge.agent().post("/registry/services", registration);
        Reply again = bridge.agent().post("/registry/services", registration);

        assertThat(first.status()).as(first.text()).isEqualTo(200);
        String id = first.data().get("registration_id").asText();
        assertThat(again.data().get("registration_id").asText()).isEqualTo(id);
        assertThat(first.data().get("service_name").asText()).isEqualTo("omniagent");
        assertThat(first.data().get("instance_id").asText()).isEqualTo("omniagent-stable-1");
        assertThat(first.data().get("consul_registered").asBoolean()).isFalse();
        assertThat(first.data().get("expires_at").asText()).isGreaterThan(first.data().get("registered_at").asText());

        Reply heartbeat = bridge.agent().put("/registry/services/" + id, SeedSamples.load("heartbeat.json"));
        assertThat(heartbeat.status()).as(heartbeat.text()).isEqualTo(200);
        assertThat(heartbeat.data().get("registration_id").asText()).isEqualTo(id);
        assertThat(heartbeat.data().get("health_status").asText())
                .isEqualTo(SeedSamples.load("heartbeat.json").get("health_status").asText());
        assertThat(heartbeat.data().has("updated_at")).isTrue();
        assertThat(heartbeat.data().has("expires_at")).isTrue();

        Reply delete = bridge.agent().delete("/registry/services/" + id);
        assertThat(delete.status()).as(delete.text()).isEqualTo(200);
        assertThat(delete.data().get("deregistered_at").asText()).isNotBlank();

        assertThat(bridge.agent().put("/registry/services/" + id, SeedSamples.load("heartbeat.json")).status())
                .as("heartbeat after deregistration").isEqualTo(404);
        assertThat(bridge.agent().delete("/registry/services/" + id).status()).isEqualTo(404);

        List<String> types = TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.registryServices, 4, READ_TIMEOUT)
                .stream().filter(r -> r.value().payload().path("registration_id").asText().equals(id))
                .map(r -> r.value().eventType()).toList();
        assertThat(types).containsExactly(EventTypes.REGISTRY_SERVICE_REGISTERED,
                EventTypes.REGISTRY_SERVICE_REGISTERED, EventTypes.REGISTRY_SERVICE_HEARTBEAT,
                EventTypes.REGISTRY_SERVICE_DEREGISTERED);
    }

    @Test
    void shouldAnswer404ForUnknownRegistrations() {
        Reply heartbeat = bridge.agent().put("/registry/services/no-such-registration", SeedSamples.load("heartbeat.json"));
        Reply delete = bridge.admin().delete("/registry/services/no-such-registration");

        assertThat(heartbeat.status()).isEqualTo(404);
        assertThat(heartbeat.json().at("/error/code").asText()).isEqualTo("not_found");
        assertThat(delete.status()).isEqualTo(404);
    }

    @Test
    void shouldRegisterToolsUnderTheirToolId() {
        Reply reply = bridge.agent().post("/registry/tools", SeedSamples.load("tool-code_generator.json"));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        String toolId = reply.data().get("tool_id").asText();
        assertThat(toolId).isEqualTo("omniagent:code_generator");
        assertThat(reply.data().get("tool_name").asText()).isEqualTo("code_generator");
        ConsumerRecord<String, Envelope> record = TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.registryTools,
                1, READ_TIMEOUT).stream().filter(r -> r.key().equals(toolId)).findFirst().orElseThrow();
        assertThat(record.value().eventType()).isEqualTo(EventTypes.REGISTRY_TOOL_REGISTERED);
        assertThat(record.value().payload().at("/input_schema/required/0").asText()).isEqualTo("requirements");
    }

    @Test
    void shouldRefuseBadInputWithTheDocumentedErrorAndWriteNothing() {
        long before = bridge.writtenSoFar();
        ObjectNode lifecycle = SeedSamples.load("lifecycle-started.json");
        ObjectNode badPort = SeedSamples.load("lifecycle-started.json");
        ((ObjectNode) badPort.get("service_info")).put("port", "eight thousand");
        ObjectNode noName = SeedSamples.load("lifecycle-started.json");
        ((ObjectNode) noName.get("service_info")).remove("name");
        ObjectNode unknownType = SeedSamples.load("lifecycle-started.json");
        unknownType.put("hook_type", "service_exploded");
        ObjectNode hugeArray = SeedSamples.load("registration.json");
        ArrayNode capabilities = hugeArray.putArray("capabilities");
        for (int i = 0; i < 5000; i++) {
            capabilities.add("c" + i);
        }
        String deep = "{\"hook_type\":\"service_started\",\"service_info\":{\"name\":\"omniagent\"},\"x\":"
                + "[".repeat(200) + "]".repeat(200) + "}";
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        expectError(bridge.admin().post("/hooks/service/lifecycle", "{\"hook_type\": "), 400, "malformed_json", "$");
        expectError(bridge.admin().post("/hooks/service/lifecycle", badPort), 400, "validation_error",
                "$.service_info.port");
        expectError(bridge.admin().post("/hooks/service/lifecycle", noName), 400, "validation_error",
                "$.service_info.name");
        expectError(bridge.admin().post("/hooks/service/lifecycle", unknownType), 400, "validation_error",
                "$.hook_type");
        expectError(bridge.admin().post("/registry/services", hugeArray), 400, "validation_error",
                "$.capabilities");
        expectError(bridge.admin().post("/hooks/service/lifecycle", deep), 400, "validation_error", "$");
        expectError(bridge.admin().send("POST", "/hooks/error", oversized, "application/json", Map.of()), 413,
                "payload_too_large", "$");
        expectError(bridge.admin().send("POST", "/hooks/error", "hook_type=error_occurred".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of()), 415, "unsupported_media_type", null);
        expectError(bridge.http().post("/hooks/service/lifecycle", lifecycle), 401, "unauthorized", null);
        expectError(bridge.http().withToken("not-a-known-token-at-all").post("/hooks/service/lifecycle", lifecycle),
                401, "unauthorized", null);
        expectError(bridge.reader().post("/hooks/service/lifecycle", lifecycle), 403, "forbidden", null);
        ObjectNode otherService = SeedSamples.load("lifecycle-started.json");
        ((ObjectNode) otherService.get("service_info")).put("name", "omniplan");
        expectError(bridge.agent().post("/hooks/service/lifecycle", otherService), 403, "forbidden",
                "$.service_info.name");
        ObjectNode otherRegistration = SeedSamples.load("registration.json");
        otherRegistration.put("service_name", "omniplan");
        expectError(bridge.agent().post("/registry/services", otherRegistration), 403, "forbidden", "$.service_name");
        expectError(bridge.admin().post("/hooks/nope", lifecycle), 404, "not_found", null);

        assertThat(bridge.writtenSoFar()).as("records written by refused requests").isEqualTo(before);
    }

    @Test
    void shouldAcceptValidBatchItemsAndReportEachRejectedOne() {
        long before = bridge.writtenSoFar();
        ObjectNode invalid = SeedSamples.load("lifecycle-started.json");
        ((ObjectNode) invalid.get("service_info")).remove("name");
        ObjectNode foreign = SeedSamples.load("lifecycle-started.json");
        ((ObjectNode) foreign.get("service_info")).put("name", "omniplan");
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        batch.addObject().put("endpoint", "service/lifecycle").set("hook", SeedSamples.load("lifecycle-started.json"));
        batch.addObject().put("endpoint", "service/lifecycle").set("hook", invalid);
        batch.addObject().put("endpoint", "service/lifecycle").set("hook", foreign);
        batch.addObject().put("endpoint", "tool/teleport").set("hook", SeedSamples.load("lifecycle-started.json"));
        batch.addObject().put("endpoint", "tool/execution").set("hook", SeedSamples.load("tool-execution.json"));

        Reply reply = bridge.agent().post("/hooks/batch", batch);

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.data().get("accepted").asInt()).isEqualTo(2);
        assertThat(reply.data().get("rejected").asInt()).isEqualTo(3);
        JsonNode results = reply.data().get("results");
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(1).at("/error/details/0/path").asText()).isEqualTo("$[1].hook.service_info.name");
        assertThat(results.get(2).get("status").asInt()).isEqualTo(403);
        assertThat(results.get(3).get("status").asInt()).isEqualTo(400);
        assertThat(results.get(3).at("/error/details/0/path").asText()).startsWith("$[3].endpoint");
        assertThat(results.get(4).get("success").asBoolean()).isTrue();
        assertThat(results.get(4).get("topic").asText()).isEqualTo(bridge.topics.toolExecution.name());
        find(bridge.topics.serviceLifecycle, results.get(0).get("hook_id").asText());
        find(bridge.topics.toolExecution, results.get(4).get("hook_id").asText());
        assertThat(bridge.writtenSoFar() - before).isEqualTo(2);
    }

    @Test
    void shouldRefuseBatchesOverTheLimitAsAWhole() {
        long before = bridge.writtenSoFar();
        ArrayNode batch = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 1001; i++) {
            batch.addObject().put("endpoint", "error").set("hook", SeedSamples.load("error-hook.json"));
        }

        expectError(bridge.admin().post("/hooks/batch", batch), 400, "validation_error", "$");
        expectError(bridge.admin().post("/hooks/batch", "{\"endpoint\": \"error\"}"), 400, "validation_error", "$");
        assertThat(bridge.writtenSoFar()).isEqualTo(before);
    }

    @Test
    void shouldRateLimitPerPrincipalWithRetryAfter() {
        try (BridgeFixture limited = BridgeFixture.start(new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 1, "t"))) {
            BridgeHttp agent = limited.agent();
            assertThat(agent.post("/hooks/service/lifecycle", SeedSamples.load("lifecycle-started.json")).status())
                    .isEqualTo(200);

            Reply limitedReply = agent.post("/hooks/service/lifecycle", SeedSamples.load("lifecycle-started.json"));

            expectError(limitedReply, 429, "rate_limited", null);
            assertThat(Long.parseLong(limitedReply.header("Retry-After"))).isPositive();
            assertThat(limited.admin().post("/hooks/error", SeedSamples.load("error-hook.json")).status())
                    .as("another principal has its own bucket").isEqualTo(200);
        }
    }

    @Test
    void shouldWriteConfigOverridesAndTombstonesForAdminsOnly() {
        // refused as a whole: a misspelt key, a string for a number, an out-of-bounds rate
        Reply refused = bridge.admin().put("/admin/config", "{\"pattern.update_delta\": 0.2,"
                + " \"detector.error_burst.min_run\": 5, \"detector.error_burst.min_runs\": \"25\","
                + " \"health.error_rate.threshold\": 1.5}");
        expectError(refused, 400, "validation_error", "$['detector.error_burst.min_run']");
        assertThat(refused.json().at("/error/details").findValuesAsText("message")).containsExactly(
                "unknown config key detector.error_burst.min_run (the live keys are in the README's table;"
                        + " services' own settings go under services.<service>.…)",
                "detector.error_burst.min_runs must be an integer from 1 to 10000000, got \"25\"",
                "health.error_rate.threshold must be a number from 0.01 to 1, got 1.5");

        Reply reply = bridge.admin().put("/admin/config",
                "{\"detector.error_burst.min_runs\": 25, \"performance.anomaly.factor\": null,"
                        + " \"services.omniagent.mode\": \"fast\"}");

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.data().get("updated_keys")).hasSize(3);
        Map<String, JsonNode> written = new java.util.HashMap<>();
        TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.bridgeConfig, 3, READ_TIMEOUT)
                .forEach(r -> written.put(r.key(), r.value()));
        assertThat(written.get("detector.error_burst.min_runs").asInt()).isEqualTo(25);
        assertThat(written).containsEntry("performance.anomaly.factor", null);
        assertThat(written.get("services.omniagent.mode").asText()).isEqualTo("fast");
        assertThat(written).as("nothing of the refused request, which came first")
                .doesNotContainKeys("pattern.update_delta", "detector.error_burst.min_run",
                        "health.error_rate.threshold");

        expectError(bridge.agent().put("/admin/config", "{\"pattern.update_delta\": 0.2}"), 403, "forbidden", null);
        expectError(bridge.admin().put("/admin/config", "{\"bad key!\": 1}"), 400, "validation_error", null);
        expectError(bridge.admin().put("/admin/config", "[1]"), 400, "validation_error", "$");
    }

    @Test
    void shouldServeHealthReadinessMetricsAndOpenApiWithoutToken() {
        Reply health = bridge.http().get("/health");
        Reply ready = bridge.http().get("/ready");
        bridge.admin().post("/hooks/error", SeedSamples.load("error-hook.json"));
        Reply metrics = bridge.http().get("/metrics");
        Reply openapi = bridge.http().get("/openapi.yaml");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.data().at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/hooks/error\",status=\"200\"}");
        assertThat(metrics.text()).contains("kafka_producer_record_send_total");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.text()).contains("/hooks/batch").contains("/registry/services/{registration_id}");
    }

    private static void expectError(Reply reply, int status, String code, String path) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.at("/error/code").asText()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(body.at("/metadata/request_id").asText()).isNotBlank();
        if (path != null) {
            assertThat(body.at("/error/details").findValuesAsText("path")).contains(path);
        }
    }

    private static ConsumerRecord<String, Envelope> find(Topic<String, Envelope> topic, String eventId) {
        return TopicReader.readAtLeast(bridge.bootstrap, topic, 1, READ_TIMEOUT).stream()
                .filter(r -> r.value().eventId().equals(eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("event " + eventId + " not on " + topic.name()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
