package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.HealthStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Value of {@code service-health}: the health of every instance of one service and the service's
 * error-rate window. A service without instances has no entry.
 *
 * @param serviceName the service (also the store key)
 * @param instances   per-instance health, ordered by {@code instance_id}
 * @param errorWindow tool-execution counters of the current error-rate window, null before the
 *                    first execution
 * @param updatedAt   processing time of the latest change to this entry
 */
public record ServiceHealth(
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("instances") List<InstanceHealth> instances,
        @JsonProperty("error_window") ErrorRateWindow errorWindow,
        @JsonProperty("updated_at") Instant updatedAt) {

    public ServiceHealth {
        instances = instances == null ? List.of()
                : instances.stream().sorted(Comparator.comparing(InstanceHealth::instanceId)).toList();
    }

    /** Overall health by {@link HealthStatus#overall} (read-only, derived from the instances). */
    @JsonProperty(value = "overall_health", access = JsonProperty.Access.READ_ONLY)
    public HealthStatus overallHealth() {
        return HealthStatus.overall(instances.stream().map(InstanceHealth::status).toList());
    }

    public Optional<InstanceHealth> instance(String instanceId) {
        return instances.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
    }
}
