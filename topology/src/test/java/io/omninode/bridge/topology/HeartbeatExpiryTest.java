package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.HealthChange;
import io.omninode.bridge.topology.health.HealthTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeat TTL expiry, resumption and removal, detected by wall-clock punctuation. */
class HeartbeatExpiryTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldNotExpireBeforeTtl() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.changes();

            // When
            bridge.advance(Duration.ofSeconds(59));

            // Then
            assertThat(bridge.changes()).isEmpty();
            assertThat(bridge.serviceHealth(SERVICE).instance(INSTANCE).orElseThrow().status())
                    .isEqualTo(HealthStatus.HEALTHY);
        }
    }

    @Test
    void shouldEmitExpiryWhenHeartbeatMissesTtl() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            Instant registeredAt = bridge.now();
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(59));
            bridge.changes();

            // When: the next punctuation runs just past last_heartbeat + ttl
            bridge.advance(Duration.ofMillis(1500));

            // Then
            assertThat(bridge.healthEvents()).singleElement().satisfies(event -> {
                HealthChange change = HealthDriver.change(event);
                assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.HEALTHY);
                assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HEARTBEAT_TTL_EXPIRED);
                assertThat(change.healthTransition().transitionTime())
                        .isBetween(registeredAt.plusSeconds(60), registeredAt.plusSeconds(62));
                assertThat(change.impactAssessment().serviceOverallHealth()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(event.correlationId()).isNull();
                assertThat(event.requestId()).isNull();
            });
            assertThat(bridge.serviceHealth(SERVICE).instance(INSTANCE).orElseThrow().expired()).isTrue();

            // And: further punctuations do not repeat it
            bridge.advance(Duration.ofSeconds(30));
            assertThat(bridge.changes()).isEmpty();
        }
    }

    @Test
    void shouldNotExpireWhileAnInputCannotBeReadAndStartTheClockAgainOnceItCan() {
        long[] readableSince = {Long.MIN_VALUE};
        try (HealthDriver bridge = new HealthDriver(stateDir, wallClockMs -> readableSince[0])) {
            // Given: a registration, then an input partition that cannot be read to its end
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(30));
            bridge.changes();
            readableSince[0] = Long.MAX_VALUE;

            // When: the TTL passes while it stays unreadable (a heartbeat may be held in it)
            bridge.advance(Duration.ofSeconds(60));

            // Then: no expiry
            assertThat(bridge.changes()).isEmpty();

            // When: it is readable again, the instance's clock starts then: no expiry for another TTL
            Instant readable = bridge.now();
            readableSince[0] = readable.toEpochMilli();
            bridge.advance(Duration.ofSeconds(59));
            assertThat(bridge.changes()).isEmpty();

            // Then: without a heartbeat by then, it expires
            bridge.advance(Duration.ofMillis(1500));
            assertThat(bridge.healthEvents()).singleElement().satisfies(event -> {
                HealthChange change = HealthDriver.change(event);
                assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HEARTBEAT_TTL_EXPIRED);
                assertThat(change.healthTransition().transitionTime())
                        .isBetween(readable.plusSeconds(60), readable.plusSeconds(62));
            });
        }
    }

    @Test
    void shouldNotExpireWhileHeartbeatsArrive() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.changes();

            // When
            for (int i = 0; i < 6; i++) {
                bridge.advance(Duration.ofSeconds(30));
                bridge.heartbeat(SERVICE, INSTANCE, "healthy");
            }

            // Then
            assertThat(bridge.changes()).isEmpty();
        }
    }

    @Test
    void shouldEmitHeartbeatResumedWhenExpiredInstanceHeartbeatsAgain() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(61));
            bridge.changes();

            // When
            bridge.heartbeat(SERVICE, INSTANCE, "degraded");

            // Then
            assertThat(bridge.changes()).singleElement().satisfies(change -> {
                assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HEARTBEAT_RESUMED);
            });
            assertThat(bridge.serviceHealth(SERVICE).instance(INSTANCE).orElseThrow().expired()).isFalse();
        }
    }

    @Test
    void shouldIgnoreHookReportsForExpiredInstance() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(61));
            bridge.changes();

            // When: only a heartbeat or registration revives an expired instance
            bridge.lifecycle(SERVICE, Events.started(SERVICE, INSTANCE));
            bridge.lifecycle(SERVICE, Events.healthChanged(SERVICE, INSTANCE, "unhealthy", "healthy"));

            // Then
            assertThat(bridge.changes()).isEmpty();
        }
    }

    @Test
    void shouldRemoveExpiredInstanceAfterTenTtls() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(60));
            Instant expiredAt = bridge.now();
            bridge.changes();

            // When
            bridge.advance(Duration.ofSeconds(599));

            // Then
            assertThat(bridge.changes()).isEmpty();

            // When
            bridge.advance(Duration.ofSeconds(1));

            // Then
            assertThat(bridge.changes()).singleElement().satisfies(change -> {
                assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.UNHEALTHY);
                assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.REMOVED);
                assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HEARTBEAT_TTL_EXPIRED);
                assertThat(change.healthTransition().transitionTime()).isEqualTo(expiredAt.plusSeconds(600));
                assertThat(change.impactAssessment().totalInstances()).isZero();
            });
            assertThat(bridge.registration(SERVICE)).isNull();
            assertThat(bridge.serviceHealth(SERVICE)).isNull();
        }
    }

    @Test
    void shouldRemoveAfterARemovalFactorChangedOnBridgeConfig() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given: removal after 2 TTLs instead of 10, set live
            bridge.pipe(bridge.topics.bridgeConfig, ConfigKeys.HEALTH_REMOVAL_FACTOR, IntNode.valueOf(2));
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(60));
            Instant expiredAt = bridge.now();
            bridge.changes();

            // When
            bridge.advance(Duration.ofSeconds(120));

            // Then
            assertThat(bridge.changes()).singleElement().satisfies(change -> {
                assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.REMOVED);
                assertThat(change.healthTransition().transitionTime()).isEqualTo(expiredAt.plusSeconds(120));
            });
        }
    }

    @Test
    void shouldReturnRemovedInstanceWhenItHeartbeatsAgain() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE, 60);
            bridge.advance(Duration.ofSeconds(60));
            bridge.advance(Duration.ofSeconds(600));
            bridge.changes();

            // When
            bridge.heartbeat(SERVICE, INSTANCE, "healthy");

            // Then
            assertThat(bridge.changes()).singleElement().satisfies(change -> {
                assertThat(change.healthTransition().previousStatus()).isEqualTo(HealthStatus.UNKNOWN);
                assertThat(change.healthTransition().currentStatus()).isEqualTo(HealthStatus.HEALTHY);
                assertThat(change.healthTransition().triggerEvent()).isEqualTo(HealthTrigger.HEARTBEAT_RESUMED);
            });
            assertThat(bridge.registration(SERVICE).instance(INSTANCE)).isPresent();
        }
    }

    @Test
    void shouldNotExpireFalselyWhenRestartedOnTheSameStateLater() throws IOException {
        // Given: an instance registered, then the bridge stopped for ten minutes
        Path before = stateDir.resolve("before");
        Path after = stateDir.resolve("after");
        String applicationId = "restart-test";
        try (HealthDriver bridge = new HealthDriver(TopologyConfig.DEFAULTS, before, HealthDriver.T0, applicationId)) {
            bridge.register(SERVICE, INSTANCE, 60);
            copy(before, after); // the driver committed (and flushed) after the record; it wipes its state on close
        }
        Instant restartedAt = HealthDriver.T0.plus(Duration.ofMinutes(10));

        try (HealthDriver restarted = new HealthDriver(TopologyConfig.DEFAULTS, after, restartedAt, applicationId)) {
            assertThat(restarted.serviceHealth(SERVICE).instance(INSTANCE).orElseThrow().lastHeartbeat())
                    .isEqualTo(HealthDriver.T0);

            // When: the expiry clock starts at assignment, not at the stale last heartbeat
            restarted.advance(Duration.ofSeconds(59));

            // Then
            assertThat(restarted.changes()).isEmpty();

            // When
            restarted.advance(Duration.ofSeconds(2));

            // Then
            assertThat(restarted.healthEvents()).singleElement()
                    .extracting(Envelope::payload)
                    .satisfies(payload -> assertThat(payload.at("/health_transition/trigger_event").asText())
                            .isEqualTo("heartbeat_ttl_expired"));
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("LOCK")
                        && !file.getFileName().toString().equals(".lock")) {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
