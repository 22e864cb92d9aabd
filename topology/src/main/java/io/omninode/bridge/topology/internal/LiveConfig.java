package io.omninode.bridge.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.InputReadiness;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The live {@code bridge.config} values ({@link ConfigKeys}) as one typed snapshot: every value is
 * parsed once, when {@code bridge.config} changes, by the processor of the global
 * {@link StoreNames#BRIDGE_CONFIG} store; processors read the snapshot (a volatile reference and a
 * map lookup), never the store. Missing or null values, and values the catalog refuses (wrong
 * type, out of bounds), fall back to the default in {@link ConfigKeys#ALL}; strings holding an
 * accepted value ({@code "5"}, {@code "true"}), which earlier versions stored, are read as that value.
 *
 * <p>One instance per built topology ({@code BridgeTopology.build}); the stream threads read what
 * the global thread last wrote, so a change applies to new data without a restart. It also carries
 * the other live fact from outside the topology that every processor's wall clock depends on: the
 * {@link InputReadiness} of the inputs.
 */
public final class LiveConfig {

    private static final Map<String, Object> DEFAULTS = defaults();

    /** What a key is when {@code bridge.config} does not set it. */
    private final Map<String, Object> defaults;
    private final InputReadiness inputs;
    private volatile Map<String, Object> values;

    /** The defaults of {@link ConfigKeys#ALL}. */
    public LiveConfig() {
        this(DEFAULTS, InputReadiness.ALWAYS);
    }

    /**
     * The defaults of {@link ConfigKeys#ALL}, except the health thresholds, which default to
     * {@code config}'s (a topology built with other thresholds keeps them until bridge.config sets them).
     */
    public LiveConfig(TopologyConfig config) {
        this(config, InputReadiness.ALWAYS);
    }

    /** {@link #LiveConfig(TopologyConfig)}, with inputs that are watched. */
    public LiveConfig(TopologyConfig config, InputReadiness inputs) {
        this(withHealthDefaults(config), inputs);
    }

    private LiveConfig(Map<String, Object> defaults, InputReadiness inputs) {
        this.defaults = defaults;
        this.values = defaults;
        this.inputs = Objects.requireNonNull(inputs, "inputs");
    }

    /** Whether the inputs can be read to their acknowledged end (the wall clock waits while not). */
    public InputReadiness inputs() {
        return inputs;
    }

    private static Map<String, Object> withHealthDefaults(TopologyConfig config) {
        Map<String, Object> defaults = new HashMap<>(DEFAULTS);
        defaults.put(ConfigKeys.HEALTH_ERROR_RATE_THRESHOLD, config.errorRateThreshold());
        defaults.put(ConfigKeys.HEALTH_ERROR_RATE_MIN_RUNS, (double) config.errorRateMinRuns());
        defaults.put(ConfigKeys.HEALTH_REMOVAL_FACTOR, (double) config.removalFactor());
        return Map.copyOf(defaults);
    }

    public double decimal(String key) {
        return ((Number) value(key)).doubleValue();
    }

    public long integer(String key) {
        return Math.round(decimal(key));
    }

    public boolean flag(String key) {
        return (Boolean) value(key);
    }

    /** {@code detector.<type>.enabled}. */
    public boolean enabled(String patternType) {
        return flag(ConfigKeys.enabledKey(patternType));
    }

    private Object value(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("not a live config key: " + key);
        }
        return value;
    }

    /** Materializes {@code bridge.config} as the global {@link StoreNames#BRIDGE_CONFIG} store feeding {@code live}. */
    public static void table(StreamsBuilder builder, Topics topics, LiveConfig live) {
        Topic<String, JsonNode> config = topics.bridgeConfig;
        builder.addGlobalStore(
                Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(StoreNames.BRIDGE_CONFIG),
                        config.keySerde(), config.valueSerde()).withLoggingDisabled(),
                config.name(),
                Consumed.with(config.keySerde(), config.valueSerde()).withName("bridge-config-source"),
                () -> new Updater(live));
    }

    /** Replaces the snapshot with the defaults overridden by {@code entries} (unknown keys ignored). */
    void replace(Map<String, JsonNode> entries) {
        Map<String, Object> next = new HashMap<>(defaults);
        entries.forEach((key, value) -> {
            ConfigKeys.Key known = ConfigKeys.find(key);
            if (known != null) {
                next.put(key, parse(known, value));
            }
        });
        values = Map.copyOf(next);
    }

    private void set(String key, JsonNode value) {
        ConfigKeys.Key known = ConfigKeys.find(key);
        if (known == null) {
            return;
        }
        Map<String, Object> next = new HashMap<>(values);
        next.put(key, parse(known, value));
        values = Map.copyOf(next);
    }

    private Object parse(ConfigKeys.Key key, JsonNode value) {
        Object fallback = defaults.get(key.name());
        if (value == null || value.isNull()) {
            return fallback;
        }
        JsonNode typed = value;
        if (value.isTextual() && key.problem(value) != null) {
            // earlier versions stored numbers and flags as strings holding them
            typed = textValue(value.asText().trim());
        }
        if (typed == null || key.problem(typed) != null) {
            return fallback;
        }
        Object read = key.read(typed);
        return read instanceof Number n ? n.doubleValue() : read;
    }

    private static JsonNode textValue(String text) {
        try {
            return text.isEmpty() ? null : Json.MAPPER.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> defaults = new HashMap<>();
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            Object value = key.defaultValue();
            defaults.put(key.name(), value instanceof Number n ? n.doubleValue() : value);
        }
        return Map.copyOf(defaults);
    }

    /** Keeps the global store and the snapshot up to date. */
    private static final class Updater implements Processor<String, JsonNode, Void, Void> {

        private final LiveConfig live;
        private TimestampedKeyValueStore<String, JsonNode> store;

        Updater(LiveConfig live) {
            this.live = live;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(StoreNames.BRIDGE_CONFIG);
            // the store was restored before init: start from what it holds
            Map<String, JsonNode> entries = new HashMap<>();
            try (KeyValueIterator<String, ValueAndTimestamp<JsonNode>> all = store.all()) {
                all.forEachRemaining(kv -> entries.put(kv.key, kv.value == null ? null : kv.value.value()));
            }
            live.replace(entries);
        }

        @Override
        public void process(Record<String, JsonNode> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null || record.value().isNull()) {
                store.delete(record.key());
            } else {
                store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            }
            live.set(record.key(), record.value());
        }
    }
}
