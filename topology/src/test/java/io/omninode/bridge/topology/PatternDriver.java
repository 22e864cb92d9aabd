package io.omninode.bridge.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.topology.patterns.PatternIds;
import io.omninode.bridge.topology.patterns.PatternState;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;

/** A {@link HealthDriver} that reads {@code intelligence.patterns} and the {@code patterns} store. */
final class PatternDriver implements AutoCloseable {

    final HealthDriver bridge;
    private final TestOutputTopic<String, Envelope> patterns;

    PatternDriver(Path stateDir) {
        bridge = new HealthDriver(stateDir);
        patterns = bridge.output(bridge.topics.intelligencePatterns);
    }

    /** The pattern events since the last call. */
    List<Envelope> events() {
        return patterns.readValuesToList();
    }

    PatternState state(String type, String subject) {
        return bridge.driver.<String, PatternState>getKeyValueStore(StoreNames.PATTERNS).get(PatternIds.of(type, subject));
    }

    void config(String key, JsonNode value) {
        bridge.pipe(bridge.topics.bridgeConfig, key, value);
    }

    void disable(String type) {
        config(ConfigKeys.enabledKey(type), BooleanNode.FALSE);
    }

    /** A derived {@code health_changed} event on {@code intelligence.health}, as the health processor writes it. */
    void healthChanged(String service, String instance, String previous, String current) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.putObject("service_info").put("name", service).put("instance_id", instance);
        payload.putObject("health_transition").put("previous_status", previous).put("current_status", current)
                .put("trigger_event", "heartbeat_reported").put("transition_time", bridge.now().toString());
        bridge.pipe(bridge.topics.intelligenceHealth, service, Envelope.create(EventTypes.SERVICE_HEALTH_CHANGED,
                new Source(service, instance, null), null, null, payload));
    }

    static JsonNode info(Envelope event) {
        return event.payload().path("pattern_info");
    }

    @Override
    public void close() {
        bridge.close();
    }
}
