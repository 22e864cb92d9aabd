package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.remove;
import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.messageAt;
import static io.omninode.bridge.schemas.Validation.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolDiscoveredAndErrorHookSchemaTest {

    private static ObjectNode discovered() {
        return SeedSamples.load(SeedSamples.TOOL_DISCOVERED_HOOK);
    }

    private static ObjectNode error() {
        return SeedSamples.load(SeedSamples.ERROR_HOOK);
    }

    @Test
    void shouldRequireToolInfoWithAValidName() {
        // Given
        ObjectNode noToolInfo = remove(discovered(), "/tool_info");
        ObjectNode noName = remove(discovered(), "/tool_info/name");
        ObjectNode badNames = set(set(discovered(), "/tool_info/name", "code analyzer"), "/tool_info/service_source", "");

        // Then
        assertThat(paths(BodySchema.TOOL_REGISTRATION_HOOK, noToolInfo)).containsExactly("$.tool_info");
        assertThat(paths(BodySchema.TOOL_REGISTRATION_HOOK, noName)).containsExactly("$.tool_info.name");
        assertThat(paths(BodySchema.TOOL_REGISTRATION_HOOK, badNames))
                .containsExactly("$.tool_info.name", "$.tool_info.service_source");
    }

    @Test
    void shouldInsistOnHookTypeToolDiscovered() {
        // Given
        ObjectNode hook = set(discovered(), "/hook_type", "tool_executed");

        // Then
        assertThat(messageAt(BodySchema.TOOL_REGISTRATION_HOOK, hook, "$.hook_type")).isEqualTo("must be tool_discovered");
    }

    @Test
    void shouldRequireTheServiceAndTypeOfAnError() {
        // Given
        ObjectNode hook = error();
        remove(hook, "/error_info/service_name");
        remove(hook, "/error_info/error_type");
        ObjectNode noInfo = remove(set(error(), "/hook_type", "error"), "/error_info");

        // Then
        assertThat(paths(BodySchema.ERROR_HOOK, hook)).containsExactly("$.error_info.error_type", "$.error_info.service_name");
        assertThat(paths(BodySchema.ERROR_HOOK, noInfo)).containsExactly("$.error_info", "$.hook_type");
        assertThat(messageAt(BodySchema.ERROR_HOOK, noInfo, "$.hook_type")).isEqualTo("must be error_occurred");
    }

    @ParameterizedTest
    @ValueSource(strings = {"low", "medium", "high", "critical"})
    void shouldAcceptEverySeverity(String severity) {
        // Given
        ObjectNode hook = set(error(), "/error_info/severity", severity);

        // Then
        assertThat(paths(BodySchema.ERROR_HOOK, hook)).isEmpty();
    }

    @Test
    void shouldListTheSeveritiesWhenOneIsUnknown() {
        // Given
        ObjectNode hook = set(error(), "/error_info/severity", "fatal");

        // Then
        assertThat(paths(BodySchema.ERROR_HOOK, hook)).containsExactly("$.error_info.severity");
        assertThat(messageAt(BodySchema.ERROR_HOOK, hook, "$.error_info.severity"))
                .isEqualTo("must be one of low, medium, high, critical");
    }

    @Test
    void shouldTypeTheErrorDetails() {
        // Given
        ObjectNode notObject = set(error(), "/error_details", "boom");
        ObjectNode badFields = set(set(error(), "/error_details/message", 12), "/error_info/instance_id", "host 1");
        ObjectNode nullable = set(set(error(), "/error_details/stack_trace", null), "/error_info/instance_id", null);

        // Then
        assertThat(paths(BodySchema.ERROR_HOOK, notObject)).containsExactly("$.error_details");
        assertThat(paths(BodySchema.ERROR_HOOK, badFields)).containsExactly("$.error_details.message", "$.error_info.instance_id");
        assertThat(paths(BodySchema.ERROR_HOOK, nullable)).isEmpty();
    }
}
