package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The {@code intelligence.pattern.*} envelope of an observation. */
final class PatternEvents {

    static final Source SOURCE = new Source("omninode-bridge", null, null);

    private PatternEvents() {
    }

    static Envelope envelope(String eventType, PatternObservation o, long occurrence) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        ObjectNode info = payload.putObject("pattern_info");
        info.put("pattern_id", o.patternId());
        info.put("pattern_type", o.patternType());
        info.put("confidence_score", o.confidence());
        info.put("discovery_method", o.discoveryMethod());
        ObjectNode data = o.data() == null ? JsonNodeFactory.instance.objectNode() : o.data().deepCopy();
        data.put("subject", o.subject());
        data.put("status", o.active() ? "active" : "resolved");
        data.set("confidence_components", Json.MAPPER.valueToTree(o.components()));
        info.set("pattern_data", data);
        ObjectNode context = payload.putObject("analysis_context");
        context.putObject("analysis_window")
                .put("start_time", o.windowStart() == null ? null : o.windowStart().toString())
                .put("end_time", o.windowEnd() == null ? null : o.windowEnd().toString())
                .put("sample_size", o.sampleSize());
        strings(context.putArray("data_sources"), o.dataSources());
        ObjectNode insights = payload.putObject("actionable_insights");
        strings(insights.putArray("optimization_opportunities"), o.opportunities());
        strings(insights.putArray("risk_indicators"), o.risks());
        String name = o.patternId() + "/" + eventType + "/" + occurrence + "/" + o.observedAt() + "/" + o.confidence();
        String eventId = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        return new Envelope(eventId, eventType, Envelope.VERSION, o.observedAt(), SOURCE, null, null, payload);
    }

    private static void strings(ArrayNode array, List<String> values) {
        if (values != null) {
            values.forEach(array::add);
        }
    }
}
