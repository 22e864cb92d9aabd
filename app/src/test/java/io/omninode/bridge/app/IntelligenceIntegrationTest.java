package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.SeedSamples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Performance windows and patterns on the embedded broker, read back through the query routes. */
class IntelligenceIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static BridgeFixture bridge;

    @BeforeAll
    static void start() {
        bridge = BridgeFixture.start(new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test"));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void shouldApplyAConfigChangeToNewDataWithoutARestart() {
        // Given the default threshold of 5 occurrences, 3 identical errors are not a pattern
        sendErrors("cache_warmer", "cache shard 17 unreachable after 3000 ms", 3);
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                .until(() -> !patternPublished("recurring_error", "cache shard"));
        // When the threshold is lowered live
        Reply config = bridge.admin().put("/admin/config", "{\"detector.recurring_error.min_occurrences\": 3}");
        assertThat(config.status()).as(config.text()).isEqualTo(200);
        await().atMost(WAIT).until(() -> TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.bridgeConfig, 1,
                Duration.ofSeconds(10)).size() >= 1);
        sendErrors("index_builder", "index segment 42 is corrupt at offset 9911", 3);

        // Then the new errors form a pattern under the new threshold
        JsonNode discovered = awaitPattern("recurring_error", "index segment");
        assertThat(discovered.at("/pattern_info/pattern_data/confidence_components").isObject()).isTrue();
        assertThat(discovered.at("/actionable_insights/risk_indicators").size()
                + discovered.at("/actionable_insights/optimization_opportunities").size()).isPositive();
        String patternId = discovered.at("/pattern_info/pattern_id").asText();

        Reply one = bridge.reader().get("/intelligence/patterns/" + patternId);
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.data().get("pattern_type").asText()).isEqualTo("recurring_error");
        assertThat(one.data().get("status").asText()).isEqualToIgnoringCase("active");
        Reply list = bridge.reader().get("/intelligence/patterns?pattern_type=recurring_error&status=active");
        assertThat(list.data().get("items").findValuesAsText("pattern_id")).contains(patternId);
        assertThat(bridge.reader().get("/intelligence/patterns/no-such-pattern").status()).isEqualTo(404);
    }

    @Test
    void shouldServeOpenWindowsAndAnExactMergedSummaryForATool() {
        List<Double> latencies = List.of(12.0, 15.0, 20.0, 25.0, 30.0, 45.0, 60.0, 80.0, 120.0, 400.0);
        for (double millis : latencies) {
            ObjectNode execution = SeedSamples.load("tool-execution.json");
            ((ObjectNode) execution.get("execution_info")).put("tool_name", "perf_probe");
            ((ObjectNode) execution.get("execution_timeline")).put("total_duration_ms", millis);
            assertThat(bridge.admin().post("/hooks/tool/execution", execution).status()).isEqualTo(200);
        }

        await().atMost(WAIT).until(() -> {
            Reply r = bridge.reader().get("/intelligence/performance/tools/perf_probe");
            return r.status() == 200 && r.data().at("/summary/count").asLong() == latencies.size();
        });
        Reply reply = bridge.reader().get("/intelligence/performance/tools/perf_probe");

        JsonNode summary = reply.data().get("summary");
        assertThat(summary.at("/latency_ms/max").asDouble()).isBetween(399.0, 401.0);
        assertThat(summary.at("/latency_ms/p50").asDouble()).isBetween(29.0, 31.0);
        assertThat(summary.get("errors").asLong()).isZero();
        assertThat(reply.data().get("windows").size()).isPositive();
        assertThat(bridge.reader().get("/intelligence/performance/tools/perf_probe?from=yesterday").status())
                .isEqualTo(400);
    }

    private static void sendErrors(String tool, String message, int times) {
        for (int i = 0; i < times; i++) {
            ObjectNode execution = SeedSamples.load("tool-execution-failed.json");
            ((ObjectNode) execution.get("execution_info")).put("tool_name", tool);
            ((ObjectNode) execution.get("execution_result")).put("status", "failed").put("error", message);
            Reply reply = bridge.admin().post("/hooks/tool/execution", execution);
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        }
    }

    private static boolean patternPublished(String type, String fragment) {
        return TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.intelligencePatterns, 0, Duration.ofSeconds(10))
                .stream().map(r -> r.value().payload())
                .anyMatch(p -> p.at("/pattern_info/pattern_type").asText().equals(type) && p.toString().contains(fragment));
    }

    private static JsonNode awaitPattern(String type, String signatureFragment) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (var record : TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.intelligencePatterns, 0,
                    Duration.ofSeconds(10))) {
                Envelope e = record.value();
                if (e.payload().at("/pattern_info/pattern_type").asText().equals(type)
                        && e.payload().toString().contains(signatureFragment)) {
                    found[0] = e.payload();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
