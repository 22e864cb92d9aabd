package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Value of {@code health-transitions}: the latest derived transitions of one service, newest
 * first, at most {@code TopologyConfig.transitionsPerService} of them.
 *
 * @param serviceName the service (also the store key)
 * @param transitions its transitions, newest first
 */
public record HealthTransitionLog(
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("transitions") List<HealthTransition> transitions) {

    public HealthTransitionLog {
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }

    /** This log with {@code newest} in front, keeping at most {@code limit} entries. */
    public HealthTransitionLog prepend(HealthTransition newest, int limit) {
        List<HealthTransition> kept = new ArrayList<>(Math.min(limit, transitions.size() + 1));
        kept.add(newest);
        for (int i = 0; i < transitions.size() && kept.size() < limit; i++) {
            kept.add(transitions.get(i));
        }
        return new HealthTransitionLog(serviceName, kept);
    }
}
