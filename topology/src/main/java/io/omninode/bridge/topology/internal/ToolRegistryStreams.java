package io.omninode.bridge.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The tool registry: a global {@code tool-registry} table over {@code registry.tools}, fed both by
 * {@code POST /registry/tools} (written by the ingest) and by {@code tool.registration.discovered}
 * hooks, which this topology converts into {@code registry.tool.registered} events.
 */
public final class ToolRegistryStreams {

    private ToolRegistryStreams() {
    }

    /** The global table over {@code registry.tools}, materialized as {@link StoreNames#TOOL_REGISTRY}. */
    public static GlobalKTable<String, Envelope> table(StreamsBuilder builder, Topics topics) {
        Topic<String, Envelope> tools = topics.registryTools;
        return builder.globalTable(tools.name(),
                Consumed.with(tools.keySerde(), tools.valueSerde()).withName("tool-registry-table"),
                Materialized.<String, Envelope, KeyValueStore<Bytes, byte[]>>as(StoreNames.TOOL_REGISTRY)
                        .withKeySerde(tools.keySerde())
                        .withValueSerde(tools.valueSerde()));
    }

    /**
     * Writes each discovered tool to {@code registry.tools} under its tool id, merged over what the
     * registry already holds for it (a discovery carries fewer fields than a registration).
     */
    public static void wireDiscoveries(Topics topics, KStream<String, Envelope> toolRegistrations,
                                       GlobalKTable<String, Envelope> registry) {
        Topic<String, Envelope> tools = topics.registryTools;
        toolRegistrations
                .filter((tool, event) -> toolId(event) != null, Named.as("tool-discoveries"))
                .leftJoin(registry, (tool, event) -> toolId(event), ToolRegistryStreams::registration,
                        Named.as("tool-discoveries-join-registry"))
                .selectKey((tool, event) -> event.payload().get("tool_id").asText(),
                        Named.as("tool-discoveries-key-by-tool-id"))
                .processValues(EnvelopeHeaders::new, Named.as("tool-discoveries-headers"))
                .to(tools.name(), Produced.with(tools.keySerde(), tools.valueSerde())
                        .withName("tool-discoveries-to-registry"));
    }

    /** {@code <service_source>:<name>} of a discovery, null when it is none or lacks either. */
    static String toolId(Envelope event) {
        if (event == null || !EventTypes.TOOL_REGISTRATION_DISCOVERED.equals(event.eventType())) {
            return null;
        }
        JsonNode info = event.payload().path("tool_info");
        String service = Fields.text(info, "service_source");
        String name = Fields.text(info, "name");
        return service == null || name == null ? null : service + ":" + name;
    }

    /**
     * The {@code registry.tool.registered} event of a discovery: the registered payload (if any)
     * overlaid with {@code tool_info} ({@code name} becomes {@code tool_name}), {@code tool_id} and
     * {@code registered_at}. Its event id derives from the discovery's, so a replay writes the same event.
     */
    static Envelope registration(Envelope discovery, Envelope registered) {
        JsonNode info = discovery.payload().path("tool_info");
        String toolId = toolId(discovery);
        ObjectNode payload = registered != null ? registered.payload().deepCopy()
                : JsonNodeFactory.instance.objectNode();
        payload.put("tool_name", Fields.text(info, "name"));
        for (Map.Entry<String, JsonNode> field : info.properties()) {
            if (!field.getKey().equals("name")) {
                payload.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        payload.put("tool_id", toolId);
        payload.put("registered_at", discovery.timestamp().toString());
        String eventId = UUID.nameUUIDFromBytes((discovery.eventId() + "/" + EventTypes.REGISTRY_TOOL_REGISTERED)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new Envelope(eventId, EventTypes.REGISTRY_TOOL_REGISTERED, Envelope.VERSION, discovery.timestamp(),
                new Source(Fields.text(info, "service_source"), null, null), discovery.correlationId(),
                discovery.requestId(), payload);
    }
}
