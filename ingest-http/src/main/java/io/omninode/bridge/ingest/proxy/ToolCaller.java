package io.omninode.bridge.ingest.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** One HTTP call to a tool on an instance: {@code POST http://host:port/<path>} with the input as body. */
public final class ToolCaller {

    /** How a call ended. */
    public enum Outcome { RESPONSE, TIMEOUT, CONNECTION_FAILED }

    /** @param status HTTP status when {@link Outcome#RESPONSE}; body bytes; wall time in ms */
    public record Result(Outcome outcome, int status, byte[] body, double millis, String failure) {
        boolean success() {
            return outcome == Outcome.RESPONSE && status >= 200 && status < 300;
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * The client's own pooled threads: without an executor, its completions fall back to
     * CompletableFuture's default, which on a 2-core machine starts a new thread per call.
     */
    private final HttpClient client = HttpClient.newBuilder()
            .executor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "bridge-proxy-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }))
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public CompletableFuture<Result> call(TargetInstance instance, String tool, byte[] input, Duration timeout,
                                          Map<String, String> headers) {
        URI uri = URI.create("http://" + hostForUri(instance.host()) + ":" + instance.port() + instance.pathFor(tool));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(input));
        headers.forEach(request::header);
        long start = System.nanoTime();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            double millis = (System.nanoTime() - start) / 1e6;
            if (error == null) {
                return new Result(Outcome.RESPONSE, response.statusCode(), response.body(), millis, null);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
                return new Result(Outcome.CONNECTION_FAILED, 0, new byte[0], millis, cause.toString());
            }
            if (cause instanceof HttpTimeoutException) {
                return new Result(Outcome.TIMEOUT, 0, new byte[0], millis, "no response within " + timeout.toMillis() + " ms");
            }
            if (cause instanceof IOException) {
                return new Result(Outcome.CONNECTION_FAILED, 0, new byte[0], millis, cause.toString());
            }
            return new Result(Outcome.CONNECTION_FAILED, 0, new byte[0], millis, cause.toString());
        });
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
