package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.HealthTrigger;
import io.omninode.bridge.topology.health.RegisteredInstance;
import java.time.Instant;

/**
 * One real status change of one instance, with the service's state right after it.
 *
 * @param service  the service
 * @param instanceId the instance
 * @param instance what the registry knows of the instance (for a removal: what it knew), may be null
 * @param previous status before
 * @param current  status after, {@link HealthStatus#REMOVED} for a removal
 * @param trigger  the cause
 * @param reason   human-readable cause
 * @param at       processing time of the change
 * @param healthy  healthy instances of the service after the change
 * @param total    instances of the service after the change
 * @param overall  overall health of the service after the change
 */
record Change(String service, String instanceId, RegisteredInstance instance, HealthStatus previous,
              HealthStatus current, HealthTrigger trigger, String reason, Instant at, int healthy, int total,
              HealthStatus overall) {
}
