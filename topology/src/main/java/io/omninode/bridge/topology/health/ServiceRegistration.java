package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Value of {@code service-registry}: every registered instance of one service, ordered by
 * instance id. A service without instances has no entry.
 *
 * @param serviceName the service (also the store key)
 * @param instances   its instances, ordered by {@code instance_id}
 */
public record ServiceRegistration(
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("instances") List<RegisteredInstance> instances) {

    public ServiceRegistration {
        instances = instances == null ? List.of()
                : instances.stream().sorted(Comparator.comparing(RegisteredInstance::instanceId)).toList();
    }

    public Optional<RegisteredInstance> instance(String instanceId) {
        return instances.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst();
    }
}
