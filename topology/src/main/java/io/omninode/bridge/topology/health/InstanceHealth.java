package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.HealthStatus;
import java.time.Instant;

/**
 * Health of one instance, as kept in {@code service-health}.
 *
 * @param instanceId    the instance id
 * @param status        healthy, degraded, unhealthy or stopped
 * @param since         processing time of the transition into {@code status}
 * @param triggerEvent  what caused that transition
 * @param lastHeartbeat record timestamp of the latest registration or heartbeat
 * @param ttlSeconds    heartbeat TTL
 * @param expiredAt     processing time the heartbeat TTL expired; null unless the instance is
 *                      unhealthy by expiry (its removal clock starts here)
 */
public record InstanceHealth(
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("status") HealthStatus status,
        @JsonProperty("since") Instant since,
        @JsonProperty("trigger_event") HealthTrigger triggerEvent,
        @JsonProperty("last_heartbeat") Instant lastHeartbeat,
        @JsonProperty("ttl_seconds") long ttlSeconds,
        @JsonProperty("expired_at") Instant expiredAt) {

    /** {@code last_heartbeat + ttl_seconds}: when the heartbeat TTL runs out (read-only, derived). */
    @JsonProperty(value = "expires_at", access = JsonProperty.Access.READ_ONLY)
    public Instant expiresAt() {
        return lastHeartbeat.plusSeconds(ttlSeconds);
    }

    public boolean expired() {
        return expiredAt != null;
    }

    /** This instance in {@code newStatus} since {@code at}, caused by {@code trigger}. */
    public InstanceHealth withStatus(HealthStatus newStatus, HealthTrigger trigger, Instant at) {
        return new InstanceHealth(instanceId, newStatus, at, trigger, lastHeartbeat, ttlSeconds, expiredAt);
    }

    /** This instance after a registration or heartbeat recorded at {@code at}; no longer expired. */
    public InstanceHealth withHeartbeat(Instant at, long ttl) {
        Instant latest = lastHeartbeat.isAfter(at) ? lastHeartbeat : at;
        return new InstanceHealth(instanceId, status, since, triggerEvent, latest, ttl, null);
    }

    /** This instance marked unhealthy-by-expiry from {@code at} (status unchanged); null clears the mark. */
    public InstanceHealth withExpiredAt(Instant at) {
        return new InstanceHealth(instanceId, status, since, triggerEvent, lastHeartbeat, ttlSeconds, at);
    }
}
