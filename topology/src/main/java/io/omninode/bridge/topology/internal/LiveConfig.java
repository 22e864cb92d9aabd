package io.omninode.bridge.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.ConfigKeys;
import io.omninode.bridge.topology.StoreNames;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Typed reads of the live {@code bridge.config} values ({@link ConfigKeys}) from the global
 * {@link StoreNames#BRIDGE_CONFIG} store. Nothing is cached: every call reads the store, so a
 * processor sees a change on its next record or punctuation. Missing, null or unreadable values
 * fall back to the default in {@link ConfigKeys#ALL}.
 */
public final class LiveConfig {

    private final ReadOnlyKeyValueStore<String, ValueAndTimestamp<JsonNode>> store;

    public LiveConfig(ReadOnlyKeyValueStore<String, ValueAndTimestamp<JsonNode>> store) {
        this.store = store;
    }

    /** The live config of a processor (the global store is visible to every processor). */
    public static LiveConfig of(ProcessingContext context) {
        return new LiveConfig(context.getStateStore(StoreNames.BRIDGE_CONFIG));
    }

    /** Materializes {@code bridge.config} as the global {@link StoreNames#BRIDGE_CONFIG} store. */
    public static void table(StreamsBuilder builder, Topics topics) {
        Topic<String, JsonNode> config = topics.bridgeConfig;
        builder.globalTable(config.name(),
                Consumed.with(config.keySerde(), config.valueSerde()).withName("bridge-config-table"),
                Materialized.<String, JsonNode, KeyValueStore<Bytes, byte[]>>as(StoreNames.BRIDGE_CONFIG)
                        .withKeySerde(config.keySerde())
                        .withValueSerde(config.valueSerde()));
    }

    public double decimal(String key) {
        JsonNode value = value(key);
        if (value != null && value.isNumber()) {
            return value.doubleValue();
        }
        if (value != null && value.isTextual()) {
            try {
                return Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return ((Number) defaultOf(key)).doubleValue();
    }

    public long integer(String key) {
        double value = decimal(key);
        return Double.isFinite(value) ? Math.round(value) : ((Number) defaultOf(key)).longValue();
    }

    public boolean flag(String key) {
        JsonNode value = value(key);
        if (value != null && value.isBoolean()) {
            return value.booleanValue();
        }
        if (value != null && value.isTextual()) {
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        return (Boolean) defaultOf(key);
    }

    /** {@code detector.<type>.enabled}. */
    public boolean enabled(String patternType) {
        return flag(ConfigKeys.enabledKey(patternType));
    }

    private JsonNode value(String key) {
        ValueAndTimestamp<JsonNode> entry = store.get(key);
        JsonNode value = entry == null ? null : entry.value();
        return value == null || value.isNull() ? null : value;
    }

    private static Object defaultOf(String key) {
        ConfigKeys.Key known = ConfigKeys.find(key);
        if (known == null) {
            throw new IllegalArgumentException("not a live config key: " + key);
        }
        return known.defaultValue();
    }
}
