package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.HealthTransition;
import io.omninode.bridge.topology.health.HealthTrigger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code health-transitions} store: the latest transitions per service, newest first, bounded. */
class HealthTransitionsStoreTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldKeepTransitionsNewestFirstWithTheirEventIds() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE);
            bridge.heartbeat(SERVICE, INSTANCE, "degraded");

            // When
            List<Envelope> events = bridge.healthEvents();

            // Then
            List<HealthTransition> log = bridge.transitions(SERVICE).transitions();
            assertThat(log).extracting(HealthTransition::currentStatus)
                    .containsExactly(HealthStatus.DEGRADED, HealthStatus.HEALTHY);
            assertThat(log).extracting(HealthTransition::eventId)
                    .containsExactly(events.get(1).eventId(), events.get(0).eventId());
            assertThat(log.get(0)).returns(INSTANCE, HealthTransition::instanceId)
                    .returns(HealthStatus.HEALTHY, HealthTransition::previousStatus)
                    .returns(HealthTrigger.HEARTBEAT_REPORTED, HealthTransition::triggerEvent)
                    .returns(HealthStatus.DEGRADED, HealthTransition::serviceOverallHealth)
                    .returns(0, HealthTransition::healthyInstancesRemaining)
                    .returns(1, HealthTransition::totalInstances);
        }
    }

    @Test
    void shouldKeepOnlyTheConfiguredNumberOfTransitions() {
        TopologyConfig config = new TopologyConfig(TopologyConfig.DEFAULTS.defaultTtl(),
                TopologyConfig.DEFAULTS.removalFactor(), TopologyConfig.DEFAULTS.punctuationInterval(), 5,
                TopologyConfig.DEFAULTS.errorRateWindow(), TopologyConfig.DEFAULTS.errorRateMinRuns(),
                TopologyConfig.DEFAULTS.errorRateThreshold());
        try (HealthDriver bridge = new HealthDriver(config, stateDir, HealthDriver.T0)) {
            // Given
            bridge.register(SERVICE, INSTANCE);

            // When: 1 + 8 transitions
            for (int i = 0; i < 4; i++) {
                bridge.heartbeat(SERVICE, INSTANCE, "degraded");
                bridge.heartbeat(SERVICE, INSTANCE, "healthy");
            }

            // Then
            List<Envelope> events = bridge.healthEvents();
            assertThat(events).hasSize(9);
            assertThat(bridge.transitions(SERVICE).transitions()).extracting(HealthTransition::eventId)
                    .containsExactly(events.get(8).eventId(), events.get(7).eventId(), events.get(6).eventId(),
                            events.get(5).eventId(), events.get(4).eventId());
        }
    }

    @Test
    void shouldKeepTheDefaultHundredTransitions() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE);

            // When
            for (int i = 0; i < 60; i++) {
                bridge.heartbeat(SERVICE, INSTANCE, "degraded");
                bridge.heartbeat(SERVICE, INSTANCE, "healthy");
            }

            // Then
            assertThat(bridge.transitions(SERVICE).transitions()).hasSize(100)
                    .first().returns(HealthStatus.HEALTHY, HealthTransition::currentStatus);
        }
    }
}
