package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.ErrorRateWindow;
import io.omninode.bridge.topology.health.HealthTrigger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor service's tool error rate as a health trigger (≥ 50 % over ≥ 20 runs per window). */
class ErrorRateHealthTest {

    static final String OTHER = "omniagent-host2-7";
    static final String TOOL = "code_generator";

    @TempDir
    Path stateDir;
    HealthDriver bridge;

    @BeforeEach
    void start() {
        // the wall clock (and so the record timestamps) start at the beginning of a 60 s window
        bridge = new HealthDriver(stateDir);
        bridge.register(SERVICE, INSTANCE, 3600);
        bridge.register(SERVICE, OTHER, 3600);
        bridge.changes();
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void shouldNotDegradeBelowMinimumRuns() {
        // When: 19 runs, all failed
        runs(false, 19);

        // Then
        assertThat(bridge.changes()).isEmpty();
        ErrorRateWindow window = bridge.serviceHealth(SERVICE).errorWindow();
        assertThat(window.windowStart()).isEqualTo(HealthDriver.T0);
        assertThat(window.runs()).isEqualTo(19);
        assertThat(window.errors()).isEqualTo(19);
        assertThat(window.thresholdReported()).isFalse();
    }

    @Test
    void shouldDegradeEveryHealthyInstanceWhenErrorRateReachesThreshold() {
        // Given
        runs(true, 10);
        runs(false, 9);

        // When: the 20th run is the 10th failure: 50 %
        runs(false, 1);

        // Then
        assertThat(bridge.changes()).hasSize(2).allSatisfy(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.ERROR_RATE_THRESHOLD);
            assertThat(change.healthTransition().reason()).contains("50 %", "10 of 20");
        });
        assertThat(bridge.serviceHealth(SERVICE).overallHealth()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void shouldNotDegradeWhenErrorRateStaysBelowThreshold() {
        // When: 19 failures in 39 runs, below 50 % all along
        runs(true, 20);
        runs(false, 19);

        // Then
        assertThat(bridge.changes()).isEmpty();
    }

    @Test
    void shouldDegradeOncePerWindow() {
        // Given: degraded by the error rate, then healthy again by heartbeat
        runs(false, 20);
        bridge.heartbeat(SERVICE, INSTANCE, "healthy", 3600);
        bridge.heartbeat(SERVICE, OTHER, "healthy", 3600);
        bridge.changes();

        // When: more failures in the same window
        runs(false, 20);

        // Then
        assertThat(bridge.changes()).isEmpty();

        // When: the next window fails as much
        bridge.advance(Duration.ofSeconds(60));
        runs(false, 20);

        // Then
        assertThat(bridge.changes()).hasSize(2)
                .allSatisfy(change -> assertThat(change.healthTransition().triggerEvent())
                        .isEqualTo(HealthTrigger.ERROR_RATE_THRESHOLD));
        assertThat(bridge.serviceHealth(SERVICE).errorWindow().windowStart())
                .isEqualTo(HealthDriver.T0.plusSeconds(60));
    }

    @Test
    void shouldIgnoreExecutionsWithoutExecutorService() {
        // When
        for (int i = 0; i < 25; i++) {
            bridge.execution(TOOL, Events.execution(TOOL, null, false));
        }
        bridge.handOnRuns();

        // Then
        assertThat(bridge.changes()).isEmpty();
        assertThat(bridge.serviceHealth(SERVICE).errorWindow()).isNull();
    }

    @Test
    void shouldCountExecutionsByExecutorNotByTool() {
        // When: failures of a tool executed by another service
        for (int i = 0; i < 25; i++) {
            bridge.execution(TOOL, Events.execution(TOOL, "omniplan", false));
        }
        bridge.handOnRuns();

        // Then
        assertThat(bridge.changes()).isEmpty();
        assertThat(bridge.serviceHealth("omniplan")).isNull();
    }

    /** {@code times} successful or failed executions by {@link Events#SERVICE} at the current time. */
    @Test
    void shouldApplyThresholdsChangedOnBridgeConfigWithoutRebuilding() {
        // Given: at least 5 runs and 80 % set live
        bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.HEALTH_ERROR_RATE_MIN_RUNS, IntNode.valueOf(5));
        bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.HEALTH_ERROR_RATE_THRESHOLD, DoubleNode.valueOf(0.8));

        // When: 3 failures of 4, then a 4th of 5 (80 %)
        runs(true, 1);
        runs(false, 3);
        assertThat(bridge.changes()).isEmpty();
        runs(false, 1);

        // Then: both healthy instances degrade, well below the default 20 runs
        assertThat(bridge.changes()).hasSize(2).allSatisfy(change -> {
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.ERROR_RATE_THRESHOLD);
            assertThat(change.healthTransition().reason()).contains("80 %", "4 of 5");
        });
    }

    private void runs(boolean success, int times) {
        for (int i = 0; i < times; i++) {
            bridge.execution(TOOL, Events.execution(TOOL, SERVICE, success));
        }
        bridge.handOnRuns();
    }
}
