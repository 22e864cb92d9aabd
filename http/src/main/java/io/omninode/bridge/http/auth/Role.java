package io.omninode.bridge.http.auth;

import java.util.Locale;

/** What a token may do (DESIGN.md §7). */
public enum Role {
    /** Writes hooks and registrations for its own services, calls the proxy and reads. */
    SERVICE,
    /** Everything, including configuration and cache clearing. */
    ADMIN,
    /** Only GET requests. */
    READER;

    public static Role parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("role is required (service, admin or reader)");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + value + "' (service, admin or reader)", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
