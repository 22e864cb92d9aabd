package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.BridgeSerdes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snake_case JSON of the store values and of the derived event, as the read side will return them. */
class StoreValuesJsonTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteStoreValuesAndDerivedEventWithTheDocumentedFieldNames() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE);
            bridge.execution("code_generator", Events.execution("code_generator", SERVICE, true));
            bridge.handOnRuns();

            // When
            JsonNode registry = Json.MAPPER.valueToTree(bridge.registration(SERVICE));
            JsonNode health = Json.MAPPER.valueToTree(bridge.serviceHealth(SERVICE));
            JsonNode transitions = Json.MAPPER.valueToTree(bridge.transitions(SERVICE));
            JsonNode event = Json.MAPPER.valueToTree(bridge.healthEvents().get(0));

            // Then
            assertThat(fieldNames(registry.at("/instances/0"))).containsExactly("instance_id", "registration_id",
                    "version", "host", "port", "health_check_url", "capabilities", "metadata", "ttl_seconds",
                    "registered_at", "last_heartbeat", "load_factor");
            assertThat(fieldNames(health)).containsExactlyInAnyOrder("service_name", "instances", "error_window",
                    "updated_at", "overall_health");
            assertThat(health.path("overall_health").asText()).isEqualTo("healthy");
            assertThat(fieldNames(health.at("/instances/0"))).containsExactlyInAnyOrder("instance_id", "status",
                    "since", "trigger_event", "last_heartbeat", "ttl_seconds", "expired_at", "expires_at");
            assertThat(fieldNames(health.path("error_window"))).containsExactlyInAnyOrder("window_start", "runs",
                    "errors", "threshold_reported", "error_rate");
            assertThat(fieldNames(transitions.at("/transitions/0"))).containsExactly("event_id", "instance_id",
                    "previous_status", "current_status", "trigger_event", "transition_time", "reason",
                    "service_overall_health", "healthy_instances_remaining", "total_instances", "severity");
            assertThat(fieldNames(event.path("payload"))).containsExactly("service_info", "health_transition",
                    "impact_assessment");
            assertThat(fieldNames(event.at("/payload/service_info"))).containsExactly("name", "instance_id",
                    "version", "host", "port");
            assertThat(fieldNames(event.at("/payload/health_transition"))).containsExactly("previous_status",
                    "current_status", "trigger_event", "transition_time", "reason");
            assertThat(fieldNames(event.at("/payload/impact_assessment"))).containsExactly("affected_capabilities",
                    "affected_tools", "healthy_instances_remaining", "total_instances", "service_overall_health",
                    "severity");
        }
    }

    @Test
    void shouldReadBackWhatItWritesIgnoringDerivedFields() {
        try (HealthDriver bridge = new HealthDriver(stateDir)) {
            // Given
            bridge.register(SERVICE, INSTANCE);
            ServiceHealth health = bridge.serviceHealth(SERVICE);
            ServiceRegistration registration = bridge.registration(SERVICE);

            // When
            byte[] healthBytes = BridgeSerdes.jsonSerde(ServiceHealth.class).serializer().serialize("t", health);
            byte[] registryBytes = BridgeSerdes.jsonSerde(ServiceRegistration.class).serializer()
                    .serialize("t", registration);

            // Then
            assertThat(BridgeSerdes.jsonSerde(ServiceHealth.class).deserializer().deserialize("t", healthBytes))
                    .isEqualTo(health);
            assertThat(BridgeSerdes.jsonSerde(ServiceRegistration.class).deserializer().deserialize("t", registryBytes))
                    .isEqualTo(registration);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
