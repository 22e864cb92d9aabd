package io.omninode.bridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** The demo's HTTP client: JSON requests with the token, counting successes and failures. */
final class DemoClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile String lastFailure = "";

    DemoClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    /** Sends and returns the reply's {@code data} (null on failure, which is counted). */
    CompletableFuture<JsonNode> send(String method, String path, Object body) {
        return send(method, path, body, true);
    }

    /** Like {@link #send} but a refusal is not counted as a failure (for optional requests). */
    CompletableFuture<JsonNode> sendQuietly(String method, String path, Object body) {
        return send(method, path, body, false);
    }

    private CompletableFuture<JsonNode> send(String method, String path, Object body, boolean counted) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("X-Service-Auth", token);
        }
        try {
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        sent.incrementAndGet();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                fail(counted, method + " " + path + ": " + error.getClass().getSimpleName());
                return null;
            }
            try {
                JsonNode reply = Json.MAPPER.readTree(response.body());
                if (response.statusCode() != 200) {
                    fail(counted, method + " " + path + " → " + response.statusCode() + " "
                            + reply.at("/error/message").asText());
                    return null;
                }
                return reply.get("data");
            } catch (IOException e) {
                fail(counted, method + " " + path + " → " + response.statusCode());
                return null;
            }
        });
    }

    /** Waits for the bridge's {@code /ready}; false if it never answers. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        return false;
    }

    private void fail(boolean counted, String what) {
        if (counted) {
            failed.incrementAndGet();
            lastFailure = what;
        }
    }
}
