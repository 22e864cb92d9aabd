package io.omninode.bridge.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Demo traffic, one {@link #tick(int)} per second, shaped so that every detector fires within
 * about three minutes (with the default 60 s windows):
 * <ul>
 *   <li>{@code demo-agent} runs {@code code_analyzer} steadily, then ~5× slower from the second
 *       minute on one executor: performance anomalies in the second and third windows, then
 *       {@code latency_regression} (the runner lowers {@code performance.baseline.min_windows} to 1
 *       so one normal window is baseline enough);</li>
 *   <li>{@code code_generator} fails 40 % of the time with the same error (digits vary):
 *       {@code error_burst} and {@code recurring_error};</li>
 *   <li>instance {@code demo-agent-2} alternates degraded/healthy: {@code flapping_service};</li>
 *   <li>sessions call {@code plan_builder} then {@code code_generator}: {@code tool_sequence};</li>
 *   <li>{@code demo-planner} 1.1.0 starts twice as slowly as 1.0.0: {@code startup_regression};</li>
 *   <li>{@code demo-planner} and {@code demo-store} fail critically together every 30 s and
 *       recover: {@code co_failure}.</li>
 * </ul>
 */
final class DemoScenario {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String[]> INSTANCES = List.of(
            new String[] {"demo-agent", "demo-agent-1", "9101"}, new String[] {"demo-agent", "demo-agent-2", "9102"},
            new String[] {"demo-planner", "demo-planner-1", "9201"}, new String[] {"demo-store", "demo-store-1", "9301"});

    /** From this second on one executor of code_analyzer is ~5× slower. */
    static final int SLOW_FROM_SECOND = 60;

    private final DemoClient client;
    private final Random random = new Random(42);
    private final List<String> registrations = new ArrayList<>();
    private int session;

    DemoScenario(DemoClient client) {
        this.client = client;
    }

    /**
     * Registers the services and tools; returns when the bridge has accepted them. With an admin
     * token it also lowers {@code performance.baseline.min_windows} to 1 (returns whether it did).
     */
    boolean setUp() {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        CompletableFuture<JsonNode> config = client.sendQuietly("PUT", "/admin/config",
                NODES.objectNode().put("performance.baseline.min_windows", 1));
        for (String[] i : INSTANCES) {
            ObjectNode body = NODES.objectNode().put("service_name", i[0]).put("instance_id", i[1])
                    .put("version", "1.0.0").put("host", "127.0.0.1").put("port", Integer.parseInt(i[2]))
                    .put("ttl_seconds", 30);
            body.putArray("capabilities").add("demo").add(i[0].substring(5));
            pending.add(client.send("POST", "/registry/services", body).thenAccept(data -> {
                if (data != null) {
                    synchronized (registrations) {
                        registrations.add(data.get("registration_id").asText() + "|" + i[1]);
                    }
                }
            }));
        }
        for (String[] tool : new String[][] {{"code_analyzer", "demo-agent", "code_analysis"},
                {"code_generator", "demo-agent", "code_generation"}, {"plan_builder", "demo-planner", "planning"}}) {
            ObjectNode body = NODES.objectNode().put("tool_name", tool[0]).put("service_source", tool[1])
                    .put("version", "1.0.0").put("category", tool[2]).put("description", "demo tool " + tool[0]);
            body.putObject("input_schema").put("type", "object");
            body.putObject("output_schema").put("type", "object");
            pending.add(client.send("POST", "/registry/tools", body));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return config.join() != null;
    }

    /** One second of traffic at second {@code t} of the demo. */
    void tick(int t) {
        if (t % 5 == 0) {
            heartbeats(t);
        }
        if (t < 6) {
            startup(t < 3 ? "1.0.0" : "1.1.0", t < 3 ? 1_000 : 2_100);
        }
        if (t % 30 == 10) {
            criticalError("demo-planner", "demo-planner-1");
            criticalError("demo-store", "demo-store-1");
        }
        boolean slow = t >= SLOW_FROM_SECOND;
        for (int i = 0; i < 6; i++) {
            String executor = i % 2 == 0 ? "demo-agent" : "demo-worker";
            double base = 40 + random.nextDouble() * 20;
            execution("code_analyzer", executor, slow && executor.equals("demo-agent") ? base * 5 : base, true, null);
        }
        boolean fail = random.nextDouble() < 0.4;
        execution("code_generator", "demo-agent", 200 + random.nextDouble() * 100, !fail,
                fail ? "connection refused to db-" + random.nextInt(9) + ":5432 after " + (3000 + random.nextInt(900))
                        + " ms (request " + UUID.randomUUID() + ")" : null);
        if (t % 3 == 0) {
            String sessionId = "demo-session-" + session++;
            // B only after A was accepted, so every session really is plan_builder → code_generator
            execution("plan_builder", "demo-planner", 80, true, null, sessionId)
                    .thenRun(() -> execution("code_generator", "demo-agent", 250, true, null, sessionId));
        }
    }

    private void heartbeats(int t) {
        List<String> copy;
        synchronized (registrations) {
            copy = List.copyOf(registrations);
        }
        for (String r : copy) {
            String[] parts = r.split("\\|");
            String status = "healthy";
            if (parts[1].equals("demo-agent-2") && t < 90) {
                status = (t / 5) % 2 == 0 ? "degraded" : "healthy";
            }
            client.send("PUT", "/registry/services/" + parts[0], NODES.objectNode().put("health_status", status)
                    .put("load_factor", 0.3 + random.nextDouble() * 0.4));
        }
    }

    private void startup(String version, double millis) {
        ObjectNode body = NODES.objectNode().put("hook_type", "service_started");
        body.putObject("service_info").put("name", "demo-planner").put("instance_id", "demo-planner-1")
                .put("version", version).put("host", "127.0.0.1").put("port", 9201);
        body.putObject("startup_metrics").put("startup_time_ms", millis + random.nextDouble() * 100);
        client.send("POST", "/hooks/service/lifecycle", body);
    }

    private void criticalError(String service, String instance) {
        ObjectNode body = NODES.objectNode().put("hook_type", "error_occurred");
        body.putObject("error_info").put("service_name", service).put("instance_id", instance)
                .put("error_type", "dependency_unavailable").put("severity", "critical");
        body.putObject("error_details").put("message", "shared storage volume vol-" + random.nextInt(99)
                + " is read-only").put("exception_type", "IOError");
        client.send("POST", "/hooks/error", body);
    }

    private void execution(String tool, String executor, double millis, boolean success, String error) {
        execution(tool, executor, millis, success, error, "demo-session-free-" + random.nextInt(1_000_000));
    }

    private CompletableFuture<?> execution(String tool, String executor, double millis, boolean success, String error,
                                           String sessionId) {
        ObjectNode body = NODES.objectNode().put("hook_type", "tool_executed");
        ObjectNode info = body.putObject("execution_info").put("tool_name", tool).put("tool_version", "1.0.0")
                .put("execution_id", UUID.randomUUID().toString()).put("requester_service", "demo-client")
                .put("executor_service", executor);
        info.putObject("execution_context").put("session_id", sessionId).put("priority", "normal");
        Instant now = Instant.now();
        body.putObject("execution_timeline").put("requested_at", now.toString())
                .put("total_duration_ms", millis).put("queue_time_ms", millis * 0.05)
                .put("execution_time_ms", millis * 0.95);
        ObjectNode result = body.putObject("execution_result").put("status", success ? "success" : "failed")
                .put("exit_code", success ? 0 : 1);
        if (error != null) {
            result.put("error", error);
        } else {
            result.putNull("error");
        }
        body.putObject("resource_usage");
        return client.send("POST", "/hooks/tool/execution", body);
    }
}
