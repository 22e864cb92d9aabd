package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.HealthChange;
import io.omninode.bridge.topology.health.HealthTrigger;
import io.omninode.bridge.topology.health.InstanceHealth;
import io.omninode.bridge.topology.health.RegisteredInstance;
import io.omninode.bridge.topology.health.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration, heartbeat and deregistration triggers of the per-instance state machine. */
class RegistryHealthTest {

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
    void shouldEmitHealthyFromUnknownWhenInstanceRegisters() {
        // Given
        bridge.advance(Duration.ofMillis(250));

        // When
        bridge.register(SERVICE, INSTANCE, 45);

        // Then
        TestRecord<String, Envelope> record = bridge.output(bridge.topics.intelligenceHealth).readRecord();
        Envelope event = record.value();
        assertThat(record.key()).isEqualTo(SERVICE);
        assertThat(event.eventType()).isEqualTo(EventTypes.SERVICE_HEALTH_CHANGED);
        assertThat(event.timestamp()).isEqualTo(bridge.now());
        assertThat(event.source().serviceName()).isEqualTo(SERVICE);
        assertThat(event.source().instanceId()).isEqualTo(INSTANCE);
        assertThat(event.source().serviceVersion()).isEqualTo("1.2.3");
        assertThat(event.correlationId()).isEqualTo(Events.CORRELATION_ID);
        assertThat(event.requestId()).isEqualTo(Events.REQUEST_ID);
        assertThat(header(record, EventTypes.HEADER_EVENT_TYPE)).isEqualTo(EventTypes.SERVICE_HEALTH_CHANGED);
        assertThat(header(record, EventTypes.HEADER_CORRELATION_ID)).isEqualTo(Events.CORRELATION_ID);

        HealthChange change = HealthDriver.change(event);
        assertThat(change.serviceInfo()).isEqualTo(new HealthChange.ServiceInfo(SERVICE, INSTANCE, "1.2.3",
                bridge.registration(SERVICE).instances().get(0).host(), 8000));
        assertThat(change.healthTransition()).isEqualTo(new HealthChange.Transition(HealthStatus.UNKNOWN,
                HealthStatus.HEALTHY, HealthTrigger.REGISTERED, bridge.now(), "instance registered"));
        assertThat(change.impactAssessment()).isEqualTo(new HealthChange.ImpactAssessment(List.of(), List.of(),
                1, 1, HealthStatus.HEALTHY, Severity.LOW));
    }

    @Test
    void shouldKeepRegistrationAndHealthOfRegisteredInstance() {
        // When
        bridge.register(SERVICE, INSTANCE, 45);

        // Then
        RegisteredInstance registered = bridge.registration(SERVICE).instance(INSTANCE).orElseThrow();
        assertThat(registered.registrationId()).isNotBlank();
        assertThat(registered.version()).isEqualTo("1.2.3");
        assertThat(registered.port()).isEqualTo(8000);
        assertThat(registered.healthCheckUrl()).isEqualTo("http://10.0.1.15:8000/health");
        assertThat(registered.capabilities()).containsExactly("code_generation", "documentation", "testing",
                "refactoring");
        assertThat(registered.metadata().path("region").asText()).isEqualTo("us-west-2");
        assertThat(registered.ttlSeconds()).isEqualTo(45);
        assertThat(registered.lastHeartbeat()).isEqualTo(bridge.now());
        assertThat(registered.loadFactor()).isNull();

        InstanceHealth health = bridge.serviceHealth(SERVICE).instance(INSTANCE).orElseThrow();
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.triggerEvent()).isEqualTo(HealthTrigger.REGISTERED);
        assertThat(health.since()).isEqualTo(bridge.now());
        assertThat(health.lastHeartbeat()).isEqualTo(bridge.now());
        assertThat(health.expiresAt()).isEqualTo(bridge.now().plusSeconds(45));
        assertThat(health.expired()).isFalse();
        assertThat(bridge.serviceHealth(SERVICE).overallHealth()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void shouldNotEmitAgainWhenHealthyInstanceReregisters() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.advance(Duration.ofSeconds(5));
        bridge.register(SERVICE, INSTANCE);

        // Then
        assertThat(bridge.changes()).isEmpty();
        assertThat(bridge.registration(SERVICE).instance(INSTANCE).orElseThrow().lastHeartbeat())
                .isEqualTo(bridge.now());
    }

