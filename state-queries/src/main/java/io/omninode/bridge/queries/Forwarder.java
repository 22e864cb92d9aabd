package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends a read request once to an instance with a copy of the data, marked as forwarded (hop
 * header) and authenticated with the cluster secret. The receiving instance answers from its own
 * copy and never forwards again, so a loop is impossible.
 */
public final class Forwarder implements RoutedQueries.Forwarding {

    /** Set on forwarded requests; its presence means "answer locally or refuse". */
    public static final String HOP_HEADER = "X-Bridge-Hop";
    public static final String SECRET_HEADER = "X-Bridge-Cluster-Secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String clusterSecret;

    /** A forwarded reply: the owner's status and its JSON envelope (null when the body was not JSON). */
    public record Reply(int status, JsonNode body) {
    }

    public Forwarder(String clusterSecret) {
        this.clusterSecret = clusterSecret;
    }

    /**
     * GETs {@code pathAndQuery} on {@code host}; connection failures and timeouts are reported as
     * {@link StoreUnavailableException} (the owner may be moving).
     */
    @Override
    public Reply get(HostInfo host, String pathAndQuery, String requestId, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery))
                .timeout(TIMEOUT)
                .header(HOP_HEADER, "1")
                .header(SECRET_HEADER, clusterSecret)
                .header("X-Request-ID", requestId);
        headers.forEach(builder::header);
        HttpRequest request = builder.GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw new StoreUnavailableException("owner " + host + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while asking " + host);
        }
    }
}
