package io.omninode.bridge.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.OperationException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * A consul-api client with bounded timeouts (the library's default read timeout is ten minutes)
 * and the agent's ACL token. One per thread of use is not needed: the client is thread-safe.
 */
final class ConsulConnection implements Closeable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final CloseableHttpClient http;
    private final ConsulClient client;
    private final String token;

    /**
     * @param readTimeout longest wait for an answer; blocking queries need more than their wait
     */
    ConsulConnection(ConsulSettings settings, Duration readTimeout) {
        int connect = Math.toIntExact(CONNECT_TIMEOUT.toMillis());
        http = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connect)
                        .setConnectionRequestTimeout(connect)
                        .setSocketTimeout(Math.toIntExact(readTimeout.toMillis()))
                        .build())
                .setMaxConnTotal(16)
                .setMaxConnPerRoute(16)
                .disableAutomaticRetries()
                .build();
        String path = settings.url().getPath();
        ConsulRawClient.Builder raw = ConsulRawClient.Builder.builder()
                .setHost(settings.url().getScheme() + "://" + settings.url().getHost())
                .setPort(settings.port())
                .setHttpClient(http);
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            raw.setPath(path);
        }
        client = new ConsulClient(raw.build());
        token = settings.token();
    }

    ConsulClient client() {
        return client;
    }

    /** The ACL token for calls that take one; null sends none. */
    String token() {
        return token;
    }

    /** True when Consul answered {@code e} with this HTTP status. */
    static boolean answered(ConsulException e, int status) {
        return e instanceof OperationException op && op.getStatusCode() == status;
    }

    /** A one-line description for logs: status and message, never a stack trace. */
    static String describe(RuntimeException e) {
        if (e instanceof OperationException op) {
            String content = op.getStatusContent() == null ? "" : op.getStatusContent().strip();
            return "HTTP " + op.getStatusCode() + (content.isEmpty() ? "" : " " + abbreviate(content));
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
