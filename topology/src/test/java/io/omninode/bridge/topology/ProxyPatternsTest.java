package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retry_storm and cache_opportunity, from executions captured by the proxy. */
class ProxyPatternsTest {

    private static final String INPUT = "a".repeat(64);
    private static final String OUTPUT = "b".repeat(64);

    @TempDir
    Path stateDir;
    PatternDriver patterns;

    @BeforeEach
    void start() {
        patterns = new PatternDriver(stateDir);
    }

    @AfterEach
    void stop() {
        patterns.close();
    }

    @Test
    void shouldDiscoverARetryStormWhenOneInputIsSentTenTimesInAMinute() {
        // When: 9 identical requests in 45 s — a near miss
        for (int i = 0; i < 9; i++) {
            patterns.bridge.execution("code_analyzer", proxied("code_analyzer", INPUT, OUTPUT, i % 3 != 0, 100));
            patterns.bridge.advance(Duration.ofSeconds(5));
        }
        assertThat(discovered(PatternTypes.RETRY_STORM)).isEmpty();

        // When: the 10th within the minute
        patterns.bridge.execution("code_analyzer", proxied("code_analyzer", INPUT, OUTPUT, false, 100));

        // Then: severity 0.5 + 0.5 × 4/10, support 10/20, persistence 45 s / 60 s
        List<Envelope> found = discovered(PatternTypes.RETRY_STORM);
        assertThat(found).hasSize(1);
        JsonNode info = PatternDriver.info(found.get(0));
        assertThat(info.at("/pattern_data/tool_name").asText()).isEqualTo("code_analyzer");
        assertThat(info.at("/pattern_data/input_hash").asText()).isEqualTo(INPUT);
        assertThat(info.at("/pattern_data/failed_in_window").asLong()).isEqualTo(4);
        assertThat(info.path("confidence_score").asDouble()).isCloseTo(0.7 * 0.5 * 0.75, org.assertj.core.data.Offset.offset(0.001));
        assertThat(found.get(0).payload().at("/actionable_insights/optimization_opportunities/0").asText())
                .contains("backoff");
    }

    @Test
    void shouldSuggestCachingWhenIdenticalInputsKeepGivingIdenticalOutputs() {
        for (int i = 0; i < 4; i++) {
            patterns.bridge.execution("code_analyzer", proxied("code_analyzer", INPUT, OUTPUT, true, 800));
            patterns.bridge.advance(Duration.ofMinutes(1));
        }
        // a different output for the same input is another subject: still only 4 identical ones
        patterns.bridge.execution("code_analyzer", proxied("code_analyzer", INPUT, "c".repeat(64), true, 800));
        assertThat(discovered(PatternTypes.CACHE_OPPORTUNITY)).isEmpty();

        patterns.bridge.execution("code_analyzer", proxied("code_analyzer", INPUT, OUTPUT, true, 800));

        List<Envelope> found = discovered(PatternTypes.CACHE_OPPORTUNITY);
        assertThat(found).hasSize(1);
        JsonNode info = PatternDriver.info(found.get(0));
        assertThat(info.at("/pattern_data/identical_executions_in_window").asLong()).isEqualTo(5);
        assertThat(found.get(0).payload().at("/actionable_insights/optimization_opportunities/0").asText())
                .contains("cache_policy");
    }

    @Test
    void shouldIgnoreExecutionsWithoutAnInputHash() {
        for (int i = 0; i < 20; i++) {
            patterns.bridge.execution("code_analyzer", Events.execution("code_analyzer", SERVICE, true));
        }

        assertThat(discovered(PatternTypes.RETRY_STORM)).isEmpty();
        assertThat(discovered(PatternTypes.CACHE_OPPORTUNITY)).isEmpty();
    }

    private List<Envelope> discovered(String type) {
        return patterns.events().stream()
                .filter(e -> e.eventType().equals(EventTypes.PATTERN_DISCOVERED))
                .filter(e -> PatternDriver.info(e).path("pattern_type").asText().equals(type))
                .toList();
    }

    /** An execution as the proxy captures it: with input and output hashes. */
    private static Envelope proxied(String tool, String input, String output, boolean success, double millis) {
        Envelope event = Events.execution(tool, SERVICE, success, millis, 0);
        ObjectNode payload = event.payload();
        payload.putObject("input_analysis").put("input_hash", input);
        payload.putObject("proxy").put("output_hash", success ? output : null).put("cache_hit", false);
        return event;
    }
}
