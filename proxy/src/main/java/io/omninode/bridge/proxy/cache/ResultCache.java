package io.omninode.bridge.proxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.TopicWriter;
import io.omninode.bridge.schemas.Topics;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's adaptive result cache. Entries are written to the compacted {@code proxy.cache}
 * topic and read back from the global {@code proxy-cache} store that every instance holds; a
 * small in-process near-cache answers hot keys (and this instance's own fresh writes) without
 * touching the store. Per-tool policies decide what is cached and for how long.
 *
 * <p>The near-cache never outlives the store by more than {@link #NEAR_VERIFY_MILLIS}: a near
 * entry older than that is checked against the store again, so a clear on another instance (a
 * tombstone in {@code proxy.cache}) reaches this one's hits within a second of its global store
 * applying it. A clear on this instance takes effect at once: the evicted entries are remembered
 * until the store has applied their tombstones, so a lookup in between never resurrects them.
 */
public final class ResultCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);
    private static final int NEAR_CACHE_ENTRIES = 10_000;
    /** How long a near-cache entry is trusted before it is checked against the store again. */
    static final long NEAR_VERIFY_MILLIS = 1_000;
    /** How long this instance's own write is trusted while its record travels to the store. */
    static final long OWN_WRITE_GRACE_MILLIS = 10_000;

    private final TopicWriter publisher;
    private final Topics topics;
    private final CacheStore store;
    private final Function<String, Optional<JsonNode>> config;
    private final LongSupplier clockMillis;
    private final Map<String, ToolCachePolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, Near> near = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Near> eldest) {
            return size() > NEAR_CACHE_ENTRIES;
        }
    };
    /** How long a clear's marker is kept for its tombstone to reach the store. */
    static final long CLEAR_MARKER_MILLIS = 60_000;
    /** Keys cleared here whose tombstones the store may not have applied yet: key → time of the clear. */
    private final Map<String, Long> evicted = new ConcurrentHashMap<>();

    /** A near-cache entry: when the store last confirmed it, and whether this instance wrote it. */
    private record Near(JsonNode entry, long verifiedAt, boolean ownWrite) {
    }

    public ResultCache(TopicWriter publisher, Topics topics, CacheStore store,
                       Function<String, Optional<JsonNode>> config, LongSupplier clockMillis) {
        this.publisher = publisher;
        this.topics = topics;
        this.store = store;
        this.config = config;
        this.clockMillis = clockMillis;
    }

    public ToolCachePolicy policy(String service, String tool) {
        return policies.computeIfAbsent(service + "/" + tool, k -> new ToolCachePolicy());
    }

    public CacheSettings settings() {
        return CacheSettings.from(config);
    }

    /** A fresh entry for {@code key} (near-cache first, then the store), counting the hit or miss. */
    public Optional<JsonNode> lookup(String key, ToolCachePolicy policy) {
        JsonNode entry = find(key, clockMillis.getAsLong());
        synchronized (policy) {
            if (entry != null) {
                policy.hits++;
            } else {
                policy.misses++;
            }
        }
        return Optional.ofNullable(entry);
    }

    private JsonNode find(String key, long now) {
        Near cached;
        synchronized (near) {
            cached = near.get(key);
        }
        if (cached != null && !expired(cached.entry(), now) && now - cached.verifiedAt() < NEAR_VERIFY_MILLIS) {
            return cached.entry();
        }
        JsonNode stored = store.get(key).filter(e -> !clearedHere(key, e)).orElse(null);
        if (stored == null) {
            evicted.remove(key);
        }
        if (stored == null && cached != null && cached.ownWrite() && now - cached.verifiedAt() < OWN_WRITE_GRACE_MILLIS
                && !expired(cached.entry(), now)) {
            return cached.entry(); // this instance's write, not yet back from Kafka
        }
        synchronized (near) {
            if (stored == null || expired(stored, now)) {
                near.remove(key);
                return null;
            }
            near.put(key, new Near(stored, now, false));
        }
        return stored;
    }

    /** Whether {@code stored} was written before this instance cleared it (its tombstone is on its way). */
    private boolean clearedHere(String key, JsonNode stored) {
        Long clearedAt = evicted.get(key);
        return clearedAt != null && createdAt(stored) <= clearedAt;
    }

    private static long createdAt(JsonNode entry) {
        try {
            return Instant.parse(entry.path("created_at").asText()).toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Stores a successful result for {@code ttlSeconds}; the write to Kafka is asynchronous. */
    public void put(String key, String service, String tool, String inputHash, JsonNode output, String outputHash,
                    long ttlSeconds, String instanceId) {
        long now = clockMillis.getAsLong();
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("cache_key", key);
        entry.put("target_service", service);
        entry.put("tool_name", tool);
        entry.put("input_hash", inputHash);
        entry.set("output", output);
        entry.put("output_hash", outputHash);
        entry.put("source_instance", instanceId);
        entry.put("ttl_seconds", ttlSeconds);
        entry.put("created_at", Instant.ofEpochMilli(now).toString());
        entry.put("expires_at", Instant.ofEpochMilli(now + ttlSeconds * 1000).toString());
        synchronized (near) {
            near.put(key, new Near(entry, now, true));
        }
        publisher.send(topics.proxyCache, key, (JsonNode) entry, new RecordHeaders()).whenComplete((md, e) -> {
            if (e != null) {
                LOG.warn("cache entry for {}/{} not stored in Kafka: {}", service, tool, e.getMessage());
            }
        });
    }

    /**
     * Evicts every entry whose {@code <target_service>/<tool_name>} matches the glob (all when
     * null) by writing tombstones; completes with the number evicted once Kafka acknowledged them.
     */
    public CompletableFuture<Integer> clear(String glob) {
        PathMatcher matcher = glob == null || glob.isBlank() ? null
                : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        long now = clockMillis.getAsLong();
        evicted.values().removeIf(clearedAt -> now - clearedAt > CLEAR_MARKER_MILLIS);
        Map<String, JsonNode> candidates = new LinkedHashMap<>();
        store.all().forEach(e -> candidates.put(e.path("cache_key").asText(), e));
        synchronized (near) {
            near.forEach((key, n) -> candidates.put(key, n.entry()));
        }
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : candidates.entrySet()) {
            String name = e.getValue().path("target_service").asText() + "/" + e.getValue().path("tool_name").asText();
            if (matcher == null || matcher.matches(Path.of(name))) {
                evicted.put(e.getKey(), now);
                synchronized (near) {
                    near.remove(e.getKey());
                }
                writes.add(publisher.send(topics.proxyCache, e.getKey(), (JsonNode) null, new RecordHeaders()));
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(ignored -> writes.size());
    }

    /** {@code GET /cache/stats}: entries, hit and miss rates, and per-tool policy, TTL and reason. */
    /** Entries of the cache that have not expired. */
    public long liveEntries() {
        long now = clockMillis.getAsLong();
        return store.all().stream().filter(e -> !expired(e, now)).count();
    }

    public ObjectNode stats() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("entries", liveEntries());
        int nearSize;
        synchronized (near) {
            nearSize = near.size();
        }
        data.put("near_cache_entries", nearSize);
        long hits = 0;
        long misses = 0;
        ObjectNode tools = data.putObject("tools");
        CacheSettings settings = settings();
        for (Map.Entry<String, ToolCachePolicy> e : new TreeMap<>(policies).entrySet()) {
            ToolCachePolicy p = e.getValue();
            long h;
            long m;
            synchronized (p) {
                h = p.hits;
                m = p.misses;
            }
            hits += h;
            misses += m;
            ObjectNode t = tools.putObject(e.getKey());
            t.put("hits", h).put("misses", m).put("hit_rate", rate(h, m));
            t.put("policy", p.verdict().name().toLowerCase(Locale.ROOT));
            t.put("ttl_seconds", p.verdict() == ToolCachePolicy.Verdict.CACHE ? p.ttlSeconds(settings) : 0);
            t.put("reason", p.reason());
            t.put("executions", p.executions()).put("errors", p.errors());
        }
        data.put("hits", hits).put("misses", misses).put("hit_rate", rate(hits, misses)).put("miss_rate",
                hits + misses == 0 ? 0.0 : 1.0 - rate(hits, misses));
        ObjectNode bounds = data.putObject("ttl_bounds");
        bounds.put("default_seconds", settings.defaultTtlSeconds()).put("min_seconds", settings.minTtlSeconds())
                .put("max_seconds", settings.maxTtlSeconds());
        return data;
    }

    private static boolean expired(JsonNode entry, long now) {
        try {
            return Instant.parse(entry.path("expires_at").asText()).toEpochMilli() <= now;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static double rate(long hits, long misses) {
        return hits + misses == 0 ? 0.0 : Math.round(1000.0 * hits / (hits + misses)) / 1000.0;
    }
}
