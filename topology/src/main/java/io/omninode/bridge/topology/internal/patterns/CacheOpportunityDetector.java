package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code cache_opportunity}: a tool executed (not served from the cache) ≥ {@code min_repeats} (m)
 * times within {@code window_ms} (w) with the same input and the same output (the proxy records
 * {@code input_analysis.input_hash} and {@code proxy.output_hash}). Subject
 * {@code <tool>#<input hash>#<output hash>}. With n such executions of mean cost c ms, spread over
 * s ms: severity = min(1, max(0.2, c / 1000)) (costlier calls gain more from caching), support =
 * min(1, n / 2m), persistence = min(1, max(0.1, s / w)).
 */
final class CacheOpportunityDetector extends SpanDetector<ToolExecution> {

    static final String STORE = "pattern-cache-opportunity-state";

    CacheOpportunityDetector(Duration punctuation) {
        super(STORE, punctuation);
    }

    @Override
    protected long span() {
        return config.integer(ConfigKeys.CACHE_OPPORTUNITY_WINDOW_MS);
    }

    @Override
    protected Occurrence occurrence(Record<String, ToolExecution> record) {
        ProxiedExecution e = ProxiedExecution.of(record.value());
        if (e == null || e.outputHash() == null || !e.success() || e.cacheHit()) {
            return null;
        }
        return new Occurrence(e.tool() + "#" + e.inputHash() + "#" + e.outputHash(), "cost_ms",
                Long.toString(Math.round(e.costMs())));
    }

    @Override
    protected PatternObservation observe(String subject, TimedSubject state, long now) {
        long n = state.times().size();
        long m = Math.max(1, config.integer(ConfigKeys.CACHE_OPPORTUNITY_MIN_REPEATS));
        long w = Math.max(1, span());
        String[] parts = subject.split("#", 3);
        double cost = parseCost(state.example());
        ConfidenceComponents components = new ConfidenceComponents(Math.min(1.0, Math.max(0.2, cost / 1000.0)),
                n / (2.0 * m), Math.max(0.1, (double) (state.last() - state.first()) / w));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("tool_name", parts[0]);
        data.put("input_hash", parts[1]);
        data.put("output_hash", parts[2]);
        data.put("identical_executions_in_window", n);
        data.put("last_cost_ms", cost);
        return PatternObservation.of(PatternTypes.CACHE_OPPORTUNITY, subject, n >= m, components,
                "identical_input_output", data, Instant.ofEpochMilli(now - w), Instant.ofEpochMilli(now), n,
                List.of("hooks.tool_execution"),
                List.of(String.format(Locale.ROOT, "%s returned the same output for the same input %d times in %d min"
                        + " (about %.0f ms each): call it with cache_policy adaptive or force to save %.0f ms of work",
                        parts[0], n, w / 60_000, cost, cost * Math.max(0, n - 1))),
                List.of());
    }

    private static double parseCost(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
