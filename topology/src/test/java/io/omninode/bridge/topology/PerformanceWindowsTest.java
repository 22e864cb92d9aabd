package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.performance.PerformanceKeys;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tumbling performance windows closed by wall clock (60 s windows, 10 s grace, 1 s punctuation). */
class PerformanceWindowsTest {

    static final String TOOL = "code_generator";
    static final String OTHER = "omniplan";

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
    void shouldEmitEachWindowOnceByWallClockWithoutLaterEvents() {
        // Given: 3 runs on omniagent (one failed), 1 on omniplan, in the window starting at T0
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 100, 10));
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 200, 20));
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, false, 300, 30));
        bridge.execution(TOOL, Events.execution(TOOL, OTHER, true, 400, 40));

        // When: the wall clock passes end + grace (70 s) minus 2 s
        bridge.advance(Duration.ofSeconds(68));

        // Then
        assertThat(performance.readValuesToList()).isEmpty();

        // When: it passes end + grace + 2 s
        bridge.advance(Duration.ofSeconds(4));

        // Then: one event for the tool, one per executor
        List<Envelope> events = performance.readValuesToList();
        assertThat(events).hasSize(3).allSatisfy(event -> {
            assertThat(event.eventType()).isEqualTo(EventTypes.PERFORMANCE_WINDOW);
            assertThat(event.payload().path("tool_name").asText()).isEqualTo(TOOL);
            assertThat(event.payload().at("/window/start").asText()).isEqualTo(HealthDriver.T0.toString());
            assertThat(event.payload().at("/window/end").asText()).isEqualTo(HealthDriver.T0.plusSeconds(60).toString());
        });
        JsonNode tool = perTool(events);
        assertThat(tool.path("executor_service").isNull()).isTrue();
        assertThat(tool.path("count").asLong()).isEqualTo(4);
        assertThat(tool.path("successes").asLong()).isEqualTo(3);
        assertThat(tool.path("errors").asLong()).isEqualTo(1);
        assertThat(tool.path("error_rate").asDouble()).isEqualTo(0.25);
        assertThat(tool.path("throughput_per_s").asDouble()).isCloseTo(4 / 60.0, within(0.001));
        assertThat(tool.at("/latency_ms/p50").asDouble()).isCloseTo(200, within(0.2));
        assertThat(tool.at("/latency_ms/p99").asDouble()).isCloseTo(400, within(0.4));
        assertThat(tool.at("/latency_ms/max").asDouble()).isEqualTo(400);
        assertThat(tool.at("/latency_ms/mean").asDouble()).isEqualTo(250);
        assertThat(tool.path("queue_time_ms_mean").asDouble()).isEqualTo(25);
        assertThat(tool.path("late_events").asLong()).isZero();
        assertThat(events).filteredOn(e -> SERVICE.equals(e.payload().path("executor_service").asText()))
                .singleElement().satisfies(e -> assertThat(e.payload().path("count").asLong()).isEqualTo(3));

        // When: much later, still no further events
        bridge.advance(Duration.ofMinutes(5));

        // Then: nothing is emitted twice
        assertThat(performance.readValuesToList()).isEmpty();
        ToolWindow stored = windowStore().fetch(PerformanceKeys.of(TOOL), HealthDriver.T0.toEpochMilli());
        assertThat(stored.count()).isEqualTo(4);
        assertThat(stored.closed()).isTrue();
        assertThat(stored.executors()).extracting(s -> s.executorService()).containsExactly(SERVICE, OTHER);
        assertThat(stored.executors().get(1).count()).isEqualTo(1);
        assertThat(stored.executors().get(1).latencySketch().percentile(50)).isCloseTo(400, within(0.4));
    }

    @Test
    void shouldCountEventsBeyondGraceAsLateAndReportThemWithTheNextWindow() {
        // Given: the first window has closed
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 100, 0));
        bridge.advance(Duration.ofSeconds(72));
        assertThat(performance.readValuesToList()).hasSize(2);

        // When: two executions of that window arrive, then one of the current window
        Instant inFirstWindow = HealthDriver.T0.plusSeconds(30);
        bridge.input(bridge.topics.toolExecution).pipeInput(new TestRecord<>(TOOL,
                Events.execution(TOOL, SERVICE, true, 100, 0), inFirstWindow));
        bridge.input(bridge.topics.toolExecution).pipeInput(new TestRecord<>(TOOL,
                Events.execution(TOOL, SERVICE, true, 100, 0), inFirstWindow));
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 100, 0));

        // Then: the closed window is unchanged, no event re-emitted, the tool counts 2 late events
        assertThat(windowStore().fetch(TOOL, HealthDriver.T0.toEpochMilli()).count()).isEqualTo(1);
        assertThat(performance.readValuesToList()).isEmpty();
        assertThat(lateEventsMetric()).isEqualTo(2.0);

        // When: the current window closes
        bridge.advance(Duration.ofSeconds(60));

        // Then: it reports the late events once
        assertThat(perTool(performance.readValuesToList()).path("late_events").asLong()).isEqualTo(2);
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 100, 0));
        bridge.advance(Duration.ofSeconds(60));
        assertThat(perTool(performance.readValuesToList()).path("late_events").asLong()).isZero();
    }

    @Test
    void shouldApplyAGraceChangedOnBridgeConfigWithoutRebuilding() {
        // Given: a grace of 30 s set live
        bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.WINDOW_GRACE_MS, IntNode.valueOf(30_000));
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 100, 0));

        // When: past the default grace
        bridge.advance(Duration.ofSeconds(75));

        // Then: still open
        assertThat(performance.readValuesToList()).isEmpty();

        // When: past the new grace
        bridge.advance(Duration.ofSeconds(16));

        // Then
        assertThat(performance.readValuesToList()).hasSize(2);

        // When: the key is deleted (back to the default 10 s)
        bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.WINDOW_GRACE_MS, null);
        bridge.execution(TOOL, Events.execution(TOOL, SERVICE, true, 100, 0));
        bridge.advance(Duration.ofSeconds(60));

        // Then
        assertThat(performance.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldMakeNoExecutionLateWhenAnotherTopicIsAheadInEventTime() {
        // Given: the lifecycle hooks, errors and health of the next hour are already written
        Instant nextHour = HealthDriver.T0.plus(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            bridge.input(bridge.topics.serviceLifecycle).pipeInput(new TestRecord<>(SERVICE,
                    Events.started(SERVICE, SERVICE + "-" + i), nextHour.plusSeconds(i)));
            bridge.input(bridge.topics.errors).pipeInput(new TestRecord<>(SERVICE,
                    Events.criticalError(SERVICE, SERVICE + "-" + i, "critical"), nextHour.plusSeconds(i)));
        }

        // When: the executions of this hour's first three minutes arrive after them
        for (int second = 0; second < 180; second += 2) {
            bridge.input(bridge.topics.toolExecution).pipeInput(new TestRecord<>(TOOL,
                    Events.execution(TOOL, SERVICE, true, 100, 0), HealthDriver.T0.plusSeconds(second)));
        }
        bridge.advance(Duration.ofSeconds(3 * 60 + 15));

        // Then: every execution is in its window, none is late
        List<JsonNode> windows = performance.readValuesToList().stream()
                .filter(e -> EventTypes.PERFORMANCE_WINDOW.equals(e.eventType()))
                .filter(e -> e.payload().path("executor_service").isNull())
                .map(e -> (JsonNode) e.payload()).toList();
        assertThat(windows).hasSize(3).allSatisfy(w -> {
            assertThat(w.path("count").asLong()).isEqualTo(30);
            assertThat(w.path("late_events").asLong()).isZero();
        });
        assertThat(lateEventsMetric()).isZero();
    }

    private WindowStore<String, ToolWindow> windowStore() {
        return bridge.driver.getWindowStore(StoreNames.TOOL_PERFORMANCE);
    }

    private double lateEventsMetric() {
        return bridge.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("late-events-total"))
                .map(e -> (Metric) e.getValue())
                .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
                .sum();
    }

    static JsonNode perTool(List<Envelope> events) {
        return events.stream()
                .filter(e -> EventTypes.PERFORMANCE_WINDOW.equals(e.eventType()))
                .filter(e -> e.payload().path("executor_service").isNull())
                .findFirst().orElseThrow().payload();
    }
}
