package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.HealthStatus;
import java.time.Instant;
import java.util.List;

/**
 * Payload of the derived {@code service.lifecycle.health_changed} event on
 * {@code intelligence.health}: one real status change of one instance.
 *
 * @param serviceInfo      the instance that changed
 * @param healthTransition the change
 * @param impactAssessment what it means for the service
 */
public record HealthChange(
        @JsonProperty("service_info") ServiceInfo serviceInfo,
        @JsonProperty("health_transition") Transition healthTransition,
        @JsonProperty("impact_assessment") ImpactAssessment impactAssessment) {

    /**
     * The instance, with what the registry knows of it (null when unknown).
     *
     * @param name       service name
     * @param instanceId instance id
     * @param version    registered version
     * @param host       registered host
     * @param port       registered port
     */
    public record ServiceInfo(
            @JsonProperty("name") String name,
            @JsonProperty("instance_id") String instanceId,
            @JsonProperty("version") String version,
            @JsonProperty("host") String host,
            @JsonProperty("port") Integer port) {
    }

    /**
     * @param previousStatus status before; {@code unknown} for a new instance
     * @param currentStatus  status after; {@code removed} when the instance left the registry
     * @param triggerEvent   what caused the change
     * @param transitionTime processing time of the change
     * @param reason         human-readable cause
     */
    public record Transition(
            @JsonProperty("previous_status") HealthStatus previousStatus,
            @JsonProperty("current_status") HealthStatus currentStatus,
            @JsonProperty("trigger_event") HealthTrigger triggerEvent,
            @JsonProperty("transition_time") Instant transitionTime,
            @JsonProperty("reason") String reason) {
    }

    /**
     * @param affectedCapabilities      the instance's registered capabilities when it is no
     *                                  longer healthy, else empty
     * @param affectedTools             tool ids of the service from {@code tool-registry} when the
     *                                  instance is no longer healthy, else empty
     * @param healthyInstancesRemaining healthy instances of the service after the change
     * @param totalInstances            instances of the service after the change
     * @param serviceOverallHealth      {@link HealthStatus#overall} after the change
     * @param severity                  {@link Severity#of} after the change
     */
    public record ImpactAssessment(
            @JsonProperty("affected_capabilities") List<String> affectedCapabilities,
            @JsonProperty("affected_tools") List<String> affectedTools,
            @JsonProperty("healthy_instances_remaining") int healthyInstancesRemaining,
            @JsonProperty("total_instances") int totalInstances,
            @JsonProperty("service_overall_health") HealthStatus serviceOverallHealth,
            @JsonProperty("severity") Severity severity) {

        public ImpactAssessment {
            affectedCapabilities = List.copyOf(affectedCapabilities);
            affectedTools = List.copyOf(affectedTools);
        }
    }
}
