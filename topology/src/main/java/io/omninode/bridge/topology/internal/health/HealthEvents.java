package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.schemas.Ids;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.topology.health.HealthChange;
import io.omninode.bridge.topology.health.HealthTransition;
import io.omninode.bridge.topology.health.RegisteredInstance;
import io.omninode.bridge.topology.health.Severity;
import java.util.List;
import java.util.function.Function;

/** Turns a {@link Change} into the derived {@code service.lifecycle.health_changed} envelope and its log entry. */
final class HealthEvents {

    private HealthEvents() {
    }

    /**
     * The event for one change; affected capabilities and tools are listed only when the
     * instance is no longer healthy. {@code toolIds} is asked only then.
     */
    static Envelope envelope(Change change, Function<String, List<String>> toolIds,
                             String correlationId, String requestId) {
        RegisteredInstance instance = change.instance();
        boolean healthy = change.current() == HealthStatus.HEALTHY;
        HealthChange payload = new HealthChange(
                new HealthChange.ServiceInfo(change.service(), change.instanceId(),
                        instance == null ? null : instance.version(),
                        instance == null ? null : instance.host(),
                        instance == null ? null : instance.port()),
                new HealthChange.Transition(change.previous(), change.current(), change.trigger(), change.at(),
                        change.reason()),
                new HealthChange.ImpactAssessment(
                        healthy || instance == null ? List.of() : instance.capabilities(),
                        healthy ? List.of() : toolIds.apply(change.service()),
                        change.healthy(), change.total(), change.overall(), severity(change)));
        Source source = new Source(change.service(), change.instanceId(), instance == null ? null : instance.version());
        return new Envelope(Ids.random(), EventTypes.SERVICE_HEALTH_CHANGED, Envelope.VERSION,
                change.at(), source, correlationId, requestId, Json.MAPPER.valueToTree(payload));
    }

    static HealthTransition logEntry(Change change, Envelope event) {
        return new HealthTransition(event.eventId(), change.instanceId(), change.previous(), change.current(),
                change.trigger(), change.at(), change.reason(), change.overall(), change.healthy(), change.total(),
                severity(change));
    }

    private static Severity severity(Change change) {
        return Severity.of(change.overall(), change.healthy(), change.total());
    }
}
