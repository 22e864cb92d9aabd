package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.HealthStatus;
import java.time.Instant;

/**
 * One derived health transition as kept in {@code health-transitions}: the
 * {@code health_transition} of the emitted event plus its event id and the service-level outcome.
 *
 * @param eventId                   {@code event_id} of the emitted {@code service.lifecycle.health_changed}
 * @param instanceId                the instance that changed
 * @param previousStatus            status before (unknown for a new instance)
 * @param currentStatus             status after (removed for a removal)
 * @param triggerEvent              what caused it
 * @param transitionTime            processing time of the change
 * @param reason                    human-readable cause
 * @param serviceOverallHealth      the service's overall health after the change
 * @param healthyInstancesRemaining healthy instances of the service after the change
 * @param totalInstances            instances of the service after the change
 * @param severity                  severity of the change for the service
 */
public record HealthTransition(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("previous_status") HealthStatus previousStatus,
        @JsonProperty("current_status") HealthStatus currentStatus,
        @JsonProperty("trigger_event") HealthTrigger triggerEvent,
        @JsonProperty("transition_time") Instant transitionTime,
        @JsonProperty("reason") String reason,
        @JsonProperty("service_overall_health") HealthStatus serviceOverallHealth,
        @JsonProperty("healthy_instances_remaining") int healthyInstancesRemaining,
        @JsonProperty("total_instances") int totalInstances,
        @JsonProperty("severity") Severity severity) {
}
