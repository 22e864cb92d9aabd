package io.omninode.bridge.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.proxy.cache.CacheStore;
import io.omninode.bridge.queries.LocalStores;
import io.omninode.bridge.queries.StoreUnavailableException;
import io.omninode.bridge.topology.StoreNames;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The proxy's view of the global {@code proxy-cache} store and of the live {@code bridge-config}
 * store. While a store is not queryable (start-up, restoration) lookups find nothing: the proxy
 * calls the tool and defaults apply — never an error for the caller.
 */
final class GlobalStores implements CacheStore {

    private final LocalStores stores;

    GlobalStores(LocalStores stores) {
        this.stores = stores;
    }

    @Override
    public Optional<JsonNode> get(String key) {
        try {
            return stores.globalGet(StoreNames.PROXY_CACHE, key);
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<JsonNode> all() {
        try {
            return stores.<JsonNode>global(StoreNames.PROXY_CACHE).stream()
                    .map(kv -> kv.value).filter(Objects::nonNull).toList();
        } catch (StoreUnavailableException e) {
            return List.of();
        }
    }

    /** A value of the live configuration ({@code bridge.config}), if set. */
    static Optional<JsonNode> config(LocalStores stores, String key) {
        try {
            return stores.<JsonNode>globalGet(StoreNames.BRIDGE_CONFIG, key);
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }
}
