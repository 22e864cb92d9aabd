package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    private static final List<String> DESIGN_TOPICS = List.of("hooks.service_lifecycle", "hooks.tool_execution",
            "hooks.tool_registration", "hooks.errors", "registry.services", "registry.tools", "proxy.cache",
            "bridge.config", "intelligence.health", "intelligence.performance", "intelligence.patterns", "bridge.dlq");

    @Test
    void shouldNameEveryTopicOfTheDesignWithoutPrefixByDefault() {
        // When
        Topics topics = Topics.defaults();

        // Then
        assertThat(topics.all()).extracting(Topic::name).containsExactlyElementsOf(DESIGN_TOPICS);
        assertThat(topics.all()).extracting(Topic::logical).containsExactlyElementsOf(DESIGN_TOPICS);
    }

    @Test
    void shouldPrefixEveryTopicName() {
        // When
        Topics topics = new Topics(TopicsConfig.withPrefix("prod."));

        // Then
        assertThat(topics.all()).hasSize(DESIGN_TOPICS.size())
                .allSatisfy(topic -> assertThat(topic.name()).isEqualTo("prod." + topic.logical()));
        assertThat(topics.toolExecution.name()).isEqualTo("prod.hooks.tool_execution");
        assertThat(topics.dlq.name()).isEqualTo("prod.bridge.dlq");
    }

    @Test
    void shouldFindATopicByFullOrLogicalName() {
        // Given
        Topics topics = new Topics(TopicsConfig.withPrefix("prod."));

        // Then
        assertThat(topics.find("prod.hooks.errors")).containsSame(topics.errors);
        assertThat(topics.find("hooks.errors")).containsSame(topics.errors);
        assertThat(topics.find("hooks.unknown")).isEmpty();
        assertThat(topics.find("staging.hooks.errors")).isEmpty();
    }

    @Test
    void shouldRefuseAPrefixThatIsNotATopicNameFragment() {
        assertThatThrownBy(() -> TopicsConfig.withPrefix("prod/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prod/");
    }
}
