package io.omninode.bridge.ingest.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Ids;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Turns a validated hook body into the envelope, topic and key of DESIGN.md §3–§5. The body is
 * kept as the payload (unknown fields included); only documented normalisations are applied:
 * {@code health_change} becomes {@code health_transition} with {@code trigger_event},
 * {@code transition_time} and an {@code impact_assessment} always present; a tool execution
 * always has {@code execution_info.execution_id} (a new id when the hook has none) and a
 * {@code resource_usage} object (empty when the hook has none), both of which the seed's
 * {@code OmniMemoryService.handle_tool_execution} reads without a default.
 */
public final class HookNormalizer {

    static final String DEFAULT_HEALTH_TRIGGER = "hook_reported";
    private static final String UNKNOWN_SERVICE = "unknown";

    private final Topics topics;

    public HookNormalizer(Topics topics) {
        this.topics = topics;
    }

    public NormalizedEvent normalize(HookKind kind, ObjectNode body, String correlationId, String requestId) {
        return switch (kind) {
            case SERVICE_LIFECYCLE -> lifecycle(body, correlationId, requestId);
            case TOOL_EXECUTION -> toolExecution(body, correlationId, requestId);
            case TOOL_REGISTRATION -> toolRegistration(body, correlationId, requestId);
            case ERROR -> error(body, correlationId, requestId);
        };
    }

    private NormalizedEvent lifecycle(ObjectNode body, String correlationId, String requestId) {
        JsonNode info = body.path("service_info");
        String name = info.path("name").asText();
        String hookType = body.path("hook_type").asText();
        String eventType = switch (hookType) {
            case "service_started" -> EventTypes.SERVICE_STARTED;
            case "service_stopped" -> EventTypes.SERVICE_STOPPED;
            case "health_changed" -> EventTypes.SERVICE_HEALTH_CHANGED;
            default -> throw new IllegalArgumentException("unvalidated hook_type " + hookType);
        };
        if (eventType.equals(EventTypes.SERVICE_HEALTH_CHANGED)) {
            normalizeHealthTransition(body);
        }
        Source source = new Source(name, text(info, "instance_id"), text(info, "version"));
        Envelope envelope = Envelope.create(eventType, source, correlationId, requestId, body);
        return new NormalizedEvent(topics.serviceLifecycle, name, name, "$.service_info.name", envelope);
    }

    private static void normalizeHealthTransition(ObjectNode body) {
        JsonNode given = body.has("health_transition") ? body.get("health_transition") : body.get("health_change");
        ObjectNode transition = ((ObjectNode) given).deepCopy();
        body.remove("health_change");
        if (!transition.hasNonNull("trigger_event")) {
            transition.put("trigger_event", DEFAULT_HEALTH_TRIGGER);
        }
        if (!transition.hasNonNull("transition_time")) {
            transition.put("transition_time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        }
        body.set("health_transition", transition);
        if (!body.path("impact_assessment").isObject()) {
            body.putObject("impact_assessment");
        }
    }

    private NormalizedEvent toolExecution(ObjectNode body, String correlationId, String requestId) {
        JsonNode info = body.path("execution_info");
        if (info instanceof ObjectNode object && !object.hasNonNull("execution_id")) {
            object.put("execution_id", Ids.random());
        }
        if (!body.path("resource_usage").isObject()) {
            body.putObject("resource_usage");
        }
        String tool = info.path("tool_name").asText();
        String executor = text(info, "executor_service");
        String requester = text(info, "requester_service");
        String subject = executor != null ? executor : requester;
        String subjectPath = executor != null ? "$.execution_info.executor_service" : "$.execution_info.requester_service";
        Source source = new Source(subject != null ? subject : UNKNOWN_SERVICE, null, null);
        Envelope envelope = Envelope.create(EventTypes.TOOL_EXECUTION_COMPLETED, source, correlationId, requestId, body);
        return new NormalizedEvent(topics.toolExecution, tool, subject, subjectPath, envelope);
    }

    private NormalizedEvent toolRegistration(ObjectNode body, String correlationId, String requestId) {
        JsonNode info = body.path("tool_info");
        String tool = info.path("name").asText();
        String service = text(info, "service_source");
        Source source = new Source(service != null ? service : UNKNOWN_SERVICE, null, null);
        Envelope envelope = Envelope.create(EventTypes.TOOL_REGISTRATION_DISCOVERED, source, correlationId, requestId, body);
        return new NormalizedEvent(topics.toolRegistration, tool, service, "$.tool_info.service_source", envelope);
    }

    private NormalizedEvent error(ObjectNode body, String correlationId, String requestId) {
        JsonNode info = body.path("error_info");
        String service = info.path("service_name").asText();
        Source source = new Source(service, text(info, "instance_id"), null);
        Envelope envelope = Envelope.create(EventTypes.ERROR_SERVICE_CRITICAL, source, correlationId, requestId, body);
        return new NormalizedEvent(topics.errors, service, service, "$.error_info.service_name", envelope);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
