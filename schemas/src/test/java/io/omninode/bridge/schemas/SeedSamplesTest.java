package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SeedSamplesTest {

    @Test
    void shouldHandOutAFreshCopyOnEveryLoad() {
        // Given
        ObjectNode first = SeedSamples.load(SeedSamples.REGISTRATION);

        // When
        first.put("service_name", "changed");
        first.withObject("/metadata").put("region", "changed");

        // Then
        ObjectNode second = SeedSamples.load(SeedSamples.REGISTRATION);
        assertThat(second.path("service_name").asText()).isEqualTo("omniagent");
        assertThat(second.path("metadata").path("region").asText()).isEqualTo("us-west-2");
    }

    @Test
    void shouldKeepThePythonNoneValuesAsJsonNull() {
        // Then
        assertThat(SeedSamples.load(SeedSamples.REGISTRATION).path("metadata").get("deployment_id").isNull()).isTrue();
        assertThat(SeedSamples.load(SeedSamples.TOOL_EXECUTION_FAILED).path("execution_info").get("requester_service")
                .isNull()).isTrue();
    }

    @Test
    void shouldLoadTheProxyRequestWhichHasNoBodySchema() {
        // When
        ObjectNode proxy = SeedSamples.load(SeedSamples.PROXY_REQUEST);

        // Then
        assertThat(proxy.path("target_service").asText()).isEqualTo("omniagent");
        assertThat(SeedSamples.schemaBySample()).doesNotContainKey(SeedSamples.PROXY_REQUEST);
    }

    @Test
    void shouldNameAMissingSample() {
        assertThatThrownBy(() -> SeedSamples.load("nope.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed/nope.json");
    }
}
