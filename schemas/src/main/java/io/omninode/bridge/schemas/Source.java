package io.omninode.bridge.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who an event is about: the service and instance that reported it (or that a derived event
 * describes). {@code instanceId} and {@code serviceVersion} may be null when the request did
 * not carry them.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Source(
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("service_version") String serviceVersion) {
}