    @Test
    void shouldEmitHealthyWhenDegradedInstanceReregisters() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.heartbeat(SERVICE, INSTANCE, "degraded");
        bridge.changes();

        // When
        bridge.register(SERVICE, INSTANCE);

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.REGISTERED);
        });
    }

    @Test
    void shouldEmitDegradedWhenHeartbeatReportsDegraded() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.advance(Duration.ofSeconds(10));
        bridge.heartbeat(SERVICE, INSTANCE, "degraded");

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition()).isEqualTo(new HealthChange.Transition(HealthStatus.HEALTHY,
                    HealthStatus.DEGRADED, HealthTrigger.HEARTBEAT_REPORTED, bridge.now(),
                    "heartbeat reported degraded"));
            assertThat(change.impactAssessment().affectedCapabilities()).containsExactly("code_generation",
                    "documentation", "testing", "refactoring");
            assertThat(change.impactAssessment().serviceOverallHealth()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(change.impactAssessment().severity()).isEqualTo(Severity.HIGH);
        });
        RegisteredInstance registered = bridge.registration(SERVICE).instance(INSTANCE).orElseThrow();
        assertThat(registered.lastHeartbeat()).isEqualTo(bridge.now());
        assertThat(registered.loadFactor()).isEqualTo(0.37);
    }

    @Test
    void shouldEmitHealthyWhenHeartbeatReportsHealthyAgain() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.heartbeat(SERVICE, INSTANCE, "degraded");
        bridge.changes();

        // When
        bridge.heartbeat(SERVICE, INSTANCE, "healthy");

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HEARTBEAT_REPORTED);
            assertThat(change.impactAssessment().affectedCapabilities()).isEmpty();
            assertThat(change.impactAssessment().affectedTools()).isEmpty();
        });
    }

    @Test
    void shouldEmitNothingForRepeatedIdenticalHeartbeats() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.heartbeat(SERVICE, INSTANCE, "degraded");
        bridge.changes();

        // When
        for (int i = 0; i < 5; i++) {
            bridge.advance(Duration.ofSeconds(10));
            bridge.heartbeat(SERVICE, INSTANCE, "degraded");
        }

        // Then
        assertThat(bridge.changes()).isEmpty();
        assertThat(bridge.transitions(SERVICE).transitions()).hasSize(2);
    }

    @Test
    void shouldRemoveInstanceWhenItDeregisters() {
        // Given
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.pipe(bridge.topics.registryServices, SERVICE, Events.deregistered(SERVICE, INSTANCE));

        // Then
        assertThat(bridge.changes()).singleElement().satisfies(change -> {
            assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.HEALTHY);
            assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.REMOVED);
            assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.DEREGISTERED);
            assertThat(change.serviceInfo().version()).isEqualTo("1.2.3");
            assertThat(change.impactAssessment().totalInstances()).isZero();
            assertThat(change.impactAssessment().serviceOverallHealth()).isEqualTo(HealthStatus.UNKNOWN);
        });
        assertThat(bridge.registration(SERVICE)).isNull();
        assertThat(bridge.serviceHealth(SERVICE)).isNull();
    }

    @Test
    void shouldIgnoreDeregistrationOfUnknownInstance() {
        // When
        bridge.pipe(bridge.topics.registryServices, SERVICE, Events.deregistered(SERVICE, INSTANCE));

        // Then
        assertThat(bridge.changes()).isEmpty();
    }

    private static String header(TestRecord<String, Envelope> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
