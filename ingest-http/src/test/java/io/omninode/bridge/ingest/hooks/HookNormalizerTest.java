package io.omninode.bridge.ingest.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import org.junit.jupiter.api.Test;

class HookNormalizerTest {

    private final Topics topics = new Topics(TopicsConfig.withPrefix("t."));
    private final HookNormalizer normalizer = new HookNormalizer(topics);

    @Test
    void shouldRenameHealthChangeToHealthTransitionWithDefaults() throws Exception {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "health_changed",
                 "service_info": {"name": "omniagent", "instance_id": "omniagent-h1-42"},
                 "health_change": {"previous_status": "healthy", "current_status": "degraded"},
                 "custom_field": 7}""");

        NormalizedEvent event = normalizer.normalize(HookKind.SERVICE_LIFECYCLE, body, "corr", "req");

        assertThat(event.topic()).isSameAs(topics.serviceLifecycle);
        assertThat(event.key()).isEqualTo("omniagent");
        assertThat(event.envelope().eventType()).isEqualTo(EventTypes.SERVICE_HEALTH_CHANGED);
        ObjectNode payload = event.envelope().payload();
        assertThat(payload.has("health_change")).isFalse();
        assertThat(payload.at("/health_transition/current_status").asText()).isEqualTo("degraded");
        assertThat(payload.at("/health_transition/trigger_event").asText()).isEqualTo("hook_reported");
        assertThat(payload.at("/health_transition/transition_time").asText()).isNotBlank();
        assertThat(payload.get("impact_assessment").isObject()).isTrue();
        assertThat(payload.get("custom_field").asInt()).as("unknown fields are kept").isEqualTo(7);
        assertThat(event.envelope().source().instanceId()).isEqualTo("omniagent-h1-42");
        assertThat(event.envelope().correlationId()).isEqualTo("corr");
    }

    @Test
    void shouldKeyToolExecutionsByToolAndScopeThemToTheExecutor() throws Exception {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "tool_executed",
                 "execution_info": {"tool_name": "code_generator", "requester_service": "omniplan",
                                    "executor_service": "omniagent"},
                 "execution_timeline": {"total_duration_ms": 12.5},
                 "execution_result": {"status": "success"}}""");

        NormalizedEvent event = normalizer.normalize(HookKind.TOOL_EXECUTION, body, "c", "r");

        assertThat(event.topic()).isSameAs(topics.toolExecution);
        assertThat(event.key()).isEqualTo("code_generator");
        assertThat(event.subjectService()).isEqualTo("omniagent");
        assertThat(event.envelope().eventType()).isEqualTo(EventTypes.TOOL_EXECUTION_COMPLETED);
    }

    @Test
    void shouldGiveEveryExecutionTheFieldsTheSeedsConsumerReadsAndKeepThoseGiven() throws Exception {
        // Given: a minimal hook, and one with its own id and usage
        ObjectNode minimal = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "tool_executed", "execution_info": {"tool_name": "code_generator"},
                 "execution_timeline": {"total_duration_ms": 1}, "execution_result": {"status": "success"}}""");
        ObjectNode full = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "tool_executed", "execution_info": {"tool_name": "code_generator", "execution_id": "ex-1"},
                 "execution_timeline": {"total_duration_ms": 1}, "execution_result": {"status": "success"},
                 "resource_usage": {"cpu_usage": 0.4}}""");

        // When
        JsonNode added = normalizer.normalize(HookKind.TOOL_EXECUTION, minimal, "c", "r").envelope().payload();
        JsonNode kept = normalizer.normalize(HookKind.TOOL_EXECUTION, full, "c", "r").envelope().payload();

        // Then
        assertThat(added.at("/execution_info/execution_id").asText()).isNotBlank();
        assertThat(added.get("resource_usage").isObject()).isTrue();
        assertThat(kept.at("/execution_info/execution_id").asText()).isEqualTo("ex-1");
        assertThat(kept.at("/resource_usage/cpu_usage").asDouble()).isEqualTo(0.4);
    }

    @Test
    void shouldFallBackToTheRequesterWhenNoExecutorIsNamed() throws Exception {
        ObjectNode body = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "tool_executed",
                 "execution_info": {"tool_name": "code_generator", "requester_service": "omniplan", "executor_service": null},
                 "execution_timeline": {"total_duration_ms": 1}, "execution_result": {"status": "failed"}}""");

        NormalizedEvent event = normalizer.normalize(HookKind.TOOL_EXECUTION, body, "c", "r");

        assertThat(event.subjectService()).isEqualTo("omniplan");
        assertThat(event.subjectPath()).isEqualTo("$.execution_info.requester_service");
    }

    @Test
    void shouldRouteErrorsAndToolDiscoveriesToTheirTopics() throws Exception {
        ObjectNode error = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "error_occurred", "error_info": {"service_name": "omniagent", "error_type": "OOM",
                 "severity": "critical"}}""");
        ObjectNode tool = (ObjectNode) Json.MAPPER.readTree("""
                {"hook_type": "tool_discovered", "tool_info": {"name": "code_analyzer", "service_source": "omniagent"}}""");

        NormalizedEvent e = normalizer.normalize(HookKind.ERROR, error, "c", "r");
        NormalizedEvent t = normalizer.normalize(HookKind.TOOL_REGISTRATION, tool, "c", "r");

        assertThat(e.topic().name()).isEqualTo("t.hooks.errors");
        assertThat(e.key()).isEqualTo("omniagent");
        assertThat(e.envelope().eventType()).isEqualTo(EventTypes.ERROR_SERVICE_CRITICAL);
        assertThat(t.topic().name()).isEqualTo("t.hooks.tool_registration");
        assertThat(t.key()).isEqualTo("code_analyzer");
        assertThat(t.subjectService()).isEqualTo("omniagent");
        assertThat(t.envelope().eventType()).isEqualTo(EventTypes.TOOL_REGISTRATION_DISCOVERED);
    }
}
