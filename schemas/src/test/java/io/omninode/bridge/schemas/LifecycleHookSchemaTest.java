package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.remove;
import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.messageAt;
import static io.omninode.bridge.schemas.Validation.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LifecycleHookSchemaTest {

    private static final BodySchema SCHEMA = BodySchema.LIFECYCLE_HOOK;

    private static ObjectNode started() {
        return SeedSamples.load(SeedSamples.LIFECYCLE_STARTED);
    }

    private static ObjectNode healthChanged() {
        return SeedSamples.load(SeedSamples.LIFECYCLE_HEALTH_CHANGED);
    }

    @Test
    void shouldListTheAllowedValuesWhenHookTypeIsUnknown() {
        // Given
        ObjectNode hook = set(started(), "/hook_type", "service_rebooted");

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.hook_type");
        assertThat(messageAt(SCHEMA, hook, "$.hook_type"))
                .isEqualTo("must be one of service_started, service_stopped, health_changed");
    }

    @Test
    void shouldReportMissingFieldsAtTheirOwnPath() {
        // Given
        ObjectNode noServiceInfo = remove(remove(started(), "/service_info"), "/hook_type");
        ObjectNode noName = remove(started(), "/service_info/name");

        // Then
        assertThat(paths(SCHEMA, noServiceInfo)).containsExactly("$.hook_type", "$.service_info");
        assertThat(paths(SCHEMA, noName)).containsExactly("$.service_info.name");
        assertThat(messageAt(SCHEMA, noName, "$.service_info.name")).isEqualTo("is required");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000})
    void shouldRefusePortsOutsideOneTo65535(int port) {
        // Given
        ObjectNode hook = set(started(), "/service_info/port", port);

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.service_info.port");
        assertThat(messageAt(SCHEMA, hook, "$.service_info.port")).isEqualTo("must be an integer between 1 and 65535");
    }

    @Test
    void shouldRefuseWrongTypesAndNullsWhereNotAllowed() {
        // Given
        ObjectNode hook = started();
        set(hook, "/service_info/port", "8000");
        set(hook, "/service_info/name", null);
        set(hook, "/service_info/process_id", 4.5);
        set(hook, "/startup_metrics/startup_time_ms", "fast");
        set(hook, "/capabilities", "code_generation");
        set(hook, "/dependencies", 3);
        set(hook, "/shutdown_info", List.of());

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.capabilities", "$.dependencies", "$.service_info.name",
                "$.service_info.port", "$.service_info.process_id", "$.shutdown_info", "$.startup_metrics.startup_time_ms");
        assertThat(messageAt(SCHEMA, hook, "$.capabilities")).isEqualTo("must be an object or an array");
        assertThat(messageAt(SCHEMA, hook, "$.startup_metrics.startup_time_ms")).isEqualTo("must be a number of at least 0");
    }

    @Test
    void shouldRefuseBadNames() {
        // Given
        ObjectNode hook = started();
        set(hook, "/service_info/name", "omni agent");
        set(hook, "/service_info/instance_id", "omniagent/host1");

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.service_info.instance_id", "$.service_info.name");
    }

    @Test
    void shouldAcceptCapabilitiesAndDependenciesAsArrays() {
        // Given
        ObjectNode hook = started();
        set(hook, "/capabilities", List.of("code_generation", "testing"));
        set(hook, "/dependencies", List.of(Map.of("name", "postgres")));

        // Then
        assertThat(paths(SCHEMA, hook)).isEmpty();
    }

    @Test
    void shouldAcceptFloatMetricsAndAMissingCpuCount() {
        // Given os.cpu_count() may be None
        ObjectNode hook = started();
        set(hook, "/startup_metrics/startup_time_ms", 0.25);
        set(hook, "/startup_metrics/cpu_cores_allocated", null);

        // Then
        assertThat(paths(SCHEMA, hook)).isEmpty();
    }

    @Test
    void shouldRefuseHugeArrays() {
        // Given
        ObjectNode hook = started();
        set(hook, "/capabilities", Collections.nCopies(257, "c"));
        set(hook, "/startup_metrics/initialization_steps", Collections.nCopies(1001, Map.of("step", "s")));
        ObjectNode stopped = SeedSamples.load(SeedSamples.LIFECYCLE_STOPPED);
        set(stopped, "/shutdown_info/cleanup_operations", Collections.nCopies(1001, Map.of()));

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.capabilities", "$.startup_metrics.initialization_steps");
        assertThat(messageAt(SCHEMA, hook, "$.capabilities")).isEqualTo("must have at most 256 items");
        assertThat(paths(SCHEMA, stopped)).containsExactly("$.shutdown_info.cleanup_operations");
        assertThat(messageAt(SCHEMA, stopped, "$.shutdown_info.cleanup_operations")).isEqualTo("must have at most 1000 items");
    }

    @Test
    void shouldRequireATransitionOnHealthChangedHooks() {
        // Given
        ObjectNode hook = remove(healthChanged(), "/health_change");

        // Then
        assertThat(paths(SCHEMA, hook)).containsExactly("$.health_transition");
        assertThat(messageAt(SCHEMA, hook, "$.health_transition"))
                .isEqualTo("is required when hook_type is health_changed, unless health_change is given");
    }

    @Test
    void shouldAcceptHealthTransitionInsteadOfHealthChange() {
        // Given
        ObjectNode hook = healthChanged();
        hook.set("health_transition", hook.remove("health_change"));
        set(hook, "/health_transition/transition_time", "2026-11-26T10:15:30.123Z");

        // Then
        assertThat(paths(SCHEMA, hook)).isEmpty();
    }

    @Test
    void shouldCheckTheFieldsOfEitherTransitionShape() {
        // Given
        ObjectNode change = remove(healthChanged(), "/health_change/current_status");
        set(change, "/health_change/previous_status", null);
        ObjectNode transition = healthChanged();
        transition.set("health_transition", transition.remove("health_change"));
        set(transition, "/health_transition/transition_time", "now");

        // Then
        assertThat(paths(SCHEMA, change)).containsExactly("$.health_change.current_status", "$.health_change.previous_status");
        assertThat(paths(SCHEMA, transition)).containsExactly("$.health_transition.transition_time");
    }

    @Test
    void shouldNotRequireATransitionOnOtherHookTypes() {
        // Given
        ObjectNode stopped = SeedSamples.load(SeedSamples.LIFECYCLE_STOPPED);

        // Then
        assertThat(paths(SCHEMA, stopped)).isEmpty();
        assertThat(paths(SCHEMA, started())).isEmpty();
    }
}
