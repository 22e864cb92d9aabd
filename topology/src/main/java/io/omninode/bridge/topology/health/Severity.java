package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.omninode.bridge.schemas.HealthStatus;
import java.util.Locale;

/** Severity of a health change for its service, in {@code impact_assessment.severity}. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * Critical when the service is unhealthy; high when it is degraded with fewer than half of
     * its instances healthy; medium when degraded otherwise; low otherwise.
     */
    public static Severity of(HealthStatus overall, int healthyInstances, int totalInstances) {
        return switch (overall) {
            case UNHEALTHY -> CRITICAL;
            case DEGRADED -> healthyInstances * 2 < totalInstances ? HIGH : MEDIUM;
            default -> LOW;
        };
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
