package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Stable paging of merged list results: items are sorted by a unique sort key; {@code cursor} is
 * the opaque sort key of the last item of the previous page, so pages neither repeat nor skip
 * items when other instances' answers arrive in a different order.
 *
 * @param limit  items per page, 1–1000 (default 100)
 * @param after  sort key after which the page starts, or null for the first page
 */
public record Page(int limit, String after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Parses {@code limit} and {@code cursor} query parameters; 400 for bad values. */
    public static Page of(String limit, String cursor) {
        int n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("$.limit", "limit must be an integer between 1 and " + MAX_LIMIT);
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw ApiException.badRequest("$.limit", "limit must be an integer between 1 and " + MAX_LIMIT);
            }
        }
        String after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("$.cursor", "cursor is not one this API returned");
            }
        }
        return new Page(n, after);
    }

    /**
     * The page of {@code items} (sorted by {@code sortKey}, ascending) as
     * {@code {"items": [...], "count", "next_cursor"}}.
     */
    public ObjectNode apply(List<JsonNode> items, Function<JsonNode, String> sortKey) {
        List<JsonNode> sorted = items.stream().sorted(Comparator.comparing(sortKey)).toList();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode page = out.putArray("items");
        String last = null;
        int remaining = 0;
        for (JsonNode item : sorted) {
            String key = sortKey.apply(item);
            if (after != null && key.compareTo(after) <= 0) {
                continue;
            }
            if (page.size() < limit) {
                page.add(item);
                last = key;
            } else {
                remaining++;
            }
        }
        out.put("count", page.size());
        if (remaining > 0) {
            out.put("next_cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        } else {
            out.putNull("next_cursor");
        }
        return out;
    }
}
