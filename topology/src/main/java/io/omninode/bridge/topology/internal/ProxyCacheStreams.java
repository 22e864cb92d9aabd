package io.omninode.bridge.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.StoreNames;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The proxy's result cache: a global {@code proxy-cache} table over the compacted
 * {@code proxy.cache} topic (null = evicted), so every bridge instance answers cache hits from
 * its own copy without a remote hop.
 */
public final class ProxyCacheStreams {

    private ProxyCacheStreams() {
    }

    public static void table(StreamsBuilder builder, Topics topics) {
        Topic<String, JsonNode> cache = topics.proxyCache;
        builder.globalTable(cache.name(),
                Consumed.with(cache.keySerde(), cache.valueSerde()).withName("proxy-cache-table"),
                Materialized.<String, JsonNode, KeyValueStore<Bytes, byte[]>>as(StoreNames.PROXY_CACHE)
                        .withKeySerde(cache.keySerde())
                        .withValueSerde(cache.valueSerde()));
    }
}
