package io.omninode.bridge.schemas;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A typed topic descriptor: the full (prefixed) name, the serdes of its keys and values, and
 * how it is created. Producers, consumers, the topology and tests all take names and serdes
 * from here; no code spells a topic name.
 *
 * @param name       the topic name including the configured prefix
 * @param logical    the name without prefix, as written in DESIGN.md §3
 * @param keySerde   serde of record keys
 * @param valueSerde serde of record values
 * @param partitions partition count used when the bridge creates the topic
 * @param configs    topic-level configs used when the bridge creates the topic
 */
public record Topic<K, V>(String name, String logical, Serde<K> keySerde, Serde<V> valueSerde,
                          int partitions, Map<String, String> configs) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logical, "logical");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        configs = Map.copyOf(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}
