package io.omninode.bridge.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.TopicWriter;
import io.omninode.bridge.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The near-cache against a store that lags behind Kafka, as the global {@code proxy-cache}
 * store does: a clear must take effect at once here, and a clear elsewhere within a second.
 */
class ResultCacheTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final Map<String, JsonNode> store = new ConcurrentHashMap<>();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    /** Writes through the mock producer with the topic's serde, as the bridge's producer does. */
    private final TopicWriter writer = new TopicWriter() {
        @Override
        public <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value, Headers headers) {
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            try {
                return CompletableFuture.completedFuture(
                        producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers)).get());
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    };
    private final ResultCache cache = new ResultCache(writer, Topics.defaults(), new CacheStore() {
        @Override
        public Optional<JsonNode> get(String key) {
            return Optional.ofNullable(store.get(key));
        }

        @Override
        public List<JsonNode> all() {
            return new ArrayList<>(store.values());
        }
    }, key -> Optional.empty(), clock::get);
    private final ToolCachePolicy policy = new ToolCachePolicy();

    @Test
    void shouldAnswerItsOwnWriteBeforeTheStoreHasIt() {
        cache.put("k", "svc", "tool", "in", TextNode.valueOf("out"), "h1", 60, "i1");

        clock.addAndGet(3_000);

        assertThat(cache.lookup("k", policy)).as("own write still in flight").isPresent();
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void shouldNotResurrectAClearedEntryWhileItsTombstoneIsInFlight() {
        cache.put("k", "svc", "tool", "in", TextNode.valueOf("out"), "h1", 60, "i1");
        applyToStore();
        clock.addAndGet(2_000);
        assertThat(cache.lookup("k", policy)).isPresent();

        assertThat(cache.clear("svc/*").join()).isEqualTo(1);

        assertThat(cache.lookup("k", policy)).as("store still holds it, but it was cleared").isEmpty();
        applyToStore();
        assertThat(store).isEmpty();
        assertThat(cache.lookup("k", policy)).isEmpty();
        cache.put("k", "svc", "tool", "in", TextNode.valueOf("again"), "h2", 60, "i1");
        applyToStore();
        clock.addAndGet(2_000);
        assertThat(cache.lookup("k", policy)).as("a later entry is a hit again").isPresent();
    }

    @Test
    void shouldDropANearEntryWithinASecondOfAClearByAnotherInstance() {
        cache.put("k", "svc", "tool", "in", TextNode.valueOf("out"), "h1", 60, "i1");
        applyToStore();
        assertThat(cache.lookup("k", policy)).isPresent();

        store.remove("k"); // another instance's tombstone reached this instance's global store
        assertThat(cache.lookup("k", policy)).as("own write is trusted while it travels").isPresent();
        clock.addAndGet(ResultCache.OWN_WRITE_GRACE_MILLIS);

        assertThat(cache.lookup("k", policy)).isEmpty();
    }

    @Test
    void shouldRecheckEntriesReadFromTheStoreAfterASecond() {
        store.put("k", entry("k", clock.get(), 60));
        assertThat(cache.lookup("k", policy)).isPresent();
        store.remove("k");

        assertThat(cache.lookup("k", policy)).as("verified just now").isPresent();
        clock.addAndGet(ResultCache.NEAR_VERIFY_MILLIS);
        assertThat(cache.lookup("k", policy)).isEmpty();
        assertThat(policy.hits).isEqualTo(2);
        assertThat(policy.misses).isEqualTo(1);
    }

    @Test
    void shouldMissAfterTheTtl() {
        cache.put("k", "svc", "tool", "in", TextNode.valueOf("out"), "h1", 5, "i1");
        applyToStore();

        clock.addAndGet(5_000);

        assertThat(cache.lookup("k", policy)).isEmpty();
    }

    private JsonNode entry(String key, long createdAt, long ttlSeconds) {
        return Json.MAPPER.createObjectNode().put("cache_key", key)
                .put("target_service", "svc").put("tool_name", "tool")
                .put("created_at", Instant.ofEpochMilli(createdAt).toString())
                .put("expires_at", Instant.ofEpochMilli(createdAt + ttlSeconds * 1000).toString());
    }

    /** What the global store thread does: apply every record produced so far, in order. */
    private void applyToStore() {
        for (var record : producer.history()) {
            if (record.value() == null || record.value().length == 0 || new String(record.value()).equals("null")) {
                store.remove(record.key());
            } else {
                store.put(record.key(), Topics.defaults().proxyCache.valueSerde().deserializer()
                        .deserialize(record.topic(), record.value()));
            }
        }
        producer.clear();
    }
}
