package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void shouldAcceptValuesOfTheKeysTypeWithinItsBounds() {
        assertThat(ConfigKeys.problem(ConfigKeys.ERROR_BURST_MIN_RUNS, IntNode.valueOf(15))).isNull();
        assertThat(ConfigKeys.problem(ConfigKeys.ERROR_BURST_MIN_RUNS, DoubleNode.valueOf(15.0)))
                .as("a number with no fraction is an integer").isNull();
        assertThat(ConfigKeys.problem(ConfigKeys.ANOMALY_FACTOR, IntNode.valueOf(3))).isNull();
        assertThat(ConfigKeys.problem(ConfigKeys.enabledKey(PatternTypes.CO_FAILURE), BooleanNode.FALSE)).isNull();
        assertThat(ConfigKeys.problem(ConfigKeys.WINDOW_GRACE_MS, IntNode.valueOf(0))).as("bounds are inclusive").isNull();
        assertThat(ConfigKeys.problem(ConfigKeys.ANOMALY_FACTOR, NullNode.getInstance())).as("back to default").isNull();
        assertThat(ConfigKeys.problem(ConfigKeys.ANOMALY_FACTOR, null)).isNull();
    }

    @Test
    void shouldRefuseWrongTypesAndValuesOutOfBoundsNamingWhatIsExpected() {
        assertThat(ConfigKeys.problem(ConfigKeys.ERROR_BURST_MIN_RUNS, TextNode.valueOf("15")))
                .isEqualTo("detector.error_burst.min_runs must be an integer from 1 to 10000000, got \"15\"");
        assertThat(ConfigKeys.problem(ConfigKeys.ERROR_BURST_MIN_RUNS, DoubleNode.valueOf(2.5)))
                .isEqualTo("detector.error_burst.min_runs must be an integer from 1 to 10000000, got 2.5");
        assertThat(ConfigKeys.problem(ConfigKeys.ERROR_BURST_MIN_RUNS, IntNode.valueOf(0))).isNotNull();
        assertThat(ConfigKeys.problem(ConfigKeys.TOOL_SEQUENCE_MIN_PROBABILITY, DoubleNode.valueOf(1.01)))
                .isEqualTo("detector.tool_sequence.min_probability must be a number from 0 to 1, got 1.01");
        assertThat(ConfigKeys.problem(ConfigKeys.HEALTH_ERROR_RATE_THRESHOLD, DoubleNode.valueOf(0)))
                .isEqualTo("health.error_rate.threshold must be a number from 0.01 to 1, got 0.0");
        assertThat(ConfigKeys.problem(ConfigKeys.enabledKey(PatternTypes.CO_FAILURE), TextNode.valueOf("false")))
                .isEqualTo("detector.co_failure.enabled must be true or false, got \"false\"");
        assertThat(ConfigKeys.problem(ConfigKeys.ANOMALY_FACTOR, Json.MAPPER.createObjectNode())).isNotNull();
        assertThat(ConfigKeys.problem(ConfigKeys.ANOMALY_FACTOR, TextNode.valueOf("x".repeat(200))))
                .as("long values are cut").hasSizeLessThan(150);
    }

    @Test
    void shouldRefuseUnknownKeysButTakeAnythingUnderAServicesOwnSettings() {
        assertThat(ConfigKeys.problem("detector.error_burst.min_run", IntNode.valueOf(5)))
                .startsWith("unknown config key detector.error_burst.min_run");
        assertThat(ConfigKeys.problem("window.size_seconds", NullNode.getInstance())).startsWith("unknown config key");
        assertThat(ConfigKeys.problem("services.omniagent.mode", TextNode.valueOf("fast"))).isNull();
        assertThat(ConfigKeys.problem("services.omniagent.db.pool", IntNode.valueOf(5))).isNull();
        assertThat(ConfigKeys.problem("services.omniagent", IntNode.valueOf(5)))
                .as("a service's setting needs a name under the service").startsWith("unknown config key");
    }

    @Test
    void shouldReadAcceptedValuesAndFallBackToTheDefaultForRefusedOnes() {
        ConfigKeys.Key minRuns = ConfigKeys.find(ConfigKeys.ERROR_BURST_MIN_RUNS);
        assertThat(minRuns.read(DoubleNode.valueOf(15.0))).isEqualTo(15L);
        assertThat(minRuns.read(TextNode.valueOf("oops"))).isEqualTo(10L);
        assertThat(minRuns.read(IntNode.valueOf(-1))).isEqualTo(10L);
        assertThat(minRuns.read(null)).isEqualTo(10L);
        assertThat(ConfigKeys.find(ConfigKeys.ANOMALY_FACTOR).read(IntNode.valueOf(3))).isEqualTo(3.0);
    }

    @Test
    void shouldHaveDefaultsOfTheirTypeWithinTheirBoundsAndOneEntryPerName() {
        Set<String> names = new HashSet<>();
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            assertThat(names.add(key.name())).as(key.name()).isTrue();
            JsonNode defaultValue = Json.MAPPER.valueToTree(key.defaultValue());
            assertThat(key.problem(defaultValue)).as(key.name()).isNull();
            assertThat(key.read(defaultValue)).as(key.name()).isEqualTo(key.defaultValue());
            assertThat(ConfigKeys.find(key.name())).isSameAs(key);
        }
        assertThat(ConfigKeys.ALL).extracting(ConfigKeys.Key::name)
                .contains(ConfigKeys.PROXY_CACHE_DEFAULT_TTL_SECONDS, ConfigKeys.HEALTH_REMOVAL_FACTOR)
                .containsAll(PatternTypes.ALL.stream().map(ConfigKeys::enabledKey).toList());
    }
}
