package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.topology.internal.Fields;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** The tool ids of a service, by prefix scan of the global {@code tool-registry} store. */
final class ToolLookup {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<Envelope>> tools;

    ToolLookup(ReadOnlyKeyValueStore<String, ValueAndTimestamp<Envelope>> tools) {
        this.tools = tools;
    }

    /** Ids {@code <service>:<tool>} of the service's registered tools, in key order. */
    List<String> toolIdsOf(String service) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<Envelope>> it = tools.prefixScan(service + ":", KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, ValueAndTimestamp<Envelope>> entry = it.next();
                if (entry.value != null && isOf(service, entry.value.value())) {
                    ids.add(entry.key);
                }
            }
        }
        return ids;
    }

    /** Guards against service names that contain ':' ("a:b" tools also match the prefix "a:"). */
    private static boolean isOf(String service, Envelope tool) {
        String source = tool == null ? null : Fields.text(tool.payload(), "service_source");
        return source == null || source.equals(service);
    }
}
