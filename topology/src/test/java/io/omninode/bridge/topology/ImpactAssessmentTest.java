package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import java.nio.file.Path;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code impact_assessment.affected_tools} from the tool registry, fed by registrations and discovery hooks. */
class ImpactAssessmentTest {

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
    void shouldListTheServicesRegisteredAndDiscoveredToolsWhenAnInstanceIsNoLongerHealthy() {
        // Given
        registerTool(SERVICE, "code_generator");
        registerTool("omniagent-x", "other_service_tool");
        bridge.pipe(bridge.topics.toolRegistration, "code_analyzer", Events.toolDiscovered(SERVICE, "code_analyzer"));
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();

        // When
        bridge.heartbeat(SERVICE, INSTANCE, "degraded");

        // Then
        assertThat(bridge.changes()).singleElement()
                .satisfies(change -> assertThat(change.impactAssessment().affectedTools())
                        .containsExactly(Events.toolId(SERVICE, "code_analyzer"),
                                Events.toolId(SERVICE, "code_generator")));
    }

    @Test
    void shouldListNoToolsWhenTheInstanceIsHealthy() {
        // Given
        registerTool(SERVICE, "code_generator");

        // When
        bridge.register(SERVICE, INSTANCE);

        // Then
        assertThat(bridge.changes()).singleElement()
                .satisfies(change -> assertThat(change.impactAssessment().affectedTools()).isEmpty());
    }

    @Test
    void shouldWriteDiscoveredToolToTheRegistryAsRegisteredTool() {
        // When
        Envelope hook = Events.toolDiscovered(SERVICE, "code_analyzer");
        bridge.pipe(bridge.topics.toolRegistration, "code_analyzer", hook);

        // Then
        assertThat(bridge.output(bridge.topics.registryTools).readKeyValuesToList()).singleElement()
                .satisfies(record -> {
                    assertThat(record.key).isEqualTo("omniagent:code_analyzer");
                    assertThat(record.value.eventType()).isEqualTo(EventTypes.REGISTRY_TOOL_REGISTERED);
                    assertThat(record.value.correlationId()).isEqualTo(hook.correlationId());
                    assertThat(record.value.source().serviceName()).isEqualTo(SERVICE);
                    assertThat(record.value.payload().path("tool_name").asText()).isEqualTo("code_analyzer");
                    assertThat(record.value.payload().path("service_source").asText()).isEqualTo(SERVICE);
                    assertThat(record.value.payload().path("category").asText()).isEqualTo("code_analysis");
                    assertThat(record.value.payload().path("tool_id").asText()).isEqualTo("omniagent:code_analyzer");
                    assertThat(record.value.payload().has("registered_at")).isTrue();
                    assertThat(record.value.payload().has("name")).isFalse();
                });
        assertThat(toolRegistry().get("omniagent:code_analyzer")).isNotNull();
    }

    @Test
    void shouldKeepRegisteredFieldsWhenTheSameToolIsDiscovered() {
        // Given: a full registration carries an output_schema, the discovery hook does not
        registerTool(SERVICE, "code_analyzer");

        // When
        bridge.pipe(bridge.topics.toolRegistration, "code_analyzer", Events.toolDiscovered(SERVICE, "code_analyzer"));

        // Then
        Envelope merged = toolRegistry().get("omniagent:code_analyzer").value();
        assertThat(merged.payload().has("output_schema")).isTrue();
        assertThat(merged.payload().path("version").asText()).isEqualTo("2.0.0");
    }

    @Test
    void shouldSkipDiscoveredToolWithoutServiceSource() {
        // When
        bridge.pipe(bridge.topics.toolRegistration, "code_analyzer", Events.toolDiscovered(null, "code_analyzer"));

        // Then
        assertThat(bridge.output(bridge.topics.registryTools).isEmpty()).isTrue();
        assertThat(toolRegistry().approximateNumEntries()).isZero();
    }

    private void registerTool(String service, String tool) {
        bridge.pipe(bridge.topics.registryTools, Events.toolId(service, tool), Events.toolRegistered(service, tool));
    }

    private KeyValueStore<String, ValueAndTimestamp<Envelope>> toolRegistry() {
        return bridge.driver.getTimestampedKeyValueStore(StoreNames.TOOL_REGISTRY);
    }
}
