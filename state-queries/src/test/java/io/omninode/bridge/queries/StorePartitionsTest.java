package io.omninode.bridge.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.BridgeTopology;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorePartitionsTest {

    @Test
    void shouldFindEachListedStoresSourceTopicsAsTheAssignmentNamesThem() {
        // Given
        Topics topics = Topics.defaults();

        // When
        Map<String, Set<String>> sources = StorePartitions.sourcesByStore(
                BridgeTopology.build(TopologyConfig.DEFAULTS, topics).describe(), "bridge");

        // Then: catalog topics by their own name, repartition topics with the application id prefix
        assertThat(sources.get(StoreNames.SERVICE_REGISTRY)).contains(topics.registryServices.name());
        assertThat(sources.get(StoreNames.SERVICE_HEALTH)).contains(topics.registryServices.name(),
                "bridge-health-executor-runs-by-service-repartition");
        assertThat(sources.get(StoreNames.HEALTH_TRANSITIONS)).contains(topics.registryServices.name());
        assertThat(sources.get(StoreNames.PATTERNS)).contains("bridge-patterns-tool-observations-repartition")
                .doesNotContain(topics.toolExecution.name());
        assertThat(sources).doesNotContainKey(StoreNames.BRIDGE_CONFIG);
    }
}
