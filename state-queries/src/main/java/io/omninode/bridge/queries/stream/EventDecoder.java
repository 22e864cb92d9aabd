package io.omninode.bridge.queries.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Turns a record of a streamed topic into a {@link StreamEvent}: the envelope's JSON on one line,
 * its {@code event_type}, and the service and tool it is about (what the stream filters on), read
 * from the payload fields each topic's events carry (DESIGN.md §4 and §6).
 */
final class EventDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Payload paths of the service and of the tool, first present wins, per logical topic. */
    private static final Map<String, List<String>> SERVICE_PATHS = Map.of(
            "intelligence.health", List.of("/service_info/name", "/service_name"),
            "intelligence.performance", List.of("/executor_service", "/anomaly_info/executor_service"),
            "intelligence.patterns", List.of("/pattern_info/pattern_data/service_name"),
            "hooks.tool_execution", List.of("/execution_info/executor_service"),
            "hooks.service_lifecycle", List.of("/service_info/name"),
            "hooks.errors", List.of("/error_info/service_name"),
            "hooks.tool_registration", List.of("/tool_info/service_source"),
            "registry.services", List.of("/service_name"));
    private static final Map<String, List<String>> TOOL_PATHS = Map.of(
            "intelligence.performance", List.of("/tool_name", "/anomaly_info/tool_name"),
            "intelligence.patterns", List.of("/pattern_info/pattern_data/tool_name",
                    "/pattern_info/pattern_data/tool_a"),
            "hooks.tool_execution", List.of("/execution_info/tool_name"),
            "hooks.errors", List.of("/error_info/tool_name"),
            "hooks.tool_registration", List.of("/tool_info/name"));

    private final String topic;
    private final List<String> servicePaths;
    private final List<String> toolPaths;

    EventDecoder(String topic) {
        this.topic = topic;
        this.servicePaths = SERVICE_PATHS.getOrDefault(topic, List.of());
        this.toolPaths = TOOL_PATHS.getOrDefault(topic, List.of());
    }

    /** The event, or null for a value that is not a JSON object (it is skipped, never streamed half-read). */
    StreamEvent decode(int partition, long offset, long[] after, byte[] value) {
        if (value == null) {
            return null;
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
        if (envelope == null || !envelope.isObject()) {
            return null;
        }
        String json = new String(value, StandardCharsets.UTF_8);
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            json = envelope.toString();
        }
        JsonNode payload = envelope.path("payload");
        return new StreamEvent(topic, partition, offset, after, envelope.path("event_type").asText(null),
                first(payload, servicePaths), first(payload, toolPaths), json);
    }

    private static String first(JsonNode payload, List<String> paths) {
        for (String path : paths) {
            JsonNode value = payload.at(path);
            if (value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }
}
