package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.Envelope;

/** One input of the health processor: an event of its topics, or the tool runs of an executor. */
record HealthInput(Envelope event, ExecutorRuns runs) {

    static HealthInput of(Envelope event) {
        return event == null ? null : new HealthInput(event, null);
    }

    static HealthInput of(ExecutorRuns runs) {
        return runs == null ? null : new HealthInput(null, runs);
    }
}
