package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.HealthChange;
import io.omninode.bridge.topology.health.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's overall health and the severity of a change, as reported in {@code impact_assessment}. */
class OverallHealthTest {

    @TempDir
    Path stateDir;
    HealthDriver bridge;

    @BeforeEach
    void start() {
        bridge = new HealthDriver(stateDir);
        for (String instance : List.of("a", "b", "c")) {
            bridge.register(SERVICE, instance);
        }
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void shouldBeHealthyWhenAllInstancesAreHealthy() {
        // Then
        assertThat(last(bridge.changes()).impactAssessment())
                .returns(HealthStatus.HEALTHY, HealthChange.ImpactAssessment::serviceOverallHealth)
                .returns(3, HealthChange.ImpactAssessment::healthyInstancesRemaining)
                .returns(3, HealthChange.ImpactAssessment::totalInstances)
                .returns(Severity.LOW, HealthChange.ImpactAssessment::severity);
        assertThat(bridge.serviceHealth(SERVICE).overallHealth()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void shouldBeDegradedWithMediumSeverityWhenMostInstancesStayHealthy() {
        // When
        bridge.heartbeat(SERVICE, "a", "unhealthy");

        // Then
        assertThat(last(bridge.changes()).impactAssessment())
                .returns(HealthStatus.DEGRADED, HealthChange.ImpactAssessment::serviceOverallHealth)
                .returns(2, HealthChange.ImpactAssessment::healthyInstancesRemaining)
                .returns(Severity.MEDIUM, HealthChange.ImpactAssessment::severity);
    }

    @Test
    void shouldBeDegradedWithHighSeverityWhenFewerThanHalfAreHealthy() {
        // When
        bridge.heartbeat(SERVICE, "a", "unhealthy");
        bridge.heartbeat(SERVICE, "b", "degraded");

        // Then
        assertThat(last(bridge.changes()).impactAssessment())
                .returns(HealthStatus.DEGRADED, HealthChange.ImpactAssessment::serviceOverallHealth)
                .returns(1, HealthChange.ImpactAssessment::healthyInstancesRemaining)
                .returns(Severity.HIGH, HealthChange.ImpactAssessment::severity);
    }

    @Test
    void shouldBeDegradedWhileAnyInstanceIsDegradedEvenWithNoneHealthy() {
        // When
        bridge.heartbeat(SERVICE, "a", "unhealthy");
        bridge.heartbeat(SERVICE, "b", "unhealthy");
        bridge.heartbeat(SERVICE, "c", "degraded");

        // Then
        assertThat(last(bridge.changes()).impactAssessment().serviceOverallHealth()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(bridge.serviceHealth(SERVICE).overallHealth()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void shouldBeUnhealthyWithCriticalSeverityWhenNoInstanceIsUsable() {
        // When
        bridge.heartbeat(SERVICE, "a", "unhealthy");
        bridge.heartbeat(SERVICE, "b", "unhealthy");
        bridge.lifecycle(SERVICE, Events.stopped(SERVICE, "c"));

        // Then
        assertThat(last(bridge.changes()).impactAssessment())
                .returns(HealthStatus.UNHEALTHY, HealthChange.ImpactAssessment::serviceOverallHealth)
                .returns(0, HealthChange.ImpactAssessment::healthyInstancesRemaining)
                .returns(Severity.CRITICAL, HealthChange.ImpactAssessment::severity);
        assertThat(bridge.serviceHealth(SERVICE).overallHealth()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void shouldBeUnknownWhenNoInstancesAreLeft() {
        // When
        for (String instance : List.of("a", "b", "c")) {
            bridge.pipe(bridge.topics.registryServices, SERVICE, Events.deregistered(SERVICE, instance));
        }

        // Then
        assertThat(last(bridge.changes()).impactAssessment())
                .returns(HealthStatus.UNKNOWN, HealthChange.ImpactAssessment::serviceOverallHealth)
                .returns(0, HealthChange.ImpactAssessment::totalInstances);
    }

    private static HealthChange last(List<HealthChange> changes) {
        assertThat(changes).isNotEmpty();
        return changes.get(changes.size() - 1);
    }
}
