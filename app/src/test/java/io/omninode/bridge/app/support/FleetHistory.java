package io.omninode.bridge.app.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * A generated, seeded fleet history of {@link #MINUTES} minutes of event time, in the seed's shapes:
 * registrations and heartbeats, lifecycle hooks, critical errors and tool executions of six tools on
 * three executors, with one incident of every detector type and a near miss of each:
 * <ul>
 *   <li>{@code error_burst}: doc_writer fails 45 % for minutes 20–26; near miss: code_analyzer at 8 %;</li>
 *   <li>latency anomaly and {@code latency_regression}: test_runner 5× slower for minutes 30–34;
 *       near misses: dependency_scanner 5× slower in minute 50 only (an anomaly, no regression),
 *       log_summarizer 1.6× for minutes 55–58 (nothing);</li>
 *   <li>{@code recurring_error}: "connection refused to db-N after M retries" from code_generator and
 *       from critical error hooks in minutes 10–14; near miss: a quota message 4 times;</li>
 *   <li>{@code flapping_service}: svc-flap changes health 5 times in minutes 15–19; near miss: svc-calm 3 times;</li>
 *   <li>{@code tool_sequence}: code_analyzer then code_generator in 40 sessions; near miss:
 *       test_runner then doc_writer in 6;</li>
 *   <li>{@code startup_regression}: svc-boot 1.1 starts twice as slow as 1.0; near miss: svc-warm at 1.3×;</li>
 *   <li>{@code co_failure}: svc-h and svc-i turn unhealthy together 3 times; near miss: svc-j and svc-k twice;</li>
 *   <li>{@code retry_storm} and {@code cache_opportunity}: 12 identical proxied schema_lookup calls in a
 *       minute; near miss: another input 4 times.</li>
 * </ul>
 * Executor error rates stay far from the health threshold, so health transitions come from heartbeats only.
 */
public final class FleetHistory {

    public static final int MINUTES = 70;
    static final String[] TOOLS = {"code_generator", "code_analyzer", "test_runner", "doc_writer",
        "dependency_scanner", "log_summarizer"};
    static final double[] MEDIAN_MS = {800, 60, 2_000, 500, 300, 90};
    static final String[] EXECUTORS = {"svc-a", "svc-b", "svc-c"};
    /** Executions per minute of each tool (an anomaly needs 20 in a window: test_runner and dependency_scanner have them). */
    static final int[] PER_MINUTE = {10, 10, 24, 10, 24, 10};
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    /** One record of the history: where it goes, its key, value and event time. */
    public record Entry(Function<Topics, Topic<String, Envelope>> topic, String key, Envelope value, long timestamp) {
    }

    private final Instant start;
    private final Random random = new Random(20261201L);
    private final List<Entry> entries = new ArrayList<>();
    private long ids;

    private FleetHistory(Instant start) {
        this.start = start;
    }

    /** The history starting at {@code start} (a minute boundary), sorted by event time. */
    public static List<Entry> from(Instant start) {
        FleetHistory h = new FleetHistory(start);
        h.generate();
        h.entries.sort(Comparator.comparingLong(Entry::timestamp));
        return List.copyOf(h.entries);
    }

    private void generate() {
        for (String service : List.of("svc-a", "svc-b", "svc-c", "svc-flap", "svc-calm", "svc-h", "svc-i", "svc-j",
                "svc-k")) {
            registry(service, at(0, 1), registration(service));
        }
        executions();
        recurringErrors();
        flapping();
        sequences();
        startups();
        coFailures();
        proxied();
    }

    private void executions() {
        for (int minute = 0; minute < MINUTES; minute++) {
            for (int tool = 0; tool < TOOLS.length; tool++) {
                int perMinute = PER_MINUTE[tool];
                for (int i = 0; i < perMinute; i++) {
                    long at = at(minute, 60 * i / perMinute).toEpochMilli() + random.nextInt(1_500);
                    boolean ok = random.nextDouble() >= errorRate(tool, minute);
                    double ms = MEDIAN_MS[tool] * Math.exp(0.3 * random.nextGaussian()) * slowdown(tool, minute);
                    String executor = EXECUTORS[(tool + i) % EXECUTORS.length];
                    // the burst repeats one message; other failures each have their own
                    String error = ok ? null : tool == 3 && minute >= 20 && minute <= 26
                            ? String.format(Locale.ROOT, "timeout after %d ms waiting for %s", 100 + random.nextInt(900),
                            TOOLS[tool])
                            : "unsupported input kind " + WORDS[random.nextInt(WORDS.length)] + " in " + TOOLS[tool];
                    execution(TOOLS[tool], executor, ok, ms, error, null, at);
                }
            }
        }
    }

    private static double errorRate(int tool, int minute) {
        if (tool == 3 && minute >= 20 && minute <= 26) {
            return 0.45;
        }
        if (tool == 1 && minute >= 40 && minute <= 45) {
            return 0.08;
        }
        return 0.005;
    }

    private static double slowdown(int tool, int minute) {
        if (tool == 2 && minute >= 30 && minute <= 34) {
            return 5;
        }
        if (tool == 4 && minute == 50) {
            return 5;
        }
        if (tool == 5 && minute >= 55 && minute <= 58) {
            return 1.6;
        }
        return 1;
    }

    private void recurringErrors() {
        for (int i = 0; i < 6; i++) {
            execution("code_generator", "svc-a", false, 120,
                    "connection refused to db-" + (17 + i) + " after " + (3 + i) + " retries", null,
                    at(10 + i % 5, 7 + 5 * i).toEpochMilli());
        }
        for (int i = 0; i < 2; i++) {
            errors("svc-b", at(12, 20 + 10 * i), critical("svc-b", "connection refused to db-" + (40 + i)
                    + " after " + (9 + i) + " retries"));
        }
        for (int i = 0; i < 4; i++) {
            execution("doc_writer", "svc-c", false, 80, "quota exceeded for project " + (40 + i), null,
                    at(60 + 2 * i, 11).toEpochMilli());
        }
    }

    private void flapping() {
        String[] statuses = {"degraded", "healthy", "degraded", "healthy", "unhealthy"};
        for (int i = 0; i < statuses.length; i++) {
            registry("svc-flap", at(15 + i, 30), heartbeat("svc-flap", statuses[i]));
        }
        String[] calm = {"degraded", "healthy", "degraded"};
        for (int i = 0; i < calm.length; i++) {
            registry("svc-calm", at(25 + 4 * i, 15), heartbeat("svc-calm", calm[i]));
        }
    }

    private void sequences() {
        for (int s = 0; s < 40; s++) {
            String session = "sess-seq-" + s;
            Instant first = at(5 + s, 3);
            execution("code_analyzer", "svc-b", true, 60, null, session, first.toEpochMilli());
            execution("code_generator", "svc-a", true, 800, null, session, first.plusSeconds(20).toEpochMilli());
        }
        for (int s = 0; s < 6; s++) {
            String session = "sess-near-" + s;
            Instant first = at(8 + 7 * s, 41);
            execution("test_runner", "svc-c", true, 2_000, null, session, first.toEpochMilli());
            execution("doc_writer", "svc-c", true, 500, null, session, first.plusSeconds(30).toEpochMilli());
        }
    }

    private void startups() {
        for (int i = 0; i < 6; i++) {
            boolean newer = i >= 3;
            lifecycle("svc-boot", at(3 + 9 * i, 45), started("svc-boot", newer ? "1.1.0" : "1.0.0",
                    newer ? 2_000 + 10 * i : 1_000 + 10 * i));
            lifecycle("svc-warm", at(4 + 9 * i, 50), started("svc-warm", newer ? "2.1.0" : "2.0.0",
                    newer ? 1_300 + 10 * i : 1_000 + 10 * i));
        }
    }

    private void coFailures() {
        for (int i = 0; i < 3; i++) {
            failTogether("svc-h", "svc-i", 12 + 15 * i, 5, 35, 3, 10);
        }
        for (int i = 0; i < 2; i++) {
            failTogether("svc-j", "svc-k", 20 + 20 * i, 0, 40, 4, 5);
        }
    }

    /**
     * {@code a} turns unhealthy at {@code minute:aSecond}, {@code b} at {@code minute:bSecond}; both
     * recover {@code recoverAfter} minutes later ({@code b} at second {@code bRecoverSecond}).
     */
    private void failTogether(String a, String b, int minute, int aSecond, int bSecond, int recoverAfter,
                              int bRecoverSecond) {
        registry(a, at(minute, aSecond), heartbeat(a, "unhealthy"));
        registry(b, at(minute, bSecond), heartbeat(b, "unhealthy"));
        registry(a, at(minute + recoverAfter, aSecond), heartbeat(a, "healthy"));
        registry(b, at(minute + recoverAfter, bRecoverSecond), heartbeat(b, "healthy"));
    }

    private void proxied() {
        for (int i = 0; i < 12; i++) {
            proxiedExecution("in-storm", "out-1", at(33, 4 * i).toEpochMilli());
        }
        for (int i = 0; i < 4; i++) {
            proxiedExecution("in-calm", "out-2", at(47 + i, 9).toEpochMilli());
        }
    }

    private Instant at(int minute, int second) {
        return start.plus(Duration.ofMinutes(minute)).plusSeconds(second);
    }

    private void execution(String tool, String executor, boolean ok, double ms, String error, String session,
                           long at) {
        ObjectNode p = SeedSamples.load(ok ? SeedSamples.TOOL_EXECUTION : SeedSamples.TOOL_EXECUTION_FAILED);
        ObjectNode info = (ObjectNode) p.get("execution_info");
        info.put("tool_name", tool).put("execution_id", id()).put("executor_service", executor);
        ObjectNode context = (ObjectNode) info.get("execution_context");
        if (session == null) {
            context.putNull("session_id");
        } else {
            context.put("session_id", session);
        }
        ObjectNode timeline = (ObjectNode) p.get("execution_timeline");
        timeline.put("total_duration_ms", Math.round(ms * 10) / 10.0).put("queue_time_ms", 0);
        if (error != null) {
            ((ObjectNode) p.get("execution_result")).put("error", error);
        }
        entries.add(new Entry(t -> t.toolExecution, tool,
                envelope(EventTypes.TOOL_EXECUTION_COMPLETED, executor, null, p, at), at));
    }

    private void proxiedExecution(String input, String output, long at) {
        ObjectNode p = SeedSamples.load(SeedSamples.TOOL_EXECUTION);
        ObjectNode info = (ObjectNode) p.get("execution_info");
        info.put("tool_name", "schema_lookup").put("execution_id", id()).put("executor_service", "svc-b");
        ((ObjectNode) info.get("execution_context")).putNull("session_id");
        ((ObjectNode) p.get("execution_timeline")).put("total_duration_ms", 450).put("queue_time_ms", 0);
        p.putObject("input_analysis").put("input_hash", input);
        p.putObject("proxy").put("output_hash", output).put("cache_hit", false);
        entries.add(new Entry(t -> t.toolExecution, "schema_lookup",
                envelope(EventTypes.TOOL_EXECUTION_COMPLETED, "svc-b", null, p, at), at));
    }

    private void registry(String service, Instant at, Envelope event) {
        add(t -> t.registryServices, service, at, event);
    }

    private void lifecycle(String service, Instant at, Envelope event) {
        add(t -> t.serviceLifecycle, service, at, event);
    }

    private void errors(String service, Instant at, Envelope event) {
        add(t -> t.errors, service, at, event);
    }

    private void add(Function<Topics, Topic<String, Envelope>> topic, String service, Instant at, Envelope event) {
        entries.add(new Entry(topic, service, withTime(event, at), at.toEpochMilli()));
    }

    private Envelope registration(String service) {
        ObjectNode p = base(service);
        p.put("host", "127.0.0.1").put("port", 9000).put("version", "1.0.0");
        p.putArray("capabilities").add("tools");
        return envelope(EventTypes.REGISTRY_SERVICE_REGISTERED, service, instance(service), p, 0);
    }

    private Envelope heartbeat(String service, String status) {
        ObjectNode p = base(service).put("health_status", status);
        return envelope(EventTypes.REGISTRY_SERVICE_HEARTBEAT, service, instance(service), p, 0);
    }

    private ObjectNode base(String service) {
        ObjectNode p = SeedSamples.load(SeedSamples.HEARTBEAT).removeAll();
        p.put("registration_id", UUID.nameUUIDFromBytes(("registration:" + service + "/" + instance(service))
                .getBytes(StandardCharsets.UTF_8)).toString());
        p.put("service_name", service).put("instance_id", instance(service)).put("ttl_seconds", 86_400);
        return p;
    }

    private Envelope started(String service, String version, double startupMs) {
        ObjectNode p = SeedSamples.load(SeedSamples.LIFECYCLE_STARTED);
        ((ObjectNode) p.get("service_info")).put("name", service).put("version", version)
                .put("instance_id", instance(service));
        ((ObjectNode) p.get("startup_metrics")).put("startup_time_ms", startupMs);
        return envelope(EventTypes.SERVICE_STARTED, service, instance(service), p, 0);
    }

    private Envelope critical(String service, String message) {
        ObjectNode p = SeedSamples.load(SeedSamples.ERROR_HOOK);
        ((ObjectNode) p.get("error_info")).put("service_name", service).put("severity", "critical")
                .put("instance_id", instance(service));
        ((ObjectNode) p.get("error_details")).put("message", message);
        return envelope(EventTypes.ERROR_SERVICE_CRITICAL, service, instance(service), p, 0);
    }

    private static String instance(String service) {
        return service + "-1";
    }

    private String id() {
        return new UUID(20261201L, ids++).toString();
    }

    private Envelope envelope(String type, String service, String instance, ObjectNode payload, long at) {
        String id = id();
        return new Envelope(id, type, Envelope.VERSION, Instant.ofEpochMilli(at), new Source(service, instance, null),
                id, id, payload);
    }

    private static Envelope withTime(Envelope e, Instant at) {
        return new Envelope(e.eventId(), e.eventType(), e.eventVersion(), at, e.source(), e.correlationId(),
                e.requestId(), e.payload());
    }
}
