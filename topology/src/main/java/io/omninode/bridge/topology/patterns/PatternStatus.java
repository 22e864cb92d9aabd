package io.omninode.bridge.topology.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a pattern's condition currently holds. */
public enum PatternStatus {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("resolved") RESOLVED
}
