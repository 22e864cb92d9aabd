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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a read request once to an instance with a copy of the data, marked as forwarded (hop
 * header) and authenticated with the cluster secret. The receiving instance answers from its own
 * copy and never forwards again, so a loop is impossible. Instances with a certificate are asked
 * over HTTPS, trusting what the given SSL context trusts and checking the peer's host name.
 */
public final class Forwarder implements RoutedQueries.Forwarding {

    /** Set on forwarded requests; its presence means "answer locally or refuse". */
    public static final String HOP_HEADER = "X-Bridge-Hop";
    public static final String SECRET_HEADER = "X-Bridge-Cluster-Secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final HttpClient client;
    private final Set<HostInfo> handshakeFailures = ConcurrentHashMap.newKeySet();
    private final String scheme;
    private final String clusterSecret;

    /** A forwarded reply: the owner's status and its JSON envelope (null when the body was not JSON). */
    public record Reply(int status, JsonNode body) {
    }

    /** Forwards over plain HTTP. */
    public Forwarder(String clusterSecret) {
        this(clusterSecret, null);
    }

    /** Forwards over HTTPS trusting {@code tls}, or over plain HTTP when it is null. */
    public Forwarder(String clusterSecret, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.scheme = tls == null ? "http" : "https";
        this.clusterSecret = clusterSecret;
    }

    /**
     * GETs {@code pathAndQuery} on {@code host}; connection failures and timeouts are reported as
     * {@link StoreUnavailableException} (the owner may be moving).
     */
    @Override
    public Reply get(HostInfo host, String pathAndQuery, String requestId, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port()
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
        } catch (SSLException e) {
            // every instance of one application serves HTTPS, or none: a peer that fails the handshake is misconfigured
            String message = "owner " + host + " failed the TLS handshake (does it serve HTTPS, with a certificate "
                    + "for " + host.host() + " from a CA this instance trusts?): " + e.getMessage();
            if (handshakeFailures.add(host)) {
                LOG.warn("forwarding queries: {} (logged once per instance)", message);
            }
            throw new StoreUnavailableException(message);
        } catch (IOException e) {
            throw new StoreUnavailableException("owner " + host + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while asking " + host);
        }
    }
}
