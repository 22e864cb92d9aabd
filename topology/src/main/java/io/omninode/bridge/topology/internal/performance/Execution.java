package io.omninode.bridge.topology.internal.performance;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.internal.Fields;

/**
 * What the performance windows read of a {@code tool.execution.completed} event. A missing
 * duration or queue time counts as 0.
 */
record Execution(String tool, String executor, boolean success, double durationMs, double queueTimeMs) {

    static final String SUCCESS = "success";

    /** The execution, or null when the event is not one or names no tool. */
    static Execution of(String key, Envelope event) {
        if (event == null || !EventTypes.TOOL_EXECUTION_COMPLETED.equals(event.eventType())) {
            return null;
        }
        JsonNode payload = event.payload();
        JsonNode info = payload.path("execution_info");
        String tool = Fields.text(info, "tool_name");
        if (tool == null) {
            tool = key;
        }
        if (tool == null) {
            return null;
        }
        JsonNode timeline = payload.path("execution_timeline");
        return new Execution(tool, Fields.text(info, "executor_service"),
                SUCCESS.equals(Fields.text(payload.path("execution_result"), "status")),
                orZero(Fields.number(timeline, "total_duration_ms")),
                orZero(Fields.number(timeline, "queue_time_ms")));
    }

    private static double orZero(Double value) {
        return value == null || !Double.isFinite(value) || value < 0 ? 0 : value;
    }
}
