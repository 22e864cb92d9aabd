package io.omninode.bridge.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One HTTP call to a tool on an instance: {@code POST http://host:port/<path>} with the input as
 * body, on Jetty's asynchronous client (keep-alive connections per instance; on loopback a call
 * costs a tenth of what the JDK client's thread hand-offs did).
 */
public final class ToolCaller implements AutoCloseable {

    /** How a call ended. */
    public enum Outcome { RESPONSE, TIMEOUT, CONNECTION_FAILED }

    /** @param status HTTP status when {@link Outcome#RESPONSE}; body bytes; wall time in ms */
    public record Result(Outcome outcome, int status, byte[] body, double millis, String failure) {
        boolean success() {
            return outcome == Outcome.RESPONSE && status >= 200 && status < 300;
        }
    }

    /** Largest tool response read; a larger one fails the call (it could be neither captured nor cached). */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    private static final long CONNECT_TIMEOUT_MS = 2_000;
    private static final int MAX_CONNECTIONS_PER_INSTANCE = 256;

    private final HttpClient client;

    public ToolCaller() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("bridge-proxy");
        threads.setDaemon(true);
        client = new HttpClient();
        client.setExecutor(threads);
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_INSTANCE);
        client.setUserAgentField(null);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the proxy's HTTP client", e);
        }
    }

    public CompletableFuture<Result> call(TargetInstance instance, String tool, byte[] input, Duration timeout,
                                          Map<String, String> headers) {
        URI uri = URI.create("http://" + hostForUri(instance.host()) + ":" + instance.port() + instance.pathFor(tool));
        Request request = client.newRequest(uri)
                .method(HttpMethod.POST)
                .timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .body(new BytesRequestContent("application/json", input))
                .headers(h -> headers.forEach(h::put));
        CompletableFuture<Result> result = new CompletableFuture<>();
        long start = System.nanoTime();
        request.send(new BufferingResponseListener(MAX_RESPONSE_BYTES) {
            @Override
            public void onComplete(org.eclipse.jetty.client.Result done) {
                double millis = (System.nanoTime() - start) / 1e6;
                Throwable failure = done.getFailure();
                if (failure == null) {
                    result.complete(new Result(Outcome.RESPONSE, done.getResponse().getStatus(), getContent(), millis, null));
                } else if (failure instanceof TimeoutException) {
                    result.complete(new Result(Outcome.TIMEOUT, 0, new byte[0], millis,
                            "no response within " + timeout.toMillis() + " ms"));
                } else {
                    // refused, connect timeout, closed mid-exchange, response too large: no usable answer
                    result.complete(new Result(Outcome.CONNECTION_FAILED, 0, new byte[0], millis, failure.toString()));
                }
            }
        });
        return result;
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
