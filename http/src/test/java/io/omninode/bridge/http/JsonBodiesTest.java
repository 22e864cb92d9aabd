package io.omninode.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omninode.bridge.schemas.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBodies} over real HTTP on the bridge's server: bodies parsed as they arrive, the size
 * limit enforced on the declared length and, for chunked bodies, while reading, and every refusal
 * answered with the error envelope.
 */
class JsonBodiesTest {

    private static final int LIMIT = 64;

    private final HttpClient client = HttpClient.newHttpClient();
    private BridgeServer server;

    @BeforeEach
    void start() {
        server = new BridgeServer(LIMIT, "test");
        JsonBodies bodies = new JsonBodies(LIMIT);
        server.start("127.0.0.1", 0, new HttpMetrics(new SimpleMeterRegistry()),
                List.of(routes -> routes.post("/echo", ctx -> server.responses().ok(ctx, bodies.read(ctx)))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldParseABodyOfExactlyTheLimitWhetherItsLengthIsDeclaredOrItIsChunked() throws Exception {
        String body = exactly(LIMIT);

        for (BodyPublisher publisher : List.of(BodyPublishers.ofString(body), chunked(body))) {
            HttpResponse<String> response = post(publisher, "application/json");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(response.body()).path("data")).isEqualTo(Json.MAPPER.readTree(body));
        }
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413WhetherItsLengthIsDeclaredOrItIsChunked() throws Exception {
        String oneByteTooMany = exactly(LIMIT + 1);
        String large = "{\"pad\":\"" + "x".repeat(1 << 20) + "\"}";

        for (BodyPublisher publisher : List.of(BodyPublishers.ofString(oneByteTooMany), chunked(oneByteTooMany),
                chunked(large))) {
            HttpResponse<String> response = post(publisher, "application/json");

            assertError(response, 413, "payload_too_large", "request body exceeds the limit of 64 bytes");
        }
    }

    @Test
    void shouldRefuseEmptyMalformedAndTrailingBodiesWith400() throws Exception {
        assertError(post(BodyPublishers.noBody(), "application/json"), 400, "malformed_json",
                "request body is empty; a JSON document is required");
        assertError(post(chunked("   "), "application/json"), 400, "malformed_json",
                "request body is empty; a JSON document is required");
        assertError(post(BodyPublishers.ofString("{\"a\":\n  tru}"), "application/json"), 400, "malformed_json",
                "malformed JSON at line 2, column");
        assertError(post(BodyPublishers.ofString("{\"a\":1} {\"b\":2}"), "application/json"), 400,
                "malformed_json", "malformed JSON: ");
    }

    @Test
    void shouldRefuseAnotherContentTypeWith415() throws Exception {
        assertError(post(BodyPublishers.ofString("{}"), "text/plain"), 415, "unsupported_media_type",
                "Content-Type must be application/json, not text/plain");
    }

    /** A JSON object of exactly {@code size} bytes. */
    private static String exactly(int size) {
        String body = "{\"pad\":\"" + "x".repeat(size - 10) + "\"}";
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        return body;
    }

    /** A body without a declared length: the client sends it chunked. */
    private static BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    private HttpResponse<String> post(BodyPublisher body, String contentType) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo"))
                .header("Content-Type", contentType)
                .POST(body)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String messageStart)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode envelope = Json.MAPPER.readTree(response.body());
        assertThat(envelope.path("success").asBoolean(true)).isFalse();
        assertThat(envelope.path("error").path("code").asText()).isEqualTo(code);
        assertThat(envelope.path("error").path("message").asText()).startsWith(messageStart);
    }
}
