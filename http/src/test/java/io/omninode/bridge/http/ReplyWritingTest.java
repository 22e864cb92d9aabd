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
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Envelopes as the bridge's server writes them, over real HTTP: straight to the response stream,
 * gzipped from 1 500 bytes for a client that accepts it (with a content type the compression
 * strategy allows outright), once per request, and not followed by the server's own 404 envelope
 * when a route answers 404 itself.
 */
class ReplyWritingTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private BridgeServer server;

    @BeforeEach
    void start() {
        server = new BridgeServer(1024, "test");
        server.start("127.0.0.1", 0, new HttpMetrics(new SimpleMeterRegistry()), List.of(routes -> {
            routes.get("/small", ctx -> server.responses().ok(ctx, Map.of("text", "x")));
            routes.get("/large", ctx -> server.responses().ok(ctx, Map.of("text", "x".repeat(4_000))));
            routes.get("/twice", ctx -> {
                server.responses().ok(ctx, Map.of("first", true));
                throw ApiException.badRequest("$", "too late to refuse");
            });
            routes.get("/missing", ctx -> server.responses().error(ctx, ApiException.notFound("no such thing")));
        }));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldGzipLargeJsonRepliesOnlyAndAllowTheirContentTypeOutright() throws Exception {
        HttpResponse<byte[]> large = get("/large");
        HttpResponse<byte[]> small = get("/small");

        assertThat(large.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode body = Json.MAPPER.readTree(new GZIPInputStream(new ByteArrayInputStream(large.body())));
        assertThat(body.path("data").path("text").asText()).hasSize(4_000);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(Json.MAPPER.readTree(small.body()).path("data").path("text").asText()).isEqualTo("x");

        for (HttpResponse<byte[]> reply : List.of(large, small)) {
            assertThat(BridgeServer.compression().getAllowedMimeTypes())
                    .contains(reply.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void shouldKeepTheFirstReplyWhenARouteFailsAfterAnswering() throws Exception {
        HttpResponse<byte[]> reply = get("/twice");

        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(reply.body());
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("data").path("first").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswerARoutesOwn404Once() throws Exception {
        HttpResponse<byte[]> reply = get("/missing");

        assertThat(reply.statusCode()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(reply.body()); // the mapper refuses trailing content
        assertThat(body.path("error").path("message").asText()).isEqualTo("no such thing");
        HttpResponse<byte[]> unmatched = get("/nowhere");
        assertThat(unmatched.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unmatched.body()).path("error").path("code").asText()).isEqualTo("not_found");
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept-Encoding", "gzip")
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
