package io.omninode.bridge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omninode.bridge.http.BridgeServer;
import io.omninode.bridge.http.HttpMetrics;
import io.omninode.bridge.http.JsonBodies;
import io.omninode.bridge.http.WriteRoutes;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.RateLimiter;
import io.omninode.bridge.proxy.cache.CacheStore;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.TopicWriter;
import io.omninode.bridge.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's HTTP contract over real HTTP, without a broker: its routes on the bridge's server in
 * front of a real tool service, capturing into a recording {@link TopicWriter}.
 */
class ProxyRoutesTest {

    private static final Topics TOPICS = Topics.defaults();

    /** What the proxy wrote: topic and value. */
    private record Written(String topic, Object value) {
    }

    private final List<Written> written = new CopyOnWriteArrayList<>();
    private final List<JsonNode> toolInputs = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private final InstanceDirectory instances = new InstanceDirectory();
    private Javalin tool;
    private BridgeServer server;
    private ProxyRoutes proxy;

    @BeforeEach
    void start() {
        tool = Javalin.create(cfg -> {
            cfg.routes.post("/tools/code_analyzer", ctx -> {
                toolInputs.add(Json.MAPPER.readTree(ctx.body()));
                ctx.contentType("application/json").result("{\"overall_score\": 87}");
            });
            cfg.routes.post("/tools/broken", ctx -> {
                toolInputs.add(Json.MAPPER.readTree(ctx.body()));
                ctx.status(500).result("boom");
            });
        }).start("127.0.0.1", 0);
        TopicWriter writer = new TopicWriter() {
            @Override
            public <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value, Headers headers) {
                written.add(new Written(topic.name(), value));
                return CompletableFuture.completedFuture(new RecordMetadata(new TopicPartition(topic.name(), 0), 0, 0,
                        0, 0, 0));
            }
        };
        CacheStore noEntries = new CacheStore() {
            @Override
            public Optional<JsonNode> get(String key) {
                return Optional.empty();
            }

            @Override
            public List<JsonNode> all() {
                return List.of();
            }
        };
        server = new BridgeServer(1024 * 1024, "test");
        WriteRoutes writes = new WriteRoutes(Authenticator.disabled(), new RateLimiter(0), new JsonBodies(1024 * 1024),
                server.responses(), server.threads());
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        proxy = new ProxyRoutes(writes, Authenticator.disabled(), server.responses(), instances,
                new AddressPolicy(List.of()), writer, TOPICS, noEntries, key -> Optional.empty(), metrics);
        server.start("127.0.0.1", 0, new HttpMetrics(metrics), List.of(proxy::register));
    }

    @AfterEach
    void stop() {
        server.close();
        proxy.close();
        tool.stop();
    }

    @Test
    void shouldCallAHealthyInstanceAndCaptureTheExecution() throws Exception {
        register();

        HttpResponse<String> reply = post("/proxy/tool/code_analyzer", "{\"target_service\": \"omniagent\", "
                + "\"input_data\": {\"source_code\": \"x\"}, \"execution_options\": {\"timeout_seconds\": 5, "
                + "\"retry_policy\": \"default\", \"cache_policy\": \"no_cache\"}}");

        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode data = Json.MAPPER.readTree(reply.body()).get("data");
        assertThat(data.at("/result/overall_score").asInt()).isEqualTo(87);
        assertThat(data.at("/execution_metadata/target_instance").asText()).isEqualTo("omniagent-1");
        assertThat(toolInputs).containsExactly(Json.MAPPER.readTree("{\"source_code\": \"x\"}"));
        Written capture = written.stream().filter(w -> w.topic().equals(TOPICS.toolExecution.name())).findFirst()
                .orElseThrow();
        Envelope event = (Envelope) capture.value();
        assertThat(event.eventType()).isEqualTo(EventTypes.TOOL_EXECUTION_COMPLETED);
        assertThat(event.payload().at("/execution_info/execution_id").asText())
                .isEqualTo(data.get("execution_id").asText());
        assertThat(event.payload().get("resource_usage").isObject()).isTrue();
    }

    /**
     * A cache hit is answered on the request's thread, a miss on the proxy client's thread that
     * completes it: both must give the same envelope, and a failing tool its 502.
     */
    @Test
    void shouldAnswerARepeatedForcedCallFromTheCacheAndAFailingToolWith502() throws Exception {
        register();
        String body = "{\"target_service\": \"omniagent\", \"input_data\": {\"source_code\": \"y\"}, "
                + "\"execution_options\": {\"timeout_seconds\": 5, \"retry_policy\": \"none\", \"cache_policy\": \"force\"}}";

        HttpResponse<String> miss = post("/proxy/tool/code_analyzer", body);
        HttpResponse<String> hit = post("/proxy/tool/code_analyzer", body);

        assertThat(miss.statusCode()).as(miss.body()).isEqualTo(200);
        assertThat(hit.statusCode()).as(hit.body()).isEqualTo(200);
        JsonNode missed = Json.MAPPER.readTree(miss.body());
        JsonNode hitReply = Json.MAPPER.readTree(hit.body());
        assertThat(missed.at("/data/execution_metadata/cache_hit").asBoolean()).isFalse();
        assertThat(hitReply.at("/data/execution_metadata/cache_hit").asBoolean()).isTrue();
        assertThat(hitReply.at("/data/result")).isEqualTo(missed.at("/data/result"));
        assertThat(hitReply.get("success").asBoolean()).isTrue();
        assertThat(hitReply.at("/metadata/request_id").asText()).isNotBlank()
                .isNotEqualTo(missed.at("/metadata/request_id").asText());
        assertThat(toolInputs).hasSize(1);

        HttpResponse<String> failed = post("/proxy/tool/broken", body);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(502);
        JsonNode error = Json.MAPPER.readTree(failed.body());
        assertThat(error.get("success").asBoolean()).isFalse();
        assertThat(error.at("/error/code").asText()).isEqualTo("upstream_error");
        assertThat(error.at("/error/message").asText()).contains("answered 500");
        assertThat(toolInputs).hasSize(2);
    }

    private void register() {
        ObjectNode registration = JsonNodeFactory.instance.objectNode().put("service_name", "omniagent")
                .put("instance_id", "omniagent-1").put("host", "127.0.0.1").put("port", tool.port());
        instances.applyRegistry(Envelope.create(EventTypes.REGISTRY_SERVICE_REGISTERED,
                new Source("omniagent", "omniagent-1", null), "c", "r", registration));
    }

    @Test
    void shouldRefuseBadRequestsAndAnswerAnUnknownServicesHealthWithoutCallingOut() throws Exception {
        HttpResponse<String> bad = post("/proxy/tool/code_analyzer", "{\"input_data\": {}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).at("/error/code").asText()).isEqualTo("validation_error");
        assertThat(post("/proxy/tool/code_analyzer", "{\"target_service\": \"nobody\", \"input_data\": {}}")
                .statusCode()).as("no instance").isEqualTo(503);

        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/proxy/health/nobody")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(health.body()).at("/data/overall_health").asText()).isEqualTo("unknown");
        assertThat(toolInputs).isEmpty();
        assertThat(written).isEmpty();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
