package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import io.omninode.bridge.topology.patterns.PatternIds;
import java.time.Instant;
import java.util.List;

/**
 * What a detector saw about one pattern: whether its condition holds, with the figures the
 * published event carries. Sent, keyed by pattern id, to the lifecycle processor.
 */
record PatternObservation(String patternId, String patternType, String subject, boolean active,
                          ConfidenceComponents components, String discoveryMethod, ObjectNode data,
                          Instant windowStart, Instant windowEnd, long sampleSize, List<String> dataSources,
                          List<String> opportunities, List<String> risks, Instant observedAt) {

    static PatternObservation of(String type, String subject, boolean active, ConfidenceComponents components,
                                 String method, ObjectNode data, Instant windowStart, Instant windowEnd,
                                 long sampleSize, List<String> sources, List<String> opportunities,
                                 List<String> risks) {
        return new PatternObservation(PatternIds.of(type, subject), type, subject, active, components, method, data,
                windowStart, windowEnd, sampleSize, sources, opportunities, risks, windowEnd);
    }

    double confidence() {
        return components.score();
    }
}
