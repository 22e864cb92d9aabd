package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What caused a derived health transition: the {@code trigger_event} of DESIGN.md §6. */
public enum HealthTrigger {
    /** An instance registered (or re-registered): it is healthy. */
    REGISTERED,
    /** A heartbeat reported a {@code health_status} different from the current one. */
    HEARTBEAT_REPORTED,
    /** A lifecycle hook: {@code health_changed} with a reported status, or {@code service_started}. */
    HOOK_REPORTED,
    /** No heartbeat for {@code ttl_seconds} (unhealthy), or for {@code removalFactor × ttl} after that (removed). */
    HEARTBEAT_TTL_EXPIRED,
    /** A heartbeat arrived for an instance that was unhealthy by expiry. */
    HEARTBEAT_RESUMED,
    /** A {@code service_stopped} hook (stopped), or a stopped instance was removed. */
    SERVICE_STOPPED,
    /** The instance deregistered: it is removed. */
    DEREGISTERED,
    /** The executor service's tool error rate reached the threshold in the current window. */
    ERROR_RATE_THRESHOLD,
    /** An {@code error.service.critical} hook with severity {@code critical}. */
    CRITICAL_ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static HealthTrigger fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
