package io.omninode.bridge.schemas;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The vocabulary of registrations every module shares: their ids and the default TTL (DESIGN.md §5). */
public final class Registrations {

    /** {@code ttl_seconds} of a registration that names none. */
    public static final int DEFAULT_TTL_SECONDS = 60;

    private Registrations() {
    }

    /** The stable registration id of (service, instance): re-registering yields the same id. */
    public static String registrationId(String serviceName, String instanceId) {
        return UUID.nameUUIDFromBytes(("registration:" + serviceName + "/" + instanceId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
