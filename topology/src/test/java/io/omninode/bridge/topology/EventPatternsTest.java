package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.patterns.PatternStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** recurring_error, flapping_service and startup_regression. */
class EventPatternsTest {

    static final String SIGNATURE = "connection refused to <str> after <n> ms (request <uuid>)";

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
    void shouldDiscoverARecurringErrorAcrossToolsAndServicesAndResolveItWhenItStops() {
        // When: the same error, differing in numbers, ids and quoted values, 5 times within 10 min
        for (int i = 0; i < 3; i++) {
            patterns.bridge.execution("code_generator", Events.failedExecution("code_generator", SERVICE,
                    "Connection refused to 'db-" + i + "' after " + (100 + i) + " ms (request "
                            + java.util.UUID.randomUUID() + ")"));
            patterns.bridge.advance(Duration.ofMinutes(1));
        }
        assertThat(patterns.events()).isEmpty();
        for (int i = 0; i < 2; i++) {
            patterns.bridge.error(SERVICE, Events.errorMessage(SERVICE, INSTANCE, "connection refused to \"db-9\" after "
                    + (7 + i) + " ms (request " + java.util.UUID.randomUUID() + ")"));
        }

        // Then: severity 1 (a service reported it), support 5 / 10, persistence 3 min / 10 min
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.RECURRING_ERROR);
        assertThat(info.at("/pattern_data/error_signature").asText()).isEqualTo(SIGNATURE);
        assertThat(info.at("/pattern_data/origins/tool:code_generator").asLong()).isEqualTo(3);
        assertThat(info.at("/pattern_data/origins/service:omniagent").asLong()).isEqualTo(2);
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.15);
        assertThat(discovered.payload().at("/actionable_insights/risk_indicators/0").asText())
                .contains(SIGNATURE, "5 times");

        // When: no more occurrences for 10 min
        patterns.bridge.advance(Duration.ofMinutes(10));

        // Then
        single(EventTypes.PATTERN_RESOLVED);
        assertThat(patterns.state(PatternTypes.RECURRING_ERROR, SIGNATURE).status()).isEqualTo(PatternStatus.RESOLVED);
    }

    @Test
    void shouldNotReportFourOccurrencesOrOccurrencesSpreadBeyondTheSpan() {
        // When: 4 within 10 min, a 5th after the first expired
        for (int i = 0; i < 4; i++) {
            patterns.bridge.error(SERVICE, Events.errorMessage(SERVICE, INSTANCE, "disk full on /dev/sda" + i));
            patterns.bridge.advance(Duration.ofMinutes(3));
        }
        patterns.bridge.error(SERVICE, Events.errorMessage(SERVICE, INSTANCE, "disk full on /dev/sda9"));

        // Then
        assertThat(patterns.events()).isEmpty();
    }

    @Test
    void shouldDiscoverAFlappingInstanceOnceEvenWhenItsTransitionsAreReplayed() {
        // When: 4 transitions in 3 min
        flap(4);

        // Then: severity 1 − 2/4 → 0.5, support 4 / 8, persistence 3 / 10
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.FLAPPING_SERVICE);
        assertThat(info.at("/pattern_data/instance_id").asText()).isEqualTo(INSTANCE);
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.075);
        assertThat(discovered.payload().at("/actionable_insights/risk_indicators/0").asText())
                .contains(SERVICE + "/" + INSTANCE, "4 times");

        // When: the same kind of transitions again within the span (confidence moves < 0.1)
        patterns.healthChanged(SERVICE, INSTANCE, "healthy", "degraded");

        // Then
        assertThat(patterns.events()).isEmpty();

        // When: quiet for 10 min
        patterns.bridge.advance(Duration.ofMinutes(10));

        // Then
        single(EventTypes.PATTERN_RESOLVED);
    }

    @Test
    void shouldNotReportThreeTransitions() {
        flap(3);
        patterns.bridge.advance(Duration.ofMinutes(1));
        assertThat(patterns.events()).isEmpty();
    }

    @Test
    void shouldDiscoverAStartupRegressionAndResolveItWithAFasterVersion() {
        // Given: 1.2.3 starts in ~1 s
        for (int i = 0; i < 3; i++) {
            patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.2.3", 1000));
        }
        // When: 1.3.0 in 2 s, the third start completes the evidence
        patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.3.0", 2000));
        patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.3.0", 2000));
        assertThat(patterns.events()).isEmpty();
        patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.3.0", 2000));

        // Then: severity 2 / 3, support 3 / 6, persistence 3 / 6
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.STARTUP_REGRESSION);
        assertThat(info.at("/pattern_data/new_version").asText()).isEqualTo("1.3.0");
        assertThat(info.at("/pattern_data/regression_factor").asDouble()).isEqualTo(2.0);
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.167);
        assertThat(discovered.payload().at("/actionable_insights/optimization_opportunities/0").asText())
                .contains(SERVICE, "1.3.0", "2000 ms");

        // When: 1.3.1 fixes it
        for (int i = 0; i < 3; i++) {
            patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.3.1", 1100));
        }

        // Then
        single(EventTypes.PATTERN_RESOLVED);
    }

    @Test
    void shouldNotReportAStartupRegressionBelowFactor() {
        for (int i = 0; i < 3; i++) {
            patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.2.3", 1000));
        }
        for (int i = 0; i < 3; i++) {
            patterns.bridge.lifecycle(SERVICE, Events.startedVersion(SERVICE, INSTANCE, "1.3.0", 1490));
        }
        assertThat(patterns.events()).isEmpty();
    }

    private void flap(int transitions) {
        String[] statuses = {"healthy", "degraded"};
        for (int i = 0; i < transitions; i++) {
            patterns.healthChanged(SERVICE, INSTANCE, statuses[i % 2], statuses[(i + 1) % 2]);
            if (i < transitions - 1) {
                patterns.bridge.advance(Duration.ofMinutes(1));
            }
        }
    }

    private Envelope single(String type) {
        List<Envelope> events = patterns.events();
        assertThat(events).extracting(Envelope::eventType).containsExactly(type);
        return events.get(0);
    }
}
