package io.omninode.bridge.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What {@code bridge.config} currently says, per key: the value, the Consul key that wrote it (null
 * when it came from elsewhere, e.g. {@code PUT /admin/config}) and where it was written, so an
 * older record read late never replaces a newer one.
 */
final class ConfigState {

    /** Header on records the watcher writes: the Consul key they came from. */
    static final String CONSUL_KEY_HEADER = "consul_key";

    record Entry(JsonNode value, String consulKey, TopicPartition partition, long offset) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Entry get(String configKey) {
        return entries.get(configKey);
    }

    Map<String, Entry> snapshot() {
        return Map.copyOf(entries);
    }

    void clear() {
        entries.clear();
    }

    /** Applies a record of {@code bridge.config} unless a newer one of the same key is known; null value = removed. */
    void apply(String configKey, JsonNode value, Headers headers, TopicPartition partition, long offset) {
        if (configKey == null) {
            return;
        }
        Header header = headers.lastHeader(CONSUL_KEY_HEADER);
        String consulKey = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        entries.compute(configKey, (key, current) -> {
            if (current != null && current.partition().equals(partition) && current.offset() >= offset) {
                return current;
            }
            return value == null || value.isNull() ? null : new Entry(value, consulKey, partition, offset);
        });
    }
}
