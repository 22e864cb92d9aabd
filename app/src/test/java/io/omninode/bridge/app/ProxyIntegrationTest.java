package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.FakeToolService;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.SeedSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ToolCapture proxy against real HTTP tool services registered through the API. */
class ProxyIntegrationTest {

    private static BridgeFixture bridge;
    private static BridgeHttp admin;

    @BeforeAll
    static void start() {
        bridge = BridgeFixture.start(new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test"));
        admin = bridge.admin();
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void shouldCallAHealthyInstanceAndCaptureTheExecutionForTheSeedRequestShape() {
        try (FakeToolService tool = new FakeToolService("seedsvc-1")) {
            register("seedsvc", tool, "healthy", 0.1);
            ObjectNode request = SeedSamples.load("proxy-request.json");
            request.put("target_service", "seedsvc");

            Reply reply = bridge.agent().post("/proxy/tool/code_analyzer", request,
                    Map.of("X-Request-ID", "proxy-req-1", "X-Correlation-ID", "proxy-corr-1"));

            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.data().at("/result/overall_score").asInt()).isEqualTo(87);
            assertThat(reply.data().get("execution_id").asText()).isNotBlank();
            assertThat(reply.data().at("/execution_metadata/target_instance").asText()).isEqualTo("seedsvc-1");
            assertThat(reply.data().at("/execution_metadata/cache_hit").asBoolean()).isFalse();
            assertThat(reply.data().at("/execution_metadata/routing_strategy").asText()).isEqualTo("power_of_two_choices");
            assertThat(reply.data().at("/execution_metadata/attempts").asInt()).isEqualTo(1);
            String executionId = reply.data().get("execution_id").asText();
            Envelope captured = TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.toolExecution, 1,
                            Duration.ofSeconds(20)).stream().map(r -> r.value())
                    .filter(e -> e.payload().at("/execution_info/execution_id").asText().equals(executionId))
                    .findFirst().orElseThrow();
            assertThat(captured.eventType()).isEqualTo("tool.execution.completed");
            assertThat(captured.correlationId()).isEqualTo("proxy-corr-1");
            assertThat(captured.payload().at("/execution_info/executor_instance_id").asText()).isEqualTo("seedsvc-1");
            assertThat(captured.payload().at("/execution_result/status").asText()).isEqualTo("success");
            assertThat(captured.payload().at("/input_analysis/input_hash").asText()).hasSize(64);
            assertThat(captured.payload().at("/proxy/output_hash").asText()).hasSize(64);
            assertThat(captured.payload().at("/execution_timeline/total_duration_ms").isNumber()).isTrue();
            // every field the seed's OmniMemoryService.handle_tool_execution reads without a default
            assertThat(captured.payload().get("resource_usage").isObject()).isTrue();
            assertThat(captured.payload().at("/resource_usage/network_operations/requests_made").asInt()).isEqualTo(1);
            assertThat(captured.payload().at("/resource_usage/network_operations/bytes_received").asInt()).isPositive();
            assertThat(captured.payload().at("/execution_info/tool_name").asText()).isEqualTo("code_analyzer");
            assertThat(captured.timestamp()).isNotNull();
        }
    }

