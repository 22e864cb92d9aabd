package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OpenApiSpecTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode spec;

    @BeforeAll
    static void readSpec() throws IOException {
        if (Boolean.getBoolean(OpenApiBodySchemas.REGENERATE_PROPERTY)) {
            OpenApiBodySchemas.regenerateSource();
        }
        spec = YAML.readTree(OpenApi.yaml());
    }

    @Test
    void shouldBeAnOpenApi31Document() {
        // Given the served document (parsed in readSpec)
        // Then
        assertThat(spec.path("openapi").asText()).startsWith("3.1.");
        assertThat(spec.path("info").path("title").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "post,   /hooks/service/lifecycle",
            "post,   /hooks/tool/execution",
            "post,   /hooks/tool/registration",
            "post,   /hooks/error",
            "post,   /hooks/batch",
            "post,   /registry/services",
            "put,    /registry/services/{registration_id}",
            "delete, /registry/services/{registration_id}",
            "post,   /registry/tools",
            "get,    /registry/services",
            "get,    /registry/services/{service_name}/health",
            "get,    /registry/tools",
            "get,    /registry/tools/{tool_id}",
            "get,    /intelligence/health/transitions",
            "put,    /admin/config",
            "get,    /intelligence/patterns",
            "get,    /intelligence/patterns/{pattern_id}",
            "get,    /intelligence/performance/tools/{tool}",
            "post,   /proxy/tool/{tool_name}",
            "get,    /proxy/health/{service_name}",
            "get,    /cache/stats",
            "get,    /events/stream",
            "get,    /ui/",
            "delete, /cache/clear",
            "get,    /health",
            "get,    /ready",
            "get,    /metrics",
            "get,    /openapi.yaml"})
    void shouldListEveryRouteWithAnOkResponse(String method, String route) {
        // When
        JsonNode operation = spec.path("paths").path(route).path(method);

        // Then
        assertThat(operation.isObject()).as("%s %s", method, route).isTrue();
        assertThat(operation.path("responses").has("200")).isTrue();
    }

    @ParameterizedTest(name = "{1} {2} takes {0}")
    @CsvSource({
            "LIFECYCLE_HOOK,         post, /hooks/service/lifecycle",
            "TOOL_EXECUTION_HOOK,    post, /hooks/tool/execution",
            "TOOL_REGISTRATION_HOOK, post, /hooks/tool/registration",
            "ERROR_HOOK,             post, /hooks/error",
            "BATCH,                  post, /hooks/batch",
            "SERVICE_REGISTRATION,   post, /registry/services",
            "HEARTBEAT,              put,  /registry/services/{registration_id}",
            "TOOL_REGISTRATION,      post, /registry/tools"})
    void shouldTakeTheBodySchemaOfEachWriteRoute(BodySchema schema, String method, String route) {
        // When
        JsonNode body = spec.path("paths").path(route).path(method)
                .path("requestBody").path("content").path("application/json").path("schema");

        // Then
        assertThat(body.path("$ref").asText())
                .isEqualTo("#/components/schemas/" + OpenApiBodySchemas.componentName(schema));
    }

    @ParameterizedTest
    @EnumSource(BodySchema.class)
    void shouldEmbedEveryBodySchemaFileUnchanged(BodySchema schema) {
        // Given
        JsonNode expected = OpenApiBodySchemas.component(schema);

        // When
        JsonNode embedded = spec.path("components").path("schemas").path(OpenApiBodySchemas.componentName(schema));

        // Then
        assertThat(embedded)
                .as("components/schemas/%s differs from %s; regenerate with -D%s=true",
                        OpenApiBodySchemas.componentName(schema), schema.resource(),
                        OpenApiBodySchemas.REGENERATE_PROPERTY)
                .isEqualTo(expected);
    }

    @Test
    void shouldResolveEveryLocalReference() {
        // Given
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);

        // Then
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(spec.at(JsonPointer.compile(ref.substring(1))).isMissingNode()).as(ref).isFalse();
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "post,   /hooks/service/lifecycle,             '400,401,403,413,415,429,503'",
            "post,   /hooks/batch,                         '400,401,403,413,415,429,503'",
            "post,   /registry/services,                   '400,401,403,413,415,429,503'",
            "put,    /registry/services/{registration_id}, '400,401,403,404,413,415,429,503'",
            "delete, /registry/services/{registration_id}, '401,403,404,429,503'",
            "post,   /registry/tools,                      '400,401,403,413,415,429,503'"})
    void shouldDescribeTheFailuresOfWriteRoutes(String method, String route, String statuses) {
        // When
        JsonNode responses = spec.path("paths").path(route).path(method).path("responses");

        // Then
        for (String status : statuses.split(",")) {
            assertThat(responses.has(status)).as("%s %s %s", method, route, status).isTrue();
        }
    }

    @Test
    void shouldRequireATokenExceptOnOperationsRoutes() {
        // Given
        JsonNode schemes = spec.path("components").path("securitySchemes");

        // Then
        assertThat(schemes.path("ServiceAuth").path("name").asText()).isEqualTo("X-Service-Auth");
        assertThat(schemes.path("ServiceAuth").path("in").asText()).isEqualTo("header");
        assertThat(schemes.path("BearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(spec.path("security")).hasSize(2);
        for (String open : List.of("/health", "/ready", "/metrics", "/openapi.yaml")) {
            assertThat(spec.path("paths").path(open).path("get").path("security")).as(open).isEmpty();
        }
    }

    @Test
    void shouldDescribeTheDataOfEachSuccess() {
        // Given
        JsonNode schemas = spec.path("components").path("schemas");
        Map<String, List<String>> required = Map.of(
                "HookAccepted", List.of("hook_id", "event_type", "topic", "partition", "offset"),
                "BatchAccepted", List.of("accepted", "rejected", "results"),
                "ServiceRegistered", List.of("registration_id", "service_name", "instance_id", "registered_at",
                        "expires_at", "consul_registered"),
                "HeartbeatAccepted", List.of("registration_id", "updated_at", "health_status", "expires_at"),
                "ServiceDeregistered", List.of("registration_id", "deregistered_at"),
                "ToolRegistered", List.of("tool_id", "tool_name", "registered_at"));

        // Then
        required.forEach((name, fields) -> assertThat(schemas.path(name).path("required"))
                .as(name).extracting(JsonNode::asText).containsExactlyElementsOf(fields));
        assertThat(schemas.path("BatchItemResult").path("properties").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("index", "success", "hook_id", "event_type", "topic", "partition", "offset", "error");
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                refs.add(ref.asText());
            }
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
