package io.omninode.bridge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detectors with a global view: tool_sequence and co_failure. */
class GlobalPatternsTest {

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
    void shouldDiscoverAToolSequenceFollowedInTenSessionsAndResolveItWhenItBecomesRare() {
        // When: in 10 sessions code_analyzer follows code_generator within a minute
        for (int session = 0; session < 10; session++) {
            sequence("sess-" + session, "code_generator", "code_analyzer");
        }

        // Then: severity P = 1, support 10 / 30, persistence 0.1 (first seen 10 s ago)
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.TOOL_SEQUENCE);
        assertThat(info.at("/pattern_data/subject").asText()).isEqualTo("code_generator -> code_analyzer");
        assertThat(info.at("/pattern_data/conditional_probability").asDouble()).isEqualTo(1.0);
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.033);
        assertThat(discovered.payload().at("/actionable_insights/optimization_opportunities/0").asText())
                .contains("code_analyzer", "code_generator", "100 %");

        // When: the same session replays its sequence
        sequence("sess-3", "code_generator", "code_analyzer");

        // Then: nothing new
        assertThat(patterns.events()).isEmpty();

        // When: 7 sessions use code_generator alone: P = 10 / 17 < 0.6
        for (int session = 10; session < 17; session++) {
            patterns.bridge.execution("code_generator", Events.sessionExecution("code_generator", "sess-" + session));
        }

        // Then
        single(EventTypes.PATTERN_RESOLVED);
    }

    @Test
    void shouldNotReportASequenceFollowedTooLateOrInTooFewSessions() {
        // When: 9 sessions in time, one where B follows after 6 min
        for (int session = 0; session < 9; session++) {
            sequence("sess-" + session, "code_generator", "code_analyzer");
        }
        patterns.bridge.execution("code_generator", Events.sessionExecution("code_generator", "late"));
        patterns.bridge.advance(Duration.ofMinutes(6));
        patterns.bridge.execution("code_analyzer", Events.sessionExecution("code_analyzer", "late"));

        // Then
        assertThat(patterns.events()).isEmpty();
    }

    @Test
    void shouldDiscoverCoFailingServicesAndResolveThemAfterAnHour() {
        // When: omniagent and omniplan turn unhealthy 30 s apart, three times
        for (int incident = 0; incident < 3; incident++) {
            coFailure(30);
        }

        // Then: severity 3 / 3, support 3 / 6, persistence 21 min / 60 min
        Envelope discovered = single(EventTypes.PATTERN_DISCOVERED);
        JsonNode info = PatternDriver.info(discovered);
        assertThat(info.path("pattern_type").asText()).isEqualTo(PatternTypes.CO_FAILURE);
        assertThat(info.at("/pattern_data/subject").asText()).isEqualTo("omniagent+omniplan");
        assertThat(info.path("confidence_score").asDouble()).isEqualTo(0.175);
        assertThat(discovered.payload().at("/actionable_insights/risk_indicators/0").asText())
                .contains("omniagent", "omniplan", "3 times");

        // When: an hour without incidents
        patterns.bridge.advance(Duration.ofMinutes(61));

        // Then
        single(EventTypes.PATTERN_RESOLVED);
    }

    @Test
    void shouldNotReportServicesFailingMoreThanAMinuteApart() {
        for (int incident = 0; incident < 3; incident++) {
            coFailure(90);
        }
        assertThat(patterns.events()).isEmpty();
    }

    private void sequence(String session, String first, String second) {
        patterns.bridge.execution(first, Events.sessionExecution(first, session));
        patterns.bridge.advance(Duration.ofSeconds(1));
        patterns.bridge.execution(second, Events.sessionExecution(second, session));
    }

    /** Both services turn unhealthy {@code apartSeconds} apart, recover, and 10 min pass. */
    private void coFailure(int apartSeconds) {
        patterns.healthChanged("omniagent", "omniagent-1", "healthy", "unhealthy");
        patterns.bridge.advance(Duration.ofSeconds(apartSeconds));
        patterns.healthChanged("omniplan", "omniplan-1", "degraded", "unhealthy");
        patterns.healthChanged("omniagent", "omniagent-1", "unhealthy", "healthy");
        patterns.healthChanged("omniplan", "omniplan-1", "unhealthy", "healthy");
        patterns.bridge.advance(Duration.ofMinutes(10));
    }

    private Envelope single(String type) {
        List<Envelope> events = patterns.events();
        assertThat(events).extracting(Envelope::eventType).containsExactly(type);
        return events.get(0);
    }
}
