package io.omninode.bridge.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The known tokens. Tokens are kept only as SHA-256 digests and every lookup compares the
 * presented token's digest against all of them with {@link MessageDigest#isEqual}, so the time a
 * lookup takes does not depend on how much of a token matched.
 *
 * <p>Auth file format (DESIGN.md §7):
 * {@code {"tokens": [{"token": "…", "principal": "omniagent", "role": "service", "services": ["omniagent"]}],
 * "anonymous": {"principal": "trusted-lan", "role": "service", "services": ["omniagent"], "networks": ["10.0.0.0/8"]}}}.
 * The optional {@code anonymous} entry is who a request without a token is when it comes from one
 * of {@code networks} (CIDRs or addresses); without the entry there is no anonymous access.
 */
public final class TokenStore {

    private static final int MIN_TOKEN_LENGTH = 16;

    private final List<Entry> entries;
    private final Anonymous anonymous;

    private record Entry(byte[] digest, Principal principal) {
    }

    /** Who a request without a token is, from which networks. */
    private record Anonymous(Principal principal, InetAddressSet networks, List<String> written) {
    }

    private TokenStore(List<Entry> entries, Anonymous anonymous) {
        this.entries = List.copyOf(entries);
        this.anonymous = anonymous;
    }

    /** Reads an auth file; a bad file is reported with {@link IllegalArgumentException} naming the entry. */
    public static TokenStore load(Path authFile) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(authFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read auth file " + authFile + ": " + e.getMessage(), e);
        }
        JsonNode tokens = root == null ? null : root.get("tokens");
        if (tokens == null || !tokens.isArray()) {
            throw new IllegalArgumentException("auth file " + authFile + " must be {\"tokens\": [...]}");
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode t = tokens.get(i);
            String where = "auth file " + authFile + ", tokens[" + i + "]";
            String token = t.path("token").asText("");
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(where + ": token must have at least " + MIN_TOKEN_LENGTH + " characters");
            }
            if (!seen.add(token)) {
                throw new IllegalArgumentException(where + ": duplicate token");
            }
            entries.add(new Entry(digest(token), principal(t, where, "token")));
        }
        JsonNode anonymous = root.get("anonymous");
        return new TokenStore(entries, anonymous == null || anonymous.isNull() ? null
                : anonymous(anonymous, "auth file " + authFile + ", anonymous"));
    }

    private static Principal principal(JsonNode t, String where, String what) {
        if (!t.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        String principal = t.path("principal").asText("");
        if (principal.isBlank()) {
            throw new IllegalArgumentException(where + ": principal is required");
        }
        Role role;
        try {
            role = Role.parse(t.path("role").isMissingNode() ? null : t.path("role").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        Set<String> services = new HashSet<>();
        t.path("services").forEach(s -> services.add(s.asText()));
        if (role == Role.SERVICE && services.isEmpty()) {
            throw new IllegalArgumentException(where + ": a service " + what + " needs a non-empty \"services\" list");
        }
        return new Principal(principal, role, services);
    }

    private static Anonymous anonymous(JsonNode entry, String where) {
        Principal principal = principal(entry, where, "entry");
        JsonNode networks = entry.path("networks");
        if (!networks.isArray() || networks.isEmpty()) {
            throw new IllegalArgumentException(where + ": needs a non-empty \"networks\" list (CIDRs such as 10.0.0.0/8)");
        }
        InetAddressSet set = new InetAddressSet();
        List<String> written = new ArrayList<>();
        for (JsonNode network : networks) {
            String text = network.asText("").trim();
            try {
                set.add(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": not a network: \"" + text + "\"", e);
            }
            written.add(text);
        }
        return new Anonymous(principal, set, List.copyOf(written));
    }

    /** A store with a single admin token, as generated by {@code bridge run} without an auth file. */
    public static TokenStore singleAdmin(String token) {
        return new TokenStore(List.of(new Entry(digest(token), new Principal("admin", Role.ADMIN, Set.of()))), null);
    }

    public int size() {
        return entries.size();
    }

    /** Who a request without a token from {@code address} is: the anonymous entry, when it covers the address. */
    public Optional<Principal> anonymous(InetAddress address) {
        return anonymous != null && address != null && anonymous.networks().test(address)
                ? Optional.of(anonymous.principal()) : Optional.empty();
    }

    /** The networks of the anonymous entry as written, empty without one. */
    public List<String> anonymousNetworks() {
        return anonymous == null ? List.of() : anonymous.written();
    }

    /** The principal owning {@code token}, if any. Constant time in the token's content. */
    public Optional<Principal> lookup(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = digest(token);
        Principal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented)) {
                found = entry.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