    @Test
    void shouldSpreadLoadTowardsTheInstanceWithMoreCapacityAndSkipUnhealthyOnes() throws Exception {
        try (FakeToolService fast = new FakeToolService("spread-fast"); FakeToolService slow = new FakeToolService("spread-slow")) {
            slow.behave(200, "{\"ok\": true}", 40);
            register("spreadsvc", fast, "healthy", 0.1);
            String slowId = register("spreadsvc", slow, "healthy", 0.9);

            callConcurrently("spreadsvc", 200, 8);

            assertThat(fast.calls.get() + slow.calls.get()).isEqualTo(200);
            assertThat(fast.calls.get()).as("fast, lightly loaded instance gets more").isGreaterThan(2 * slow.calls.get());

            heartbeat(slowId, "unhealthy", 0.9);
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/proxy/health/spreadsvc").data()
                    .get("instances").findValuesAsText("status").contains("unhealthy"));
            int before = slow.calls.get();
            callConcurrently("spreadsvc", 30, 4);
            assertThat(slow.calls.get()).as("no calls to the unhealthy instance").isEqualTo(before);
        }
    }

    @Test
    void shouldAnswer504WhenTheToolDoesNotAnswerInTime() {
        try (FakeToolService sleepy = new FakeToolService("sleepy-1")) {
            sleepy.behave(200, "{}", 3_000);
            register("sleepysvc", sleepy, "healthy", 0.1);

            Reply reply = admin.post("/proxy/tool/slow_tool", proxyBody("sleepysvc", 1, "default"));

            assertThat(reply.status()).as(reply.text()).isEqualTo(504);
            assertThat(reply.json().at("/error/code").asText()).isEqualTo("upstream_timeout");
        }
    }

    @Test
    void shouldRetryOnlyAsThePolicySaysOnAnotherInstance() {
        try (FakeToolService primary = new FakeToolService("retry-primary");
             FakeToolService fallback = new FakeToolService("retry-fallback")) {
            register("retrysvc", primary, "healthy", 0.1);
            register("retrysvc", fallback, "degraded", 0.1); // healthy is always tried first

            primary.behave(503, "{\"error\": \"overloaded\"}", 0);
            Reply retried = admin.post("/proxy/tool/t", proxyBody("retrysvc", 5, "default"));
            assertThat(retried.status()).as(retried.text()).isEqualTo(200);
            assertThat(retried.data().at("/execution_metadata/attempts").asInt()).isEqualTo(2);
            assertThat(retried.data().at("/execution_metadata/target_instance").asText()).isEqualTo("retry-fallback");

            primary.behave(500, "{\"error\": \"boom\"}", 0);
            int fallbackBefore = fallback.calls.get();
            Reply notRetried = admin.post("/proxy/tool/t", proxyBody("retrysvc", 5, "default"));
            assertThat(notRetried.status()).as(notRetried.text()).isEqualTo(502);
            assertThat(notRetried.json().at("/error/code").asText()).isEqualTo("upstream_error");
            assertThat(notRetried.json().at("/error/details").findValuesAsText("message")).contains("500");
            assertThat(fallback.calls.get()).as("a 500 may have run: not retried under default").isEqualTo(fallbackBefore);

            Reply aggressive = admin.post("/proxy/tool/t", proxyBody("retrysvc", 5, "aggressive"));
            assertThat(aggressive.status()).as(aggressive.text()).isEqualTo(200);
            assertThat(aggressive.data().at("/execution_metadata/attempts").asInt()).isEqualTo(2);

            primary.behave(503, "{}", 0);
            Reply none = admin.post("/proxy/tool/t", proxyBody("retrysvc", 5, "none"));
            assertThat(none.status()).as(none.text()).isEqualTo(502);
        }
    }

    @Test
    void shouldOpenTheCircuitAfterFiveConsecutiveFailures() {
        try (FakeToolService broken = new FakeToolService("breaker-1")) {
            broken.behave(500, "{}", 0);
            register("breakersvc", broken, "healthy", 0.1);

            double failed = metric("bridge_proxy_calls_total{outcome=\"failed\"}");
            double unavailable = metric("bridge_proxy_calls_total{outcome=\"unavailable\"}");
            for (int i = 0; i < 5; i++) {
                assertThat(admin.post("/proxy/tool/t", proxyBody("breakersvc", 5, "none")).status()).isEqualTo(502);
            }
            Reply open = admin.post("/proxy/tool/t", proxyBody("breakersvc", 5, "none"));
            assertThat(metric("bridge_proxy_calls_total{outcome=\"failed\"}")).isEqualTo(failed + 5);
            assertThat(metric("bridge_proxy_calls_total{outcome=\"unavailable\"}")).isEqualTo(unavailable + 1);
            assertThat(metric("bridge_proxy_circuits_open")).isGreaterThanOrEqualTo(1);

            assertThat(open.status()).as(open.text()).isEqualTo(503);
            assertThat(broken.calls.get()).as("no call while the circuit is open").isEqualTo(5);
            assertThat(admin.get("/proxy/health/breakersvc").data().at("/instances/0/circuit_state").asText())
                    .isEqualTo("open");
        }
    }

    @Test
    void shouldRefuseBadRequestsUnknownTargetsAndForbiddenAddressesWithoutCallingOut() {
        assertThat(admin.post("/proxy/tool/bad%20name", proxyBody("x", 5, "default")).status()).isEqualTo(400);
        assertThat(admin.post("/proxy/tool/t", "{\"input_data\": {}}").status()).isEqualTo(400);
        assertThat(admin.post("/proxy/tool/t", proxyBody("svc", 5, "sometimes")).status()).isEqualTo(400);
        Reply unknown = admin.post("/proxy/tool/t", proxyBody("never-registered", 5, "default"));
        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.json().at("/error/message").asText()).contains("never-registered");
        // its health is unknown, not an error (the seed's get_service_health_via_proxy expects 200)
        Reply health = admin.get("/proxy/health/never-registered");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.data().get("overall_health").asText()).isEqualTo("unknown");
        assertThat(health.data().get("instances")).isEmpty();
        assertThat(health.data().get("load_balancing_active").asBoolean()).isFalse();
        assertThat(bridge.reader().post("/proxy/tool/t", proxyBody("svc", 5, "default")).status()).isEqualTo(403);

        ObjectNode metadataHost = SeedSamples.load("registration.json");
        metadataHost.put("service_name", "metadatasvc").put("instance_id", "metadatasvc-1")
                .put("host", "169.254.169.254").put("port", 80);
        assertThat(admin.post("/registry/services", metadataHost).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !admin.get("/proxy/health/metadatasvc").data()
                .get("instances").isEmpty());
        Reply forbidden = admin.post("/proxy/tool/t", proxyBody("metadatasvc", 5, "default"));
        assertThat(forbidden.status()).as(forbidden.text()).isEqualTo(403);
        assertThat(forbidden.json().at("/error/code").asText()).isEqualTo("forbidden_target");
    }

    @Test
    void shouldNeverCallTheBridgesOwnListenersWhateverARegistrationSays() {
        int kafkaPort = Integer.parseInt(bridge.bootstrap.substring(bridge.bootstrap.lastIndexOf(':') + 1));
        for (Map.Entry<String, Integer> own : Map.of("ownhttpsvc", bridge.node.port(), "ownkafkasvc", kafkaPort).entrySet()) {
            ObjectNode body = SeedSamples.load("registration.json");
            body.put("service_name", own.getKey()).put("instance_id", own.getKey() + "-1").put("host", "localhost")
                    .put("port", own.getValue());
            assertThat(admin.post("/registry/services", body).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> !admin.get("/proxy/health/" + own.getKey()).data()
                    .get("instances").isEmpty());
            Reply refused = admin.post("/proxy/tool/t", proxyBody(own.getKey(), 5, "default"));
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("forbidden_target");
            assertThat(refused.json().at("/error/message").asText()).contains(":" + own.getValue() + " is ");
        }
    }

    @Test
    void shouldCacheAStableToolAfterLearningItAndServeRepeatsFromTheCache() {
        try (FakeToolService tool = new FakeToolService("cache-stable-1")) {
            register("cachesvc", tool, "healthy", 0.1);
            String body = proxyBody("cachesvc", 5, "default", "adaptive", "{\"q\": 1, \"lang\": \"py\"}");
            String reordered = proxyBody("cachesvc", 5, "default", "adaptive", "{\"lang\": \"py\", \"q\": 1}");

            Reply first = admin.post("/proxy/tool/stable_tool", body);
            Reply second = admin.post("/proxy/tool/stable_tool", body);
            Reply third = admin.post("/proxy/tool/stable_tool", reordered);

            assertThat(first.data().at("/execution_metadata/cache_hit").asBoolean()).isFalse();
            assertThat(second.data().at("/execution_metadata/cache_hit").asBoolean()).isFalse();
            assertThat(third.status()).as(third.text()).isEqualTo(200);
            assertThat(third.data().at("/execution_metadata/cache_hit").asBoolean())
                    .as("identical outputs seen for an identical input: cached (key order does not matter)").isTrue();
            assertThat(third.data().get("result")).isEqualTo(first.data().get("result"));
            assertThat(tool.calls.get()).isEqualTo(2);
            JsonNode stats = admin.get("/cache/stats").data().at("/tools/cachesvc~1stable_tool");
            assertThat(stats.get("policy").asText()).isEqualTo("cache");
            assertThat(stats.get("hits").asLong()).isEqualTo(1);
            assertThat(stats.get("ttl_seconds").asLong()).isPositive();
            assertThat(stats.get("reason").asText()).contains("identical outputs");
        }
    }

    @Test
    void shouldNeverCacheErrorsOrToolsWhoseOutputDiffersForTheSameInput() {
        try (FakeToolService flaky = new FakeToolService("cache-err-1"); FakeToolService random = new FakeToolService("cache-rnd-1")) {
            flaky.behave(500, "{\"error\": \"boom\"}", 0);
            random.behave(200, "{\"value\": {n}}", 0);
            register("errsvc", flaky, "healthy", 0.1);
            register("rndsvc", random, "healthy", 0.1);

            for (int i = 0; i < 2; i++) {
                assertThat(admin.post("/proxy/tool/t", proxyBody("errsvc", 5, "none", "force", "{}")).status()).isEqualTo(502);
            }
            for (int i = 0; i < 4; i++) {
                Reply r = admin.post("/proxy/tool/t", proxyBody("rndsvc", 5, "default", "adaptive", "{}"));
                assertThat(r.data().at("/execution_metadata/cache_hit").asBoolean()).isFalse();
            }

            assertThat(flaky.calls.get()).as("errors are not cached").isEqualTo(2);
            assertThat(random.calls.get()).isEqualTo(4);
            assertThat(admin.get("/cache/stats").data().at("/tools/rndsvc~1t/policy").asText()).isEqualTo("never");
        }
    }

    @Test
    void shouldCountCallsAndCacheLookupsAndEntriesOnMetrics() {
        try (FakeToolService tool = new FakeToolService("metrics-1")) {
            register("metricssvc", tool, "healthy", 0.1);
            String forced = proxyBody("metricssvc", 5, "default", "force", "{\"m\": 1}");
            double successes = metric("bridge_proxy_calls_total{outcome=\"success\"}");
            double cacheHits = metric("bridge_proxy_calls_total{outcome=\"cache_hit\"}");
            double lookupsHit = metric("bridge_proxy_cache_hits_total");
            double lookupsMissed = metric("bridge_proxy_cache_misses_total");

            // When: a call that misses the cache, then one it answers
            assertThat(admin.post("/proxy/tool/t", forced).status()).isEqualTo(200);
            assertThat(admin.post("/proxy/tool/t", forced).data().at("/execution_metadata/cache_hit").asBoolean()).isTrue();

            // Then
            assertThat(metric("bridge_proxy_calls_total{outcome=\"success\"}")).isEqualTo(successes + 1);
            assertThat(metric("bridge_proxy_calls_total{outcome=\"cache_hit\"}")).isEqualTo(cacheHits + 1);
            assertThat(metric("bridge_proxy_cache_misses_total")).isEqualTo(lookupsMissed + 1);
            assertThat(metric("bridge_proxy_cache_hits_total")).isEqualTo(lookupsHit + 1);
            assertThat(metric("bridge_proxy_call_duration_seconds_count{outcome=\"success\"}")).isPositive();
            assertThat(metric("bridge_proxy_cache_entries")).isPositive();
        }
    }

    /** One sample of {@code /metrics} (name with labels as Prometheus writes them), 0 when absent. */
    private static double metric(String sample) {
        return bridge.http().get("/metrics").text().lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void shouldExpireEntriesAfterTheirTtlAndEvictThemOnClear() {
        try (FakeToolService tool = new FakeToolService("cache-ttl-1")) {
            register("ttlsvc", tool, "healthy", 0.1);
            assertThat(admin.put("/admin/config", "{\"proxy.cache.default_ttl_seconds\": 5}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    admin.get("/cache/stats").data().at("/ttl_bounds/default_seconds").asLong() == 5);
            String forced = proxyBody("ttlsvc", 5, "default", "force", "{\"k\": \"v\"}");

            admin.post("/proxy/tool/t", forced);
            assertThat(admin.post("/proxy/tool/t", forced).data().at("/execution_metadata/cache_hit").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    !admin.post("/proxy/tool/t", forced).data().at("/execution_metadata/cache_hit").asBoolean());

            assertThat(admin.post("/proxy/tool/t", forced).data().at("/execution_metadata/cache_hit").asBoolean()).isTrue();
            assertThat(bridge.agent().delete("/cache/clear?pattern=ttlsvc/*").status()).as("admin only").isEqualTo(403);
            Reply cleared = admin.delete("/cache/clear?pattern=ttlsvc/*");
            assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
            assertThat(cleared.data().get("entries_cleared").asInt()).isGreaterThanOrEqualTo(1);
            int before = tool.calls.get();
            assertThat(admin.post("/proxy/tool/t", forced).data().at("/execution_metadata/cache_hit").asBoolean()).isFalse();
            assertThat(tool.calls.get()).isEqualTo(before + 1);
            assertThat(admin.put("/admin/config", "{\"proxy.cache.default_ttl_seconds\": null}").status()).isEqualTo(200);
        }
    }

    private static String register(String service, FakeToolService tool, String health, double load) {
        ObjectNode body = SeedSamples.load("registration.json");
        body.put("service_name", service).put("instance_id", tool.instanceId).put("host", "127.0.0.1")
                .put("port", tool.port());
        Reply reply = admin.post("/registry/services", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        String id = reply.data().get("registration_id").asText();
        heartbeat(id, health, load);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply h = admin.get("/proxy/health/" + service);
            return h.status() == 200 && h.data().get("instances").findValuesAsText("instance_id").contains(tool.instanceId)
                    && statusOf(h, tool.instanceId).equals(health);
        });
        return id;
    }

    private static String statusOf(Reply health, String instance) {
        for (var i : health.data().get("instances")) {
            if (i.get("instance_id").asText().equals(instance)) {
                return i.get("status").asText();
            }
        }
        return "";
    }

    private static void heartbeat(String registrationId, String health, double load) {
        Reply reply = admin.put("/registry/services/" + registrationId,
                "{\"health_status\": \"" + health + "\", \"load_factor\": " + load + "}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    private static String proxyBody(String target, int timeoutSeconds, String retryPolicy) {
        return proxyBody(target, timeoutSeconds, retryPolicy, "no_cache", "{\"source_code\": \"x\"}");
    }

    private static String proxyBody(String target, int timeoutSeconds, String retryPolicy, String cachePolicy,
                                    String input) {
        return "{\"target_service\": \"" + target + "\", \"input_data\": " + input + ", "
                + "\"execution_options\": {\"timeout_seconds\": " + timeoutSeconds + ", \"retry_policy\": \""
                + retryPolicy + "\", \"cache_policy\": \"" + cachePolicy + "\"}}";
    }

    private static void callConcurrently(String target, int calls, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                results.add(pool.submit(() -> admin.post("/proxy/tool/t", proxyBody(target, 10, "default")).status()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
