package io.omninode.bridge.proxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Read access to the {@code proxy-cache} store (the global table over {@code proxy.cache}). */
public interface CacheStore {

    /** The entry under {@code key}, if any (possibly expired: the caller checks {@code expires_at}). */
    Optional<JsonNode> get(String key);

    /** Every entry, for clearing by pattern and for statistics. */
    List<JsonNode> all();
}
