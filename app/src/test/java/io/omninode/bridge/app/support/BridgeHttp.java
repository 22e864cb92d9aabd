package io.omninode.bridge.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** A small real HTTP client for integration tests: JSON in, status + headers + parsed JSON out. */
public final class BridgeHttp {

    private final HttpClient client;
    private final String base;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public BridgeHttp(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://127.0.0.1:" + port);
    }

    /** A client of a bridge serving HTTPS on {@code port}, trusting what {@code trust} trusts. */
    public static BridgeHttp https(int port, SSLContext trust) {
        return new BridgeHttp(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trust).build(),
                "https://127.0.0.1:" + port);
    }

    /** A client that sends {@code X-Service-Auth: token} on every request. */
    public BridgeHttp withToken(String token) {
        BridgeHttp copy = new BridgeHttp(client, base);
        copy.defaultHeaders.putAll(defaultHeaders);
        copy.defaultHeaders.put("X-Service-Auth", token);
        return copy;
    }

    private BridgeHttp(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** One reply: status, headers and the body parsed as JSON when it is JSON. */
    public record Reply(int status, java.net.http.HttpHeaders headers, String text) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException("reply is not JSON: " + text, e);
            }
        }

        public JsonNode data() {
            return json().get("data");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public Reply post(String path, Object body, Map<String, String> headers) {
        return send("POST", path, json(body), "application/json", headers);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, json(body), "application/json", Map.of());
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Any method with a raw body and content type (null for none). */
    public Reply send(String method, String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b);
    }

    private Reply send(HttpRequest.Builder builder) {
        defaultHeaders.forEach(builder::header);
        builder.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static byte[] json(Object body) {
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
