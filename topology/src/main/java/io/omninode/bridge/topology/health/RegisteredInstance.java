package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One registered instance of a service, as kept in {@code service-registry}. Registration fields
 * come from the latest {@code registry.service.registered} event; {@code last_heartbeat} and
 * {@code load_factor} from the latest registration or heartbeat. An instance first seen through a
 * heartbeat (its registration predates the topic's retention) has null registration fields.
 *
 * @param instanceId     the instance id, unique within the service
 * @param registrationId stable id of (service, instance) given by the ingest
 * @param version        the service version the instance registered with
 * @param host           host the instance serves on
 * @param port           port the instance serves on
 * @param healthCheckUrl the instance's own health endpoint
 * @param capabilities   capabilities it registered, never null
 * @param metadata       registration metadata (e.g. {@code tool_path}), never null
 * @param ttlSeconds     heartbeat TTL
 * @param registeredAt   when it (last) registered, per the registration's {@code registered_at}
 * @param lastHeartbeat  record timestamp of the latest registration or heartbeat
 * @param loadFactor     load reported by the latest heartbeat, null before the first one
 */
public record RegisteredInstance(
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("registration_id") String registrationId,
        @JsonProperty("version") String version,
        @JsonProperty("host") String host,
        @JsonProperty("port") Integer port,
        @JsonProperty("health_check_url") String healthCheckUrl,
        @JsonProperty("capabilities") List<String> capabilities,
        @JsonProperty("metadata") ObjectNode metadata,
        @JsonProperty("ttl_seconds") long ttlSeconds,
        @JsonProperty("registered_at") Instant registeredAt,
        @JsonProperty("last_heartbeat") Instant lastHeartbeat,
        @JsonProperty("load_factor") Double loadFactor) {

    public RegisteredInstance {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
    }

    /** This instance after a heartbeat at {@code at}. */
    public RegisteredInstance withHeartbeat(Instant at, long ttl, Double load) {
        Instant latest = lastHeartbeat != null && lastHeartbeat.isAfter(at) ? lastHeartbeat : at;
        return new RegisteredInstance(instanceId, registrationId, version, host, port, healthCheckUrl,
                capabilities, metadata, ttl, registeredAt, latest, load != null ? load : loadFactor);
    }
}
