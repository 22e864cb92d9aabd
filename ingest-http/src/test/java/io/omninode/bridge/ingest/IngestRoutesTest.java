package io.omninode.bridge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omninode.bridge.http.BridgeServer;
import io.omninode.bridge.http.HttpMetrics;
import io.omninode.bridge.http.JsonBodies;
import io.omninode.bridge.http.WriteRoutes;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.RateLimiter;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.ingest.registry.ConsulRegistrations;
import io.omninode.bridge.ingest.registry.RegistrationIndex;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Registrations;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write routes' HTTP contract over real HTTP, without a broker: the module's routes on the
 * bridge's server, writing to a {@link MockProducer}. What is accepted is written once, with its
 * envelope headers; what is refused gets the error envelope and writes nothing.
 */
class IngestRoutesTest {

    private static final Topics TOPICS = Topics.defaults();

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final HttpClient client = HttpClient.newHttpClient();
    private BridgeServer server;

    @BeforeEach
    void start() {
        server = new BridgeServer(1024 * 1024, "test");
        WriteRoutes writes = new WriteRoutes(Authenticator.disabled(), new RateLimiter(0), new JsonBodies(1024 * 1024),
                server.responses(), server.threads());
        IngestRoutes ingest = new IngestRoutes(writes, TOPICS, new EventPublisher(producer), new RegistrationIndex(),
                ConsulRegistrations.NONE);
        server.start("127.0.0.1", 0, new HttpMetrics(new SimpleMeterRegistry()), List.of(ingest::register));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldWriteAnAcceptedExecutionHookOnceWithItsEnvelopeHeaders() throws Exception {
        HttpResponse<String> reply = send("POST", "/hooks/tool/execution", SeedSamples.load(SeedSamples.TOOL_EXECUTION));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(reply.body());
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.at("/metadata/request_id").asText()).isNotBlank();
        assertThat(producer.history()).hasSize(1);
        var record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(TOPICS.toolExecution.name());
        assertThat(new String(record.headers().lastHeader(EventTypes.HEADER_EVENT_TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(EventTypes.TOOL_EXECUTION_COMPLETED);
        assertThat(Json.MAPPER.readTree(record.value()).at("/payload/resource_usage").isObject()).isTrue();
    }

    @Test
    void shouldAnswerARegistrationWithItsStableId() throws Exception {
        HttpResponse<String> reply = send("POST", "/registry/services", SeedSamples.load(SeedSamples.REGISTRATION));

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(reply.body()).at("/data/registration_id").asText())
                .isEqualTo(Registrations.registrationId("omniagent", "omniagent-host1-42"));
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactly(TOPICS.registryServices.name());
    }

    @Test
    void shouldRefuseBadInputWithTheErrorEnvelopeAndWriteNothing() throws Exception {
        ObjectNode noTool = SeedSamples.load(SeedSamples.TOOL_EXECUTION);
        ((ObjectNode) noTool.get("execution_info")).remove("tool_name");

        expect(send("POST", "/hooks/tool/execution", noTool), 400, "validation_error");
        expect(send("POST", "/hooks/tool/execution", "{not json"), 400, null);
        expect(send("PUT", "/admin/config", "{\"detector.error_burst.min_run\": 5}"), 400, "validation_error");
        expect(send("GET", "/no/such/route", null), 404, "not_found");
        expect(send("DELETE", "/hooks/tool/execution", null), 405, "method_not_allowed");

        assertThat(producer.history()).as("nothing written").isEmpty();
    }

    private void expect(HttpResponse<String> reply, int status, String code) throws IOException {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        JsonNode body = Json.MAPPER.readTree(reply.body());
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.at("/error/message").asText()).isNotBlank();
        if (code != null) {
            assertThat(body.at("/error/code").asText()).isEqualTo(code);
        }
    }

    private HttpResponse<String> send(String method, String path, Object body) throws Exception {
        byte[] bytes = body == null ? new byte[0]
                : body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : Json.MAPPER.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
