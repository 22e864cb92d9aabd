package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.HealthTrigger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle hooks and critical errors as health triggers. */
class HookHealthTest {

    static final String OTHER = "omniagent-host2-7";

    @TempDir
    Path stateDir;
    HealthDriver bridge;

    @BeforeEach
    void start() {
        bridge = new HealthDriver(stateDir);
    }

    @AfterEach
    void stop() {
        bridge.close();
    }

    @Test
    void shouldEmitHookReportedWhenHealthChangedHookReportsDegraded() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.lifecycle(SERVICE, Events.healthChanged(SERVICE, INSTANCE, "healthy", "degraded"));

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HOOK_REPORTED);
            assertThat(change.healthTransition().reason()).contains("high_memory");
        });
    }

    @Test
    void shouldIgnoreHealthChangedHookWithUnusableStatus() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.lifecycle(SERVICE, Events.healthChanged(SERVICE, INSTANCE, "healthy", "starting"));

        // Then
        assertThat(bridge.changes()).isEmpty();
    }

    @Test
    void shouldEmitHookReportedHealthyWhenServiceStartedHookArrives() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.heartbeat(SERVICE, INSTANCE, "unhealthy");
        bridge.changes();

        // When
        bridge.lifecycle(SERVICE, Events.started(SERVICE, INSTANCE));

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HOOK_REPORTED);
        });
    }

    @Test
    void shouldIgnoreHooksAboutUnregisteredInstances() {
        // When
        bridge.lifecycle(SERVICE, Events.started(SERVICE, INSTANCE));
        bridge.lifecycle(SERVICE, Events.stopped(SERVICE, INSTANCE));
        bridge.error(SERVICE, Events.criticalError(SERVICE, INSTANCE, "critical"));

        // Then
        assertThat(bridge.changes()).isEmpty();
        assertThat(bridge.serviceHealth(SERVICE)).isNull();
    }

    @Test
    void shouldEmitStoppedWhenServiceStoppedHookArrives() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.lifecycle(SERVICE, Events.stopped(SERVICE, INSTANCE));

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.STOPPED);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.SERVICE_STOPPED);
            assertThat(change.healthTransition().reason()).contains("graceful_shutdown");
            assertThat(change.impactAssessment().serviceOverallHealth()).isEqualTo(HealthStatus.UNHEALTHY);
        });
    }

    @Test
    void shouldNeitherExpireNorKeepStoppedInstanceBeyondTenTtls() {
        // Given
        bridge.register(SERVICE, INSTANCE, 60);
        bridge.lifecycle(SERVICE, Events.stopped(SERVICE, INSTANCE));
        bridge.changes();

        // When: a stopped instance sends no heartbeats, and that is no expiry
        bridge.advance(Duration.ofSeconds(599));

        // Then
        assertThat(bridge.changes()).isEmpty();

        // When
        bridge.advance(Duration.ofSeconds(1));

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.STOPPED);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.REMOVED);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.SERVICE_STOPPED);
        });
        assertThat(bridge.serviceHealth(SERVICE)).isNull();
    }

    @Test
    void shouldEmitCriticalErrorForTheNamedInstanceOnly() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.register(SERVICE, OTHER);
        bridge.changes();

        // When
        bridge.error(SERVICE, Events.criticalError(SERVICE, INSTANCE, "critical"));

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.serviceInfo().instanceId()).isEqualTo(INSTANCE);
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.UNHEALTHY);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.CRITICAL_ERROR);
            assertThat(change.healthTransition().reason()).contains("database_connection_failed");
            assertThat(change.impactAssessment().healthyInstancesRemaining()).isEqualTo(1);
        });
    }

    @Test
    void shouldEmitCriticalErrorForEveryInstanceWhenErrorNamesNone() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.register(SERVICE, OTHER);
        bridge.changes();

        // When
        bridge.error(SERVICE, Events.criticalError(SERVICE, null, "critical"));

        // Then
        assertThat(bridge.changes())
                .extracting(change -> change.serviceInfo().instanceId(),
                        change -> change.healthTransition().currentStatus())
                .containsExactlyInAnyOrder(
                        tuple(INSTANCE, HealthStatus.UNHEALTHY),
                        tuple(OTHER, HealthStatus.UNHEALTHY));
    }

    @Test
    void shouldIgnoreErrorsBelowCriticalSeverity() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.error(SERVICE, Events.criticalError(SERVICE, INSTANCE, "high"));

        // Then
        assertThat(bridge.changes()).isEmpty();
    }

    @Test
    void shouldReportTheHookCorrelationIdOnTheDerivedEvent() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.error(SERVICE, Events.criticalError(SERVICE, INSTANCE, "critical"));

        // Then
        assertThat(bridge.healthEvents()).singleElement()
                .satisfies(event -> assertThat(event.correlationId()).isEqualTo(Events.CORRELATION_ID));
    }
}
