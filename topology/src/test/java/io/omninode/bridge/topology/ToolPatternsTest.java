package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.patterns.PatternIds;
import io.omninode.bridge.topology.patterns.PatternStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** error_burst and latency_regression, evaluated as each tool window closes. */
class ToolPatternsTest {

    static final String TOOL = "code_generator";

    @TempDir
    Path stateDir;
    PatternDriver patterns;

    @BeforeEach
    void start() {
        patterns = new PatternDriver(stateDir);
        // the seed's failed execution repeats one error: keep recurring_error out of these tests
        patterns.disable(PatternTypes.RECURRING_ERROR);
    }

    @AfterEach
    void stop() {
        patterns.close();
    }

    @Test
    void shouldDiscoverUpdateAndResolveAnErrorBurst() {
        // When: 3 of 10 runs fail (30 % ≥ 20 %, 30 % over 5 min ≥ 10 %)
        List<Envelope> firstWindow = window(10, 3);

        // Then: severity 0.3 / 0.4, support 10 / 50, persistence min(1, 0.3 / 0.2)
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.ERROR_BURST);
        assertThat(info.path("pattern_id").asText()).isEqualTo(PatternIds.of(PatternTypes.ERROR_BURST, TOOL));
        assertThat(info.at("/pattern_data/tool_name").asText()).isEqualTo(TOOL);
        assertThat(info.at("/pattern_data/confidence_components/severity").asDouble()).isEqualTo(0.75);
        assertThat(info.at("/pattern_data/confidence_components/support").asDouble()).isEqualTo(0.2);
        assertThat(info.at("/pattern_data/confidence_components/persistence").asDouble()).isEqualTo(1.0);
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.15);
        assertThat(discovered.payload().at("/actionable_insights/risk_indicators/0").asText())
                .contains(TOOL, "30 %");
        assertThat(discovered.payload().at("/actionable_insights/optimization_opportunities")).isNotEmpty();
        assertThat(discovered.payload().at("/analysis_context/analysis_window/sample_size").asLong()).isEqualTo(10);
        assertThat(patterns.state(PatternTypes.ERROR_BURST, TOOL).status()).isEqualTo(PatternStatus.ACTIVE);

        // When: the same executions are replayed (late now), and the next window is calm-free: 10 of 20 fail
        replay(firstWindow);
        window(20, 10);

        // Then: one update (0.15 → 1 × 0.4 × 1), no second discovery
        assertThat(patterns.events()).singleElement().satisfies(e -> {
            assertThat(e.eventType()).isEqualTo(EventTypes.PATTERN_UPDATED);
            assertThat(PatternDriver.info(e).path("confidence_score").asDouble()).isEqualTo(0.4);
        });

        // When: a window without errors
        window(20, 0);

        // Then
        assertThat(single(EventTypes.PATTERN_RESOLVED).payload().at("/pattern_info/pattern_data/status").asText())
                .isEqualTo("resolved");
        assertThat(patterns.state(PatternTypes.ERROR_BURST, TOOL).status()).isEqualTo(PatternStatus.RESOLVED);
    }

    @Test
    void shouldNotReportAnErrorBurstBelowMinimumRuns() {
        // When: 3 of 9 runs fail
        window(9, 3);

        // Then
        assertThat(patterns.events()).isEmpty();
    }

    @Test
    void shouldFollowAThresholdRaisedOnBridgeConfig() {
        // Given: the burst needs 20 runs
        patterns.config(ConfigKeys.ERROR_BURST_MIN_RUNS, IntNode.valueOf(20));

        // When
        window(10, 3);

        // Then
        assertThat(patterns.events()).isEmpty();
    }

    @Test
    void shouldPublishNothingFromADisabledDetector() {
        // Given
        patterns.disable(PatternTypes.ERROR_BURST);

        // When
        window(10, 5);

        // Then
        assertThat(patterns.events()).isEmpty();
    }

    @Test
    void shouldReportLatencyRegressionOnlyWhenTheAnomalyPersists() {
        // Given: three windows at 100 ms
        for (int i = 0; i < 3; i++) {
            latencyWindow(100);
        }

        // When: one anomalous window
        latencyWindow(1000);

        // Then: not yet
        assertThat(patterns.events()).isEmpty();

        // When: a second one in a row
        latencyWindow(1000);

        // Then
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.LATENCY_REGRESSION);
        assertThat(info.at("/pattern_data/consecutive_windows").asInt()).isEqualTo(2);
        // severity min(1, 10 / 4), support 24 / 40, persistence 2 / 4
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.3);
        assertThat(discovered.payload().at("/actionable_insights/risk_indicators/0").asText()).contains(TOOL);

        // When: back to normal
        latencyWindow(100);

        // Then
        assertThat(single(EventTypes.PATTERN_RESOLVED)).isNotNull();
    }

    /** {@code runs} executions of which {@code failures} fail, then the window closes. */
    private List<Envelope> window(int runs, int failures) {
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Envelope event = Events.execution(TOOL, SERVICE, i >= failures);
            sent.add(event);
            patterns.bridge.execution(TOOL, event);
        }
        patterns.bridge.advance(Duration.ofSeconds(60));
        patterns.bridge.advance(Duration.ofSeconds(12));
        return sent;
    }

    private void replay(List<Envelope> events) {
        Instant first = HealthDriver.T0.plusSeconds(1);
        events.forEach(e -> patterns.bridge.input(patterns.bridge.topics.toolExecution)
                .pipeInput(new TestRecord<>(TOOL, e, first)));
    }

    private void latencyWindow(double ms) {
        for (int i = 0; i < 24; i++) {
            patterns.bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, ms, 0));
        }
        patterns.bridge.advance(Duration.ofSeconds(60));
        patterns.bridge.advance(Duration.ofSeconds(12));
    }

    private Envelope single(String type) {
        List<Envelope> events = patterns.events();
        assertThat(events).extracting(Envelope::eventType).containsExactly(type);
        return events.get(0);
    }
}
