package io.omninode.bridge.http.auth;

import java.util.Set;

/**
 * The authenticated caller.
 *
 * @param name     the principal name from the auth file, used for rate limiting and logs
 * @param role     what the principal may do
 * @param services for {@link Role#SERVICE}: the services it may write for; ignored otherwise
 */
public record Principal(String name, Role role, Set<String> services) {

    public Principal {
        services = Set.copyOf(services);
    }

    public static Principal anonymousAdmin(String name) {
        return new Principal(name, Role.ADMIN, Set.of());
    }

    public boolean canWrite() {
        return role != Role.READER;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** True when this principal may write hooks or registrations on behalf of {@code service}. */
    public boolean canWriteFor(String service) {
        return switch (role) {
            case ADMIN -> true;
            case SERVICE -> service != null && services.contains(service);
            case READER -> false;
        };
    }
}
