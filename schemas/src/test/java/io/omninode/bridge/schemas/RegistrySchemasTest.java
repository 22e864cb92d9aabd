package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.remove;
import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.messageAt;
import static io.omninode.bridge.schemas.Validation.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrySchemasTest {

    private static ObjectNode registration() {
        return SeedSamples.load(SeedSamples.REGISTRATION);
    }

    private static ObjectNode heartbeat() {
        return SeedSamples.load(SeedSamples.HEARTBEAT);
    }

    private static ObjectNode tool() {
        return SeedSamples.load(SeedSamples.TOOL_CODE_GENERATOR);
    }

    @Test
    void shouldRequireNameInstanceHostAndPortToRegister() {
        // Given
        ObjectNode body = registration();
        body.remove(List.of("service_name", "instance_id", "host", "port", "version", "health_check_url",
                "capabilities", "metadata", "ttl_seconds"));

        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, body))
                .containsExactly("$.host", "$.instance_id", "$.port", "$.service_name");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 70000})
    void shouldRefuseAPortOutsideOneTo65535(int port) {
        // Given
        ObjectNode body = set(registration(), "/port", port);

        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, body)).containsExactly("$.port");
        assertThat(messageAt(BodySchema.SERVICE_REGISTRATION, body, "$.port"))
                .isEqualTo("must be an integer between 1 and 65535");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 86401, -60})
    void shouldRefuseATtlOutsideFiveSecondsToOneDay(int ttl) {
        // Given
        ObjectNode body = set(registration(), "/ttl_seconds", ttl);

        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, body)).containsExactly("$.ttl_seconds");
        assertThat(messageAt(BodySchema.SERVICE_REGISTRATION, body, "$.ttl_seconds"))
                .isEqualTo("must be an integer between 5 and 86400");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 86400})
    void shouldAcceptTheTtlBoundsAndAMissingTtl(int ttl) {
        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, set(registration(), "/ttl_seconds", ttl))).isEmpty();
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, remove(registration(), "/ttl_seconds"))).isEmpty();
    }

    @Test
    void shouldRefuseBadNamesUrlsAndCapabilities() {
        // Given
        ObjectNode body = registration();
        set(body, "/service_name", "omni agent");
        set(body, "/instance_id", "omniagent-host1-42\n");
        set(body, "/health_check_url", "file:///etc/passwd");
        set(body, "/capabilities/1", 7);
        set(body, "/metadata/startup_time", "2026-11-26");
        set(body, "/metadata/deployment_id", 12);

        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, body)).containsExactly("$.capabilities[1]",
                "$.health_check_url", "$.instance_id", "$.metadata.deployment_id", "$.metadata.startup_time",
                "$.service_name");
        assertThat(messageAt(BodySchema.SERVICE_REGISTRATION, body, "$.health_check_url"))
                .isEqualTo("must be an http:// or https:// URL such as http://10.0.1.15:8000/health");
        assertThat(messageAt(BodySchema.SERVICE_REGISTRATION, body, "$.metadata.deployment_id"))
                .isEqualTo("must be a string of at most 200 characters or null");
    }

    @Test
    void shouldRefuseMoreThan256Capabilities() {
        // Given
        ObjectNode body = set(registration(), "/capabilities", Collections.nCopies(257, "testing"));

        // Then
        assertThat(paths(BodySchema.SERVICE_REGISTRATION, body)).containsExactly("$.capabilities");
    }

    @Test
    void shouldAcceptAnEmptyHeartbeatAndLoadFactorsAboveOne() {
        // Then
        assertThat(paths(BodySchema.HEARTBEAT, Json.MAPPER.createObjectNode())).isEmpty();
        assertThat(paths(BodySchema.HEARTBEAT, set(heartbeat(), "/load_factor", 1.7))).isEmpty();
        assertThat(paths(BodySchema.HEARTBEAT, set(heartbeat(), "/load_factor", 0))).isEmpty();
    }

    @Test
    void shouldRefuseUnknownHealthAndNegativeLoad() {
        // Given
        ObjectNode body = heartbeat();
        set(body, "/health_status", "sick");
        set(body, "/load_factor", -0.1);
        set(body, "/metadata", "none");

        // Then
        assertThat(paths(BodySchema.HEARTBEAT, body)).containsExactly("$.health_status", "$.load_factor", "$.metadata");
        assertThat(messageAt(BodySchema.HEARTBEAT, body, "$.health_status"))
                .isEqualTo("must be one of healthy, degraded, unhealthy");
        assertThat(messageAt(BodySchema.HEARTBEAT, body, "$.load_factor")).isEqualTo("must be a number of at least 0");
    }

    @Test
    void shouldRequireToolNameAndServiceSource() {
        // Given
        ObjectNode missing = remove(remove(tool(), "/tool_name"), "/service_source");
        ObjectNode bad = set(set(tool(), "/tool_name", "code generator"), "/service_source", null);

        // Then
        assertThat(paths(BodySchema.TOOL_REGISTRATION, missing)).containsExactly("$.service_source", "$.tool_name");
        assertThat(paths(BodySchema.TOOL_REGISTRATION, bad)).containsExactly("$.service_source", "$.tool_name");
    }

    @Test
    void shouldTypeToolSchemasAndRequirements() {
        // Given
        ObjectNode body = tool();
        set(body, "/input_schema", "string");
        set(body, "/output_schema", List.of());
        set(body, "/execution_requirements/cpu_intensive", "yes");
        set(body, "/execution_requirements/memory_limit_mb", -1);
        set(body, "/metadata/documentation_url", false);

        // Then
        assertThat(paths(BodySchema.TOOL_REGISTRATION, body)).containsExactly(
                "$.execution_requirements.cpu_intensive", "$.execution_requirements.memory_limit_mb",
                "$.input_schema", "$.metadata.documentation_url", "$.output_schema");
        assertThat(messageAt(BodySchema.TOOL_REGISTRATION, body, "$.execution_requirements.cpu_intensive"))
                .isEqualTo("must be true or false");
    }
}
