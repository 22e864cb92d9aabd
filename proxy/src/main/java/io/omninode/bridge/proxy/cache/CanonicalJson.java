package io.omninode.bridge.proxy.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * Canonical JSON (object keys sorted at every level, no whitespace; numbers as Jackson writes
 * them) and the cache key {@code sha256(target service, tool, canonical input)}: the same input
 * written with another key order hits the same entry.
 *
 * <p>The sorted form is written straight into one generator (no sorted copy of the tree), and each
 * thread reuses its own digest: both run on every proxied call, cache hits included.
 */
public final class CanonicalJson {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(CanonicalJson::sha256);
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalJson() {
    }

    public static byte[] bytes(JsonNode node) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256);
             JsonGenerator generator = Json.MAPPER.getFactory().createGenerator(out)) {
            writeSorted(generator, node);
            generator.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex SHA-256 of {@code service}, {@code tool} and the canonical input, NUL-separated. */
    public static String cacheKey(String service, String tool, JsonNode input) {
        return cacheKey(service, tool, bytes(input));
    }

    /** {@link #cacheKey(String, String, JsonNode)} of an input already in canonical form ({@link #bytes}). */
    public static String cacheKey(String service, String tool, byte[] canonicalInput) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(service.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(tool.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(canonicalInput);
        return HEX.formatHex(sha.digest());
    }

    public static String hash(byte[] bytes) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return HEX.formatHex(sha.digest(bytes));
    }

    private static void writeSorted(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isObject()) {
            String[] names = new String[node.size()];
            int i = 0;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names[i++] = it.next();
            }
            Arrays.sort(names);
            generator.writeStartObject();
            for (String name : names) {
                generator.writeFieldName(name);
                writeSorted(generator, node.get(name));
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                writeSorted(generator, element);
            }
            generator.writeEndArray();
        } else {
            Json.MAPPER.writeTree(generator, node);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
