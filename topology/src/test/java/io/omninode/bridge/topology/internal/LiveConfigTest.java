package io.omninode.bridge.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.TopologyConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveConfigTest {

    @Test
    void shouldReadWhatTheCatalogAcceptsAndStringsEarlierVersionsStored() {
        LiveConfig live = new LiveConfig();
        Map<String, JsonNode> entries = new HashMap<>();
        entries.put(ConfigKeys.ERROR_BURST_MIN_RUNS, IntNode.valueOf(15));
        entries.put(ConfigKeys.ANOMALY_FACTOR, TextNode.valueOf(" 3.5 "));
        entries.put(ConfigKeys.enabledKey(PatternTypes.CO_FAILURE), TextNode.valueOf("false"));
        entries.put("services.omniagent.mode", TextNode.valueOf("fast"));

        live.replace(entries);

        assertThat(live.integer(ConfigKeys.ERROR_BURST_MIN_RUNS)).isEqualTo(15);
        assertThat(live.decimal(ConfigKeys.ANOMALY_FACTOR)).isEqualTo(3.5);
        assertThat(live.enabled(PatternTypes.CO_FAILURE)).isFalse();
        assertThat(live.enabled(PatternTypes.ERROR_BURST)).isTrue();
    }

    @Test
    void shouldFallBackToTheDefaultForValuesTheCatalogRefuses() {
        LiveConfig live = new LiveConfig();
        Map<String, JsonNode> entries = new HashMap<>();
        entries.put(ConfigKeys.ERROR_BURST_MIN_RUNS, IntNode.valueOf(0));
        entries.put(ConfigKeys.ANOMALY_FACTOR, TextNode.valueOf("fast"));
        entries.put(ConfigKeys.TOOL_SEQUENCE_MIN_PROBABILITY, DoubleNode.valueOf(7));
        entries.put(ConfigKeys.enabledKey(PatternTypes.CO_FAILURE), IntNode.valueOf(0));
        entries.put(ConfigKeys.BASELINE_WINDOWS, BooleanNode.TRUE);

        live.replace(entries);

        assertThat(live.integer(ConfigKeys.ERROR_BURST_MIN_RUNS)).isEqualTo(10);
        assertThat(live.decimal(ConfigKeys.ANOMALY_FACTOR)).isEqualTo(2.0);
        assertThat(live.decimal(ConfigKeys.TOOL_SEQUENCE_MIN_PROBABILITY)).isEqualTo(0.6);
        assertThat(live.enabled(PatternTypes.CO_FAILURE)).isTrue();
        assertThat(live.integer(ConfigKeys.BASELINE_WINDOWS)).isEqualTo(10);
    }

    @Test
    void shouldDefaultTheHealthThresholdsToTheTopologysOwn() {
        TopologyConfig config = new TopologyConfig(Duration.ofSeconds(60), 3, Duration.ofSeconds(1), 100,
                Duration.ofSeconds(60), 7, 0.25);
        LiveConfig live = new LiveConfig(config);
        assertThat(live.decimal(ConfigKeys.HEALTH_ERROR_RATE_THRESHOLD)).isEqualTo(0.25);
        assertThat(live.integer(ConfigKeys.HEALTH_ERROR_RATE_MIN_RUNS)).isEqualTo(7);

        live.replace(Map.of(ConfigKeys.HEALTH_ERROR_RATE_MIN_RUNS, TextNode.valueOf("many")));
        assertThat(live.integer(ConfigKeys.HEALTH_ERROR_RATE_MIN_RUNS)).as("the topology's, not the catalog's").isEqualTo(7);
        assertThat(new LiveConfig().integer(ConfigKeys.HEALTH_REMOVAL_FACTOR))
                .isEqualTo(TopologyConfig.DEFAULTS.removalFactor());
    }
}
