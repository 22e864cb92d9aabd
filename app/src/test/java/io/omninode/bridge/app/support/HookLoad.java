package io.omninode.bridge.app.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.schemas.SeedSamples;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Tool-execution hooks (the seed's sample, each with its own {@code execution_id}) POSTed by a few
 * loops, one request at a time each, and what every request got back. Bounded: it stops by itself
 * after {@code maxRequests}, and on {@link #close()}.
 */
public final class HookLoad implements AutoCloseable {

    /** Pause between one loop's reply and its next request. */
    private static final Duration PACE = Duration.ofMillis(20);

    /**
     * One request and its reply.
     *
     * @param status      the HTTP status, or -1 when no reply came (the client's 30 s timeout)
     * @param hookId      {@code data.hook_id} of a 200, else null
     * @param partition   {@code data.partition} of a 200, else -1
     * @param errorCode   {@code error.code} of any other reply, else null
     * @param retryAfter  the {@code Retry-After} header, or null
     * @param startNanos  {@link System#nanoTime()} before sending
     * @param endNanos    {@link System#nanoTime()} after the reply
     */
    public record Outcome(String executionId, int status, String hookId, int partition, String errorCode,
                          String retryAfter, long startNanos, long endNanos) {

        public boolean ok() {
            return status == 200;
        }

        public boolean startedAfter(long nanos) {
            return startNanos - nanos > 0;
        }

        public boolean endedBefore(long nanos) {
            return nanos - endNanos > 0;
        }
    }

    private final BridgeHttp http;
    private final String tool;
    private final int maxRequests;
    private final ScheduledExecutorService loops;
    private final AtomicInteger sent = new AtomicInteger();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    private HookLoad(BridgeHttp http, String tool, int loops, int maxRequests) {
        this.http = http;
        this.tool = tool;
        this.maxRequests = maxRequests;
        this.loops = Executors.newScheduledThreadPool(loops, r -> {
            Thread thread = new Thread(r, "hook-load-" + tool);
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < loops; i++) {
            this.loops.scheduleWithFixedDelay(this::postOne, 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Starts {@code loops} loops POSTing executions of {@code tool} to {@code http}, {@code maxRequests} at most. */
    public static HookLoad start(BridgeHttp http, String tool, int loops, int maxRequests) {
        return new HookLoad(http, tool, loops, maxRequests);
    }

    /** Every reply so far, in order of arrival. */
    public List<Outcome> outcomes() {
        return new ArrayList<>(outcomes);
    }

    /** How many replies so far satisfy {@code which}. */
    public long count(Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }

    /** Stops the loops and waits for the requests in flight to be answered. */
    @Override
    public void close() {
        loops.shutdown();
        try {
            if (!loops.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("hook load of " + tool + " did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void postOne() {
        int n = sent.incrementAndGet();
        if (n > maxRequests) {
            loops.shutdown();
            return;
        }
        String executionId = tool + "-" + n;
        ObjectNode hook = SeedSamples.load("tool-execution.json");
        ((ObjectNode) hook.get("execution_info")).put("tool_name", tool).put("execution_id", executionId);
        ((ObjectNode) hook.get("execution_timeline")).put("total_duration_ms", 10 + n % 90);
        long start = System.nanoTime();
        Reply reply;
        try {
            reply = http.post("/hooks/tool/execution", hook);
        } catch (UncheckedIOException e) {
            outcomes.add(new Outcome(executionId, -1, null, -1, e.getCause().toString(), null, start,
                    System.nanoTime()));
            return;
        }
        boolean ok = reply.status() == 200;
        outcomes.add(new Outcome(executionId, reply.status(), ok ? reply.data().get("hook_id").asText() : null,
                ok ? reply.data().get("partition").asInt() : -1, ok ? null : errorCode(reply),
                reply.header("Retry-After"), start, System.nanoTime()));
    }

    private static String errorCode(Reply reply) {
        try {
            return reply.json().at("/error/code").asText("(no error.code) " + reply.text());
        } catch (UncheckedIOException e) {
            return "(not JSON) " + reply.text();
        }
    }
}
