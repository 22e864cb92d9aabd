package io.omninode.bridge.topology.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Value of the {@code patterns} store (key: pattern id).
 *
 * @param patternId       {@link PatternIds#of}
 * @param patternType     one of {@link io.omninode.bridge.schemas.PatternTypes}
 * @param subject         what the pattern is about (see {@link PatternIds})
 * @param status          active or resolved
 * @param firstSeen       when it was first discovered
 * @param lastSeen        the latest observation (active or resolving)
 * @param occurrences     how many times it was discovered (a resolved pattern that returns counts again)
 * @param confidenceScore confidence last published
 * @param latest          payload of the latest published {@code intelligence.pattern.*} event
 */
public record PatternState(
        @JsonProperty("pattern_id") String patternId,
        @JsonProperty("pattern_type") String patternType,
        @JsonProperty("subject") String subject,
        @JsonProperty("status") PatternStatus status,
        @JsonProperty("first_seen") Instant firstSeen,
        @JsonProperty("last_seen") Instant lastSeen,
        @JsonProperty("occurrences") long occurrences,
        @JsonProperty("confidence_score") double confidenceScore,
        @JsonProperty("latest") ObjectNode latest) {
}
