package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code recurring_error}, keyed (repartitioned) by normalized signature ({@link ErrorSignatures}):
 * fires when one signature occurs ≥ {@code min_occurrences} (m) times within {@code window_ms} (w).
 * With n occurrences in the span, spread over s ms: severity = 1 when a service reported it as a
 * critical error, else 0.7; support = min(1, n / 2m); persistence = min(1, max(0.1, s / w)).
 */
final class RecurringErrorDetector extends SpanDetector<ErrorOccurrence> {

    static final String STORE = "pattern-recurring-error-state";

    RecurringErrorDetector(Duration punctuation) {
        super(STORE, punctuation);
    }

    @Override
    protected long span() {
        return config.integer(ConfigKeys.RECURRING_ERROR_WINDOW_MS);
    }

    @Override
    protected Occurrence occurrence(Record<String, ErrorOccurrence> record) {
        return record.key() == null ? null
                : new Occurrence(record.key(), record.value().origin(), record.value().message());
    }

    @Override
    protected PatternObservation observe(String signature, TimedSubject state, long now) {
        long n = state.times().size();
        long m = Math.max(1, config.integer(ConfigKeys.RECURRING_ERROR_MIN_OCCURRENCES));
        long w = Math.max(1, span());
        boolean fromService = state.origins().keySet().stream().anyMatch(o -> o.startsWith("service:"));
        ConfidenceComponents components = new ConfidenceComponents(fromService ? 1.0 : 0.7, n / (2.0 * m),
                Math.max(0.1, (double) (state.last() - state.first()) / w));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("error_signature", signature);
        data.put("example_message", state.example());
        data.put("occurrences_in_window", n);
        ObjectNode origins = data.putObject("origins");
        state.origins().forEach(origins::put);
        String where = String.join(", ", state.origins().keySet());
        return PatternObservation.of(PatternTypes.RECURRING_ERROR, signature, n >= m, components,
                "signature_frequency", data, Instant.ofEpochMilli(now - w), Instant.ofEpochMilli(now), n,
                List.of("hooks.tool_execution", "hooks.errors"),
                List.of(String.format(Locale.ROOT, "Fix the root cause of \"%s\" once: it recurred %d times in %d min"
                        + " (%s)", state.example(), n, w / 60_000, where)),
                List.of(String.format(Locale.ROOT, "Error signature \"%s\" seen %d times from %s", signature, n,
                        where)));
    }
}
