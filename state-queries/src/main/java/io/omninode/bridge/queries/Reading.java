package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one read request saw: fresh when every part came from an active, restored copy; stale
 * when any part came from a standby or from an active copy still restoring (DESIGN.md §5,
 * KIP-535), with the largest lag of those copies in changelog offsets. One per request; a
 * request's parts are read one after another, never concurrently.
 */
public final class Reading {

    /** The lag is not known (the changelog's end could not be read). */
    public static final long UNKNOWN_LAG = -1;

    private final boolean freshOnly;
    private boolean stale;
    private long lagOffsets;

    /** @param freshOnly {@code ?fresh=true}: only active, restored copies may answer */
    public Reading(boolean freshOnly) {
        this.freshOnly = freshOnly;
    }

    /** Whether only active, restored copies may answer. */
    public boolean freshOnly() {
        return freshOnly;
    }

    /** A part was read from a copy that lags by {@code lagOffsets} ({@link #UNKNOWN_LAG} when not known). */
    public void stale(long lagOffsets) {
        if (!stale || this.lagOffsets != UNKNOWN_LAG && (lagOffsets == UNKNOWN_LAG || lagOffsets > this.lagOffsets)) {
            this.lagOffsets = lagOffsets;
        }
        stale = true;
    }

    /** Takes in the staleness another instance reported in its reply's {@code metadata}. */
    public void merge(JsonNode metadata) {
        if (metadata != null && metadata.path("stale").asBoolean(false)) {
            JsonNode offsets = metadata.path("lag").path("offsets");
            stale(offsets.canConvertToLong() ? offsets.asLong() : UNKNOWN_LAG);
        }
    }

    /** Forgets what an abandoned attempt saw (the request is retried from scratch). */
    void reset() {
        stale = false;
        lagOffsets = 0;
    }

    public boolean isStale() {
        return stale;
    }

    /** {@code stale}, and {@code lag} when stale: the envelope's metadata fields of this read. */
    public Map<String, Object> metadata() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stale", stale);
        if (stale) {
            ObjectNode lag = JsonNodeFactory.instance.objectNode();
            if (lagOffsets == UNKNOWN_LAG) {
                lag.putNull("offsets");
            } else {
                lag.put("offsets", lagOffsets);
            }
            out.put("lag", lag);
        }
        return out;
    }
}
