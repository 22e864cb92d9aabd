package io.omninode.bridge.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;

/**
 * An HTTP/1.1 keep-alive load generator on Jetty's asynchronous client: closed-loop saturation
 * ({@link #saturate}: a fixed number of requests always in flight) and open-loop fixed rate
 * ({@link #fixedRate}: latency measured from each request's intended start, so a stall is not
 * hidden by coordinated omission). Latencies are recorded in microseconds in HdrHistogram.
 */
public final class LoadGenerator implements AutoCloseable {

    /** One request: method, URL, body (may be null) and extra headers. */
    public record Call(HttpMethod method, String url, byte[] body, Map<String, String> headers) {
        public static Call post(String url, byte[] body) {
            return new Call(HttpMethod.POST, url, body, Map.of());
        }

        public static Call get(String url) {
            return new Call(HttpMethod.GET, url, null, Map.of());
        }

        public Call withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Call(method, url, body, Map.copyOf(all));
        }
    }

    /** What a run measured. {@code latencyMicros} holds successful requests only. */
    public record Outcome(long ok, long failed, double seconds, Histogram latencyMicros, String firstFailure) {
        public double throughput() {
            return ok / seconds;
        }

        public double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }

        public double maxMillis() {
            return latencyMicros.getMaxValue() / 1000.0;
        }
    }

    private final HttpClient client;

    public LoadGenerator(int connections) {
        client = new HttpClient();
        client.setMaxConnectionsPerDestination(connections);
        client.setMaxRequestsQueuedPerDestination(1_000_000);
        client.setIdleTimeout(60_000);
        client.setFollowRedirects(false);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
    }

    /**
     * {@code concurrency} requests always in flight for {@code duration}: one sender thread
     * issues a request whenever one completes (sending from the completion callbacks instead
     * measured the client's thread hand-offs, at a third of the server's capacity).
     */
    public Outcome saturate(Supplier<Call> calls, int concurrency, Duration duration) {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        StringBuilder firstFailure = new StringBuilder();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            while (System.nanoTime() < end) {
                if (!inFlight.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                long sent = System.nanoTime();
                send(calls.get(), (status, failure) -> {
                    record(recorder, ok, failed, firstFailure, sent, status, failure);
                    inFlight.release();
                });
            }
            inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS); // let the last requests finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(ok.get(), failed.get(), seconds, recorder.getIntervalHistogram(), firstFailure.toString());
    }

    /** {@code perSecond} requests per second for {@code duration}, each timed from its intended start. */
    public Outcome fixedRate(Supplier<Call> calls, double perSecond, Duration duration) {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        StringBuilder firstFailure = new StringBuilder();
        long total = (long) (perSecond * duration.toNanos() / 1e9);
        CountDownLatch done = new CountDownLatch((int) total);
        double interval = 1e9 / perSecond;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * interval);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(calls.get(), (status, failure) -> {
                record(recorder, ok, failed, firstFailure, intended, status, failure);
                done.countDown();
            });
        }
        try {
            done.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = Math.max(duration.toNanos(), System.nanoTime() - start) / 1e9;
        return new Outcome(ok.get(), failed.get(), seconds, recorder.getIntervalHistogram(), firstFailure.toString());
    }

    private interface Completion {
        void done(int status, Throwable failure);
    }

    private void send(Call call, Completion completion) {
        Request request = client.newRequest(call.url()).method(call.method()).timeout(30, TimeUnit.SECONDS);
        if (call.body() != null) {
            request.body(new BytesRequestContent("application/json", call.body()));
        }
        if (!call.headers().isEmpty()) {
            request.headers(h -> call.headers().forEach(h::put));
        }
        request.send((Result result) -> completion.done(
                result.getResponse() == null ? 0 : result.getResponse().getStatus(), result.getFailure()));
    }

    private static void record(Recorder recorder, AtomicLong ok, AtomicLong failed, StringBuilder firstFailure,
                               long startNanos, int status, Throwable failure) {
        if (failure == null && status >= 200 && status < 300) {
            recorder.recordValue(Math.max(1, (System.nanoTime() - startNanos) / 1000));
            ok.incrementAndGet();
            return;
        }
        failed.incrementAndGet();
        synchronized (firstFailure) {
            if (firstFailure.length() == 0) {
                firstFailure.append(failure != null ? failure.toString() : "HTTP " + status);
            }
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
