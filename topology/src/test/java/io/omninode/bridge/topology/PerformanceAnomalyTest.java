package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latency anomalies against the median p95 of previous windows, with their root cause. */
class PerformanceAnomalyTest {

    static final String TOOL = "code_generator";
    static final String SLOW = "omniplan";

    @TempDir
    Path stateDir;
    HealthDriver bridge;
    TestOutputTopic<String, Envelope> performance;

    @BeforeEach
    void start() {
        bridge = new HealthDriver(stateDir);
        performance = bridge.output(bridge.topics.intelligencePerformance);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void shouldReportAnomalyNamingTheExecutorWhoseLatencyRose() {
        // Given: three windows at ~100 ms on both executors
        for (int window = 0; window < 3; window++) {
            window(100, 100, 0.0);
        }
        assertThat(anomalies()).isEmpty();

        // When: omniplan's executions take 1 s
        window(100, 1000, 0.0);
        bridge.advance(Duration.ofSeconds(20));

        // Then
        List<Envelope> anomalies = anomalies();
        assertThat(anomalies).singleElement().satisfies(anomaly -> {
            JsonNode payload = anomaly.payload();
            assertThat(payload.at("/anomaly_info/tool_name").asText()).isEqualTo(TOOL);
            assertThat(payload.at("/anomaly_info/anomaly_type").asText()).isEqualTo("latency_regression");
            assertThat(payload.at("/anomaly_info/severity").asText()).isEqualTo("critical");
            assertThat(payload.at("/anomaly_info/window/start").asText())
                    .isEqualTo(HealthDriver.T0.plusSeconds(180).toString());
            assertThat(payload.at("/metrics_data/baseline_metrics/windows").asInt()).isEqualTo(3);
            assertThat(payload.at("/metrics_data/baseline_metrics/p95").asDouble()).isBetween(99.0, 101.0);
            assertThat(payload.at("/metrics_data/anomaly_metrics/count").asLong()).isEqualTo(24);
            assertThat(payload.at("/metrics_data/degradation_factor").asDouble()).isBetween(9.9, 10.1);
            assertThat(payload.at("/root_cause_analysis/primary_factor").asText()).isEqualTo("executor_mix");
            assertThat(payload.at("/root_cause_analysis/executor_mix/suspect_executor").asText()).isEqualTo(SLOW);
            assertThat(payload.at("/root_cause_analysis/executor_mix/executors/0/executor_service").asText())
                    .isEqualTo(SLOW);
            assertThat(payload.at("/root_cause_analysis/summary").asText()).contains(SLOW, TOOL);
            assertThat(payload.at("/root_cause_analysis/queue_time/change_ms").asDouble()).isZero();
        });
    }

    @Test
    void shouldKeepReportingARegressionThatLastsBecauseAnomalousWindowsAreNotBaseline() {
        // Given: one normal window is baseline enough
        bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.BASELINE_MIN_WINDOWS, IntNode.valueOf(1));
        window(100, 100, 0.0);

        // When: three slow windows in a row (2.5×: had the slow windows joined the baseline, its
        // median would be 175 ms by the third and the regression would vanish from view)
        for (int window = 0; window < 3; window++) {
            window(250, 250, 0.0);
        }
        bridge.advance(Duration.ofSeconds(20));

        // Then: every slow window is an anomaly against the normal baseline
        assertThat(anomalies()).hasSize(3).allSatisfy(anomaly -> {
            assertThat(anomaly.payload().at("/metrics_data/baseline_metrics/p95").asDouble()).isBetween(99.0, 101.0);
            assertThat(anomaly.payload().at("/metrics_data/baseline_metrics/windows").asInt()).isEqualTo(1);
        });
    }

    @Test
    void shouldNameQueueTimeWhenEveryExecutorWaitsLonger() {
        // Given
        for (int window = 0; window < 3; window++) {
            window(100, 100, 0.0);
        }

        // When: both executors take 400 ms more, all of it queued
        window(500, 500, 400.0);
        bridge.advance(Duration.ofSeconds(20));

        // Then
        assertThat(anomalies()).singleElement().satisfies(anomaly ->
                assertThat(anomaly.payload().at("/root_cause_analysis/primary_factor").asText())
                        .isEqualTo("queue_time"));
    }

    @Test
    void shouldNotReportBelowFactorOrMinimumSamples() {
        // Given
        for (int window = 0; window < 3; window++) {
            window(100, 100, 0.0);
        }

        // When: 1.9 × the baseline, then 10 × with only 10 samples
        window(190, 190, 0.0);
        for (int i = 0; i < 10; i++) {
            bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 1000, 0));
        }
        bridge.advance(Duration.ofSeconds(80));

        // Then
        assertThat(anomalies()).isEmpty();
    }

    @Test
    void shouldUseTheAnomalyFactorSetOnBridgeConfig() {
        // Given
        bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.ANOMALY_FACTOR, DoubleNode.valueOf(1.5));
        for (int window = 0; window < 3; window++) {
            window(100, 100, 0.0);
        }

        // When
        window(190, 190, 0.0);
        bridge.advance(Duration.ofSeconds(20));

        // Then
        assertThat(anomalies()).hasSize(1);
    }

    /** 12 executions on each executor in the current window, then the clock moves to the next window. */
    private void window(double serviceMs, double slowMs, double queueMs) {
        for (int i = 0; i < 12; i++) {
            bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, serviceMs, serviceMs == slowMs ? queueMs : 0));
            bridge.execution(TOOL, Events.execution(TOOL, SLOW, true, slowMs, queueMs));
        }
        bridge.advance(Duration.ofSeconds(60));
    }

    private List<Envelope> anomalies() {
        return performance.readValuesToList().stream()
                .filter(e -> EventTypes.PERFORMANCE_ANOMALY.equals(e.eventType()))
                .toList();
    }
}
