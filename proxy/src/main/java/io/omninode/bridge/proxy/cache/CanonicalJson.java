package io.omninode.bridge.proxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Canonical JSON (object keys sorted at every level, no whitespace; numbers as Jackson writes
 * them) and the cache key {@code sha256(target service, tool, canonical input)}: the same input
 * written with another key order hits the same entry.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(sorted(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex SHA-256 of {@code service}, {@code tool} and the canonical input, NUL-separated. */
    public static String cacheKey(String service, String tool, JsonNode input) {
        MessageDigest sha = sha256();
        sha.update(service.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(tool.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes(input));
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                fields.put(name, sorted(node.get(name)));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
