package io.omninode.bridge.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Health of an instance or a service, written in lower case on the wire. Instances are
 * {@code healthy | degraded | unhealthy | stopped}; {@code removed} appears only as the
 * {@code current_status} of a removal, {@code unknown} as the previous status of a new instance
 * and as the overall health of a service without instances.
 */
public enum HealthStatus {
    HEALTHY, DEGRADED, UNHEALTHY, STOPPED, REMOVED, UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static HealthStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** A status an instance may report about itself (heartbeat, hook): healthy, degraded or unhealthy. */
    public static Optional<HealthStatus> reported(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        return switch (wire.trim().toLowerCase(Locale.ROOT)) {
            case "healthy" -> Optional.of(HEALTHY);
            case "degraded" -> Optional.of(DEGRADED);
            case "unhealthy" -> Optional.of(UNHEALTHY);
            default -> Optional.empty();
        };
    }

    /**
     * A service's overall health from its instances' statuses: healthy when all are healthy,
     * degraded when some are not but at least one is healthy or degraded, unhealthy when none is,
     * unknown without instances.
     */
    public static HealthStatus overall(Collection<HealthStatus> instances) {
        if (instances.isEmpty()) {
            return UNKNOWN;
        }
        if (instances.stream().allMatch(s -> s == HEALTHY)) {
            return HEALTHY;
        }
        return instances.stream().anyMatch(s -> s == HEALTHY || s == DEGRADED) ? DEGRADED : UNHEALTHY;
    }
}
