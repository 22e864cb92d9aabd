package io.omninode.bridge.topology.internal.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.health.HealthTrigger;
import io.omninode.bridge.topology.health.InstanceHealth;
import io.omninode.bridge.topology.health.RegisteredInstance;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.internal.InvalidEventException;
import io.omninode.bridge.topology.internal.LiveConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry half of the health state machine (DESIGN.md §6): registrations, heartbeats,
 * deregistrations and the heartbeat deadlines (expiry after {@code ttl}, removal after
 * {@code removalFactor × ttl}). Deadlines never start before {@code assignedAt}, the moment this
 * task got the partition (or its inputs were readable again after an outage), so a restart, a
 * rebalance or an outage of Kafka produces no false expiries.
 */
final class RegistryRules {

    private final TopologyConfig config;
    private final LiveConfig live;

    /** @param live the removal factor ({@link ConfigKeys#HEALTH_REMOVAL_FACTOR}) */
    RegistryRules(TopologyConfig config, LiveConfig live) {
        this.config = config;
        this.live = live;
    }

    private long removalFactor() {
        return Math.max(1, live.integer(ConfigKeys.HEALTH_REMOVAL_FACTOR));
    }

    void registered(ServiceState state, Envelope event, Instant recordTime) {
        String instanceId = requireInstanceId(event);
        long ttl = ttlSeconds(event.payload());
        RegisteredInstance previous = state.registered(instanceId).orElse(null);
        RegisteredInstance instance = registration(event, instanceId, ttl, recordTime, previous);
        InstanceHealth health = state.health(instanceId).orElse(null);
        if (health == null) {
            state.add(instance, new InstanceHealth(instanceId, HealthStatus.HEALTHY, state.now(),
                    HealthTrigger.REGISTERED, instance.lastHeartbeat(), ttl, null), "instance registered");
            return;
        }
        state.put(instance);
        state.put(health.withHeartbeat(recordTime, ttl));
        state.transition(instanceId, HealthStatus.HEALTHY, HealthTrigger.REGISTERED, "instance re-registered");
    }

    void heartbeat(ServiceState state, Envelope event, Instant recordTime) {
        JsonNode payload = event.payload();
        String instanceId = requireInstanceId(event);
        long ttl = ttlSeconds(payload);
        Double load = Fields.number(payload, "load_factor");
        HealthStatus reported = HealthStatus.reported(Fields.text(payload, "health_status")).orElse(null);
        InstanceHealth health = state.health(instanceId).orElse(null);
        if (health == null) {
            // registered before the topic's retention, or removed after expiry: it is back
            RegisteredInstance instance = new RegisteredInstance(instanceId, Fields.text(payload, "registration_id"),
                    null, null, null, null, null, null, ttl, null, recordTime, load);
            HealthStatus status = reported != null ? reported : HealthStatus.HEALTHY;
            state.add(instance, new InstanceHealth(instanceId, status, state.now(), HealthTrigger.HEARTBEAT_RESUMED,
                    recordTime, ttl, null), "heartbeat from an instance not in the registry");
            return;
        }
        boolean wasExpired = health.expired();
        state.registered(instanceId).ifPresent(r -> state.put(r.withHeartbeat(recordTime, ttl, load)));
        state.put(health.withHeartbeat(recordTime, ttl));
        if (wasExpired) {
            HealthStatus status = reported != null ? reported : HealthStatus.HEALTHY;
            state.transition(instanceId, status, HealthTrigger.HEARTBEAT_RESUMED,
                    "heartbeat resumed, reporting " + status.wire());
        } else if (reported != null) {
            state.transition(instanceId, reported, HealthTrigger.HEARTBEAT_REPORTED,
                    "heartbeat reported " + reported.wire());
        }
    }

    void deregistered(ServiceState state, Envelope event) {
        state.remove(requireInstanceId(event), HealthTrigger.DEREGISTERED, "instance deregistered");
    }

    /** Whether {@link #checkDeadlines} would change anything for this instance now. */
    boolean due(InstanceHealth instance, Instant now, Instant assignedAt) {
        return !now.isBefore(deadline(instance, assignedAt));
    }

    /** Expires instances whose heartbeat is overdue; removes those expired or stopped for long. */
    void checkDeadlines(ServiceState state, Instant assignedAt) {
        Instant now = state.now();
        for (InstanceHealth instance : state.instances()) {
            if (now.isBefore(deadline(instance, assignedAt))) {
                continue;
            }
            String id = instance.instanceId();
            long removalSeconds = removalFactor() * instance.ttlSeconds();
            if (instance.status() == HealthStatus.STOPPED) {
                state.remove(id, HealthTrigger.SERVICE_STOPPED, "stopped for " + removalSeconds + " s");
            } else if (instance.expired()) {
                state.remove(id, HealthTrigger.HEARTBEAT_TTL_EXPIRED,
                        "no heartbeat since " + instance.lastHeartbeat() + ", expired for " + removalSeconds + " s");
            } else {
                state.put(instance.withExpiredAt(now));
                state.transition(id, HealthStatus.UNHEALTHY, HealthTrigger.HEARTBEAT_TTL_EXPIRED,
                        "no heartbeat for " + instance.ttlSeconds() + " s (last at " + instance.lastHeartbeat() + ")");
            }
        }
    }

    /**
     * Removal deadline of a stopped or expired instance, else its expiry deadline; neither
     * clock starts before {@code assignedAt}.
     */
    private Instant deadline(InstanceHealth instance, Instant assignedAt) {
        Duration ttl = Duration.ofSeconds(instance.ttlSeconds());
        if (instance.status() == HealthStatus.STOPPED) {
            return latest(instance.since(), assignedAt).plus(ttl.multipliedBy(removalFactor()));
        }
        if (instance.expired()) {
            return latest(instance.expiredAt(), assignedAt).plus(ttl.multipliedBy(removalFactor()));
        }
        return latest(instance.lastHeartbeat(), assignedAt).plus(ttl);
    }

    private long ttlSeconds(JsonNode payload) {
        JsonNode ttl = payload.get("ttl_seconds");
        return ttl != null && ttl.isIntegralNumber() && ttl.longValue() > 0 ? ttl.longValue()
                : config.defaultTtl().toSeconds();
    }

    /** The registry entry of a registration; load factor and a later heartbeat carry over from {@code previous}. */
    private static RegisteredInstance registration(Envelope event, String instanceId, long ttl, Instant recordTime,
                                                   RegisteredInstance previous) {
        JsonNode payload = event.payload();
        String version = Fields.text(payload, "version");
        if (version == null && event.source() != null) {
            version = event.source().serviceVersion();
        }
        Instant registeredAt = Fields.instant(payload, "registered_at");
        RegisteredInstance registered = new RegisteredInstance(instanceId, Fields.text(payload, "registration_id"),
                version, Fields.text(payload, "host"), Fields.integer(payload, "port"),
                Fields.text(payload, "health_check_url"), Fields.texts(payload, "capabilities"),
                payload.get("metadata") instanceof ObjectNode metadata ? metadata : null, ttl,
                registeredAt != null ? registeredAt : event.timestamp(), recordTime, null);
        return previous == null ? registered : registered.withHeartbeat(previous.lastHeartbeat(), ttl,
                previous.loadFactor());
    }

    static String requireInstanceId(Envelope event) {
        String id = Fields.text(event.payload(), "instance_id");
        if (id == null && event.source() != null) {
            id = event.source().instanceId();
        }
        if (id == null) {
            throw new InvalidEventException(event.eventType() + " event " + event.eventId() + " has no instance_id");
        }
        return id;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
