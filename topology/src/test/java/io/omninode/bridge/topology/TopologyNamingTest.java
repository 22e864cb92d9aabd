package io.omninode.bridge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TopologyNamingTest {

    @Test
    void shouldNameEveryProcessorStoreAndInternalTopic() {
        // Given / When
        TopologyDescription description = BridgeTopology.build(TopologyConfig.DEFAULTS, Topics.defaults()).describe();

        // Then
        assertThat(description.toString())
                .doesNotContain("KSTREAM-")
                .doesNotContain("KTABLE-")
                .doesNotContain("KSTREAM-SOURCE")
                .contains("health-processor", StoreNames.SERVICE_REGISTRY, StoreNames.SERVICE_HEALTH,
                        StoreNames.HEALTH_TRANSITIONS, StoreNames.TOOL_REGISTRY,
                        "health-errors-by-service-repartition", "health-executor-runs-by-service-repartition",
                        "performance-processor", StoreNames.TOOL_PERFORMANCE, StoreNames.TOOL_PERFORMANCE_HISTORY,
                        StoreNames.PATTERNS, StoreNames.BRIDGE_CONFIG, "patterns-lifecycle-processor",
                        "patterns-tool-observations-repartition", "patterns-tool-errors-by-signature-repartition",
                        "patterns-service-errors-by-signature-repartition", "patterns-tool-sequence-steps-repartition",
                        "patterns-tool-sequence-by-tool-repartition", "patterns-co-failure-global-repartition");
    }

    @Test
    void shouldReadAndWriteOnlyCatalogTopicsWithTheConfiguredPrefix() {
        // Given
        Topics topics = new Topics(TopicsConfig.withPrefix("prod."));

        // When
        String description = BridgeTopology.build(TopologyConfig.DEFAULTS, topics).describe().toString();

        // Then: every topic is a catalog topic (prefixed) or one of our named repartition topics
        Matcher topic = Pattern.compile("topics?: \\[?([^\\],)\\s]+)").matcher(description);
        List<String> names = new ArrayList<>();
        while (topic.find()) {
            names.add(topic.group(1));
        }
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(
                name.startsWith("prod.")
                        || (name.startsWith("health-") || name.startsWith("patterns-")) && name.endsWith("-repartition"))
                .isTrue());
        assertThat(names).contains(topics.registryServices.name(), topics.intelligenceHealth.name(),
                topics.registryTools.name(), topics.toolExecution.name());
    }
}
