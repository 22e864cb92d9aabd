package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code flapping_service}, per instance ({@code <service>/<instance_id>}), from the derived
 * {@code service.lifecycle.health_changed} events of {@code intelligence.health} (keyed by
 * service, no repartition): fires on ≥ {@code min_transitions} (m) transitions within
 * {@code window_ms} (w). With n transitions, u of them to a non-healthy status, spread over s ms:
 * severity = max(0.5, u / n), support = min(1, n / 2m), persistence = min(1, max(0.1, s / w)).
 */
final class FlappingDetector extends SpanDetector<Envelope> {

    /** Named anew when the detector moved to a sub-topology of its own (its changelog's partition count changed). */
    static final String STORE = "pattern-flapping-instances";

    FlappingDetector(Duration punctuation) {
        super(STORE, punctuation);
    }

    @Override
    protected long span() {
        return config.integer(ConfigKeys.FLAPPING_WINDOW_MS);
    }

    @Override
    protected Occurrence occurrence(Record<String, Envelope> record) {
        Envelope event = record.value();
        if (!EventTypes.SERVICE_HEALTH_CHANGED.equals(event.eventType())) {
            return null;
        }
        JsonNode info = event.payload().path("service_info");
        String service = Fields.text(info, "name");
        String instance = Fields.text(info, "instance_id");
        if (service == null || instance == null) {
            return null;
        }
        return new Occurrence(service + "/" + instance,
                Fields.text(event.payload().path("health_transition"), "current_status"), null);
    }

    @Override
    protected PatternObservation observe(String instance, TimedSubject state, long now) {
        long n = state.times().size();
        long m = Math.max(1, config.integer(ConfigKeys.FLAPPING_MIN_TRANSITIONS));
        long w = Math.max(1, span());
        long toHealthy = state.origins().getOrDefault("healthy", 0L);
        long total = Math.max(1, state.origins().values().stream().mapToLong(Long::longValue).sum());
        ConfidenceComponents components = new ConfidenceComponents(Math.max(0.5, 1 - (double) toHealthy / total),
                n / (2.0 * m), Math.max(0.1, (double) (state.last() - state.first()) / w));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("service_instance", instance);
        data.put("service_name", instance.substring(0, instance.indexOf('/')));
        data.put("instance_id", instance.substring(instance.indexOf('/') + 1));
        data.put("transitions_in_window", n);
        ObjectNode statuses = data.putObject("transitions_to_status");
        state.origins().forEach(statuses::put);
        return PatternObservation.of(PatternTypes.FLAPPING_SERVICE, instance, n >= m, components,
                "transition_frequency", data, Instant.ofEpochMilli(now - w), Instant.ofEpochMilli(now), n,
                List.of("intelligence.health"),
                List.of(String.format(Locale.ROOT, "Stabilise %s: review its health check thresholds and heartbeat"
                        + " TTL, or take it out of rotation until it stops flapping", instance)),
                List.of(String.format(Locale.ROOT, "%s changed health %d times in %d min", instance, n,
                        w / 60_000)));
    }
}
