package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.internal.Fields;

/**
 * The fields of a {@code tool.execution.completed} event that the proxy detectors read: the
 * input hash the proxy records ({@code input_analysis.input_hash}), the output hash
 * ({@code proxy.output_hash}, null on failure) and the call's cost.
 */
record ProxiedExecution(String tool, String executor, String inputHash, String outputHash, boolean success,
                        boolean cacheHit, double costMs) {

    /** The execution, or null when the event is not an execution with a tool name and an input hash. */
    static ProxiedExecution of(Envelope event) {
        if (!EventTypes.TOOL_EXECUTION_COMPLETED.equals(event.eventType())) {
            return null;
        }
        JsonNode payload = event.payload();
        String tool = Fields.text(payload.path("execution_info"), "tool_name");
        String input = Fields.text(payload.path("input_analysis"), "input_hash");
        if (tool == null || input == null) {
            return null;
        }
        return new ProxiedExecution(tool, Fields.text(payload.path("execution_info"), "executor_service"), input,
                Fields.text(payload.path("proxy"), "output_hash"),
                payload.at("/execution_result/status").asText("success").equals("success"),
                payload.at("/proxy/cache_hit").asBoolean(), payload.at("/execution_timeline/total_duration_ms").asDouble());
    }
}
