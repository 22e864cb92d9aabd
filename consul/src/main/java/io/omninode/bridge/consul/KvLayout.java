package io.omninode.bridge.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Consul KV layout of the bridge and how it maps to {@code bridge.config}:
 * <ul>
 *   <li>{@code omninode-bridge/bridge/<a>/<b>/<c>} → config key {@code a.b.c}; the value must be
 *       JSON that the catalog ({@link ConfigKeys}) accepts for that key ({@code 5}, {@code 0.2},
 *       {@code true}): these are typed settings of the bridge itself, so a bare word, a typo
 *       ({@code 0.2x}), a value of the wrong type or out of bounds, or an unknown key is rejected
 *       rather than silently doing nothing.</li>
 *   <li>{@code omninode-bridge/services/<service>/<a>/<b>} → {@code services.<service>.a.b}; the
 *       value is JSON when it parses, else kept as a string (services write {@code str(value)}).</li>
 * </ul>
 * Values that are not valid UTF-8 are malformed under both prefixes. Keys ending in {@code /}
 * are folders and carry no setting.
 */
final class KvLayout {

    static final String ROOT = "omninode-bridge/";
    static final String BRIDGE_PREFIX = ROOT + "bridge/";
    static final String SERVICES_PREFIX = ROOT + "services/";
    /** The record key and event source of settings of the bridge itself. */
    static final String BRIDGE_SERVICE = "omninode-bridge";

    private KvLayout() {
    }

    /**
     * A Consul key's place in {@code bridge.config}.
     *
     * @param configKey the {@code bridge.config} record key
     * @param service   the service it configures ({@value #BRIDGE_SERVICE} for the bridge)
     * @param strict    whether the value must be JSON
     */
    record Mapping(String configKey, String service, boolean strict) {
    }

    /** A parsed value, or why it was rejected. */
    record Parsed(JsonNode value, String problem) {
        boolean malformed() {
            return problem != null;
        }
    }

    /** The mapping of {@code consulKey}, or null when it is a folder or names no setting. */
    static Mapping map(String consulKey) {
        if (consulKey.endsWith("/")) {
            return null;
        }
        if (consulKey.startsWith(BRIDGE_PREFIX)) {
            String path = consulKey.substring(BRIDGE_PREFIX.length());
            return validPath(path) ? new Mapping(dotted(path), BRIDGE_SERVICE, true) : null;
        }
        if (consulKey.startsWith(SERVICES_PREFIX)) {
            String rest = consulKey.substring(SERVICES_PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || !validPath(rest)) {
                return null; // a value directly under services/ configures no service
            }
            return new Mapping("services." + dotted(rest), rest.substring(0, slash), false);
        }
        return null;
    }

    /** Parses a raw KV value under {@code mapping}'s rule. */
    static Parsed parse(Mapping mapping, byte[] raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed(null, "value is not valid UTF-8");
        }
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json != null && !json.isMissingNode()) {
                String refused = mapping.strict() ? ConfigKeys.problem(mapping.configKey(), json) : null;
                return refused == null ? new Parsed(json, null) : new Parsed(null, refused);
            }
        } catch (IOException notJson) {
            // fall through: a plain string, where allowed
        }
        return mapping.strict()
                ? new Parsed(null, "value is not JSON (bridge settings must be JSON; quote text as \"...\")")
                : new Parsed(TextNode.valueOf(text), null);
    }

    private static boolean validPath(String path) {
        return !path.isEmpty() && Arrays.stream(path.split("/", -1)).noneMatch(String::isEmpty);
    }

    private static String dotted(String path) {
        return path.replace('/', '.');
    }
}
