package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The immutable catalog of DESIGN.md §3: one typed {@link Topic} per bridge topic, named with the
 * configured prefix. Build it once from {@link TopicsConfig} and pass it around.
 */
public final class Topics {

    public final Topic<String, Envelope> serviceLifecycle;
    public final Topic<String, Envelope> toolExecution;
    public final Topic<String, Envelope> toolRegistration;
    public final Topic<String, Envelope> errors;
    public final Topic<String, Envelope> registryServices;
    public final Topic<String, Envelope> registryTools;
    public final Topic<String, JsonNode> proxyCache;
    public final Topic<String, JsonNode> bridgeConfig;
    public final Topic<String, Envelope> intelligenceHealth;
    public final Topic<String, Envelope> intelligencePerformance;
    public final Topic<String, Envelope> intelligencePatterns;
    public final Topic<byte[], byte[]> dlq;

    private final TopicsConfig config;
    private final Map<String, Topic<?, ?>> byName = new LinkedHashMap<>();

    public Topics(TopicsConfig config) {
        this.config = config;
        Serde<String> keys = Serdes.String();
        Serde<Envelope> envelopes = BridgeSerdes.envelope();
        Serde<JsonNode> json = BridgeSerdes.json();
        serviceLifecycle = add("hooks.service_lifecycle", keys, envelopes, 6, delete(Duration.ofDays(7)));
        toolExecution = add("hooks.tool_execution", keys, envelopes, 6, delete(Duration.ofDays(3)));
        toolRegistration = add("hooks.tool_registration", keys, envelopes, 3, delete(Duration.ofDays(7)));
        errors = add("hooks.errors", keys, envelopes, 3, delete(Duration.ofDays(7)));
        registryServices = add("registry.services", keys, envelopes, 6, delete(Duration.ofDays(7)));
        registryTools = add("registry.tools", keys, envelopes, 3, compact());
        proxyCache = add("proxy.cache", keys, json, 6, compact());
        bridgeConfig = add("bridge.config", keys, json, 1, compact());
        intelligenceHealth = add("intelligence.health", keys, envelopes, 3, delete(Duration.ofDays(7)));
        intelligencePerformance = add("intelligence.performance", keys, envelopes, 3, delete(Duration.ofDays(7)));
        intelligencePatterns = add("intelligence.patterns", keys, envelopes, 3, delete(Duration.ofDays(30)));
        dlq = add("bridge.dlq", Serdes.ByteArray(), Serdes.ByteArray(), 1, delete(Duration.ofDays(14)));
    }

    public static Topics defaults() {
        return new Topics(TopicsConfig.DEFAULT);
    }

    public TopicsConfig config() {
        return config;
    }

    /** Every topic, in DESIGN.md §3 order. */
    public List<Topic<?, ?>> all() {
        return List.copyOf(byName.values());
    }

    /** Looks a topic up by its full name or by its logical (unprefixed) name. */
    public Optional<Topic<?, ?>> find(String name) {
        Topic<?, ?> topic = byName.get(name);
        if (topic == null) {
            topic = byName.get(config.prefix() + name);
        }
        return Optional.ofNullable(topic);
    }

    private <K, V> Topic<K, V> add(String logical, Serde<K> keySerde, Serde<V> valueSerde,
                                   int partitions, Map<String, String> configs) {
        int scaled = Math.max(1, (int) Math.round(partitions * config.partitionsScale()));
        Topic<K, V> topic = new Topic<>(config.prefix() + logical, logical, keySerde, valueSerde, scaled, configs);
        byName.put(topic.name(), topic);
        return topic;
    }

    private static Map<String, String> delete(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }

    private static Map<String, String> compact() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
