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
 * {@code retry_storm}: one tool executed with the same input (same {@code input_analysis.input_hash},
 * as the proxy records it) ≥ {@code min_repeats} (m) times within {@code window_ms} (w) — clients
 * retrying or re-asking in a loop. Subject {@code <tool>#<input hash>}; executions arrive keyed by
 * tool, so no repartition is needed. With n executions, e of them failed, spread over s ms:
 * severity = 0.5 + 0.5 × e / n (a storm of failures is worse), support = min(1, n / 2m),
 * persistence = min(1, max(0.1, s / w)).
 */
final class RetryStormDetector extends SpanDetector<ToolExecution> {

    static final String STORE = "pattern-retry-storm-state";

    RetryStormDetector(Duration punctuation) {
        super(STORE, punctuation);
    }

    @Override
    protected long span() {
        return config.integer(ConfigKeys.RETRY_STORM_WINDOW_MS);
    }

    @Override
    protected Occurrence occurrence(Record<String, ToolExecution> record) {
        ProxiedExecution execution = ProxiedExecution.of(record.value());
        return execution == null ? null : new Occurrence(execution.tool() + "#" + execution.inputHash(),
                execution.success() ? "ok" : "failed", execution.executor());
    }

    @Override
    protected PatternObservation observe(String subject, TimedSubject state, long now) {
        long n = state.times().size();
        long m = Math.max(1, config.integer(ConfigKeys.RETRY_STORM_MIN_REPEATS));
        long w = Math.max(1, span());
        long failed = state.origins().getOrDefault("failed", 0L);
        String tool = subject.substring(0, subject.indexOf('#'));
        String input = subject.substring(subject.indexOf('#') + 1);
        ConfidenceComponents components = new ConfidenceComponents(0.5 + 0.5 * failed / Math.max(1.0, n),
                n / (2.0 * m), Math.max(0.1, (double) (state.last() - state.first()) / w));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("tool_name", tool);
        data.put("input_hash", input);
        data.put("executor_service", state.example());
        data.put("repeats_in_window", n);
        data.put("failed_in_window", failed);
        return PatternObservation.of(PatternTypes.RETRY_STORM, subject, n >= m, components, "input_repetition", data,
                Instant.ofEpochMilli(now - w), Instant.ofEpochMilli(now), n, List.of("hooks.tool_execution"),
                List.of(String.format(Locale.ROOT, "Callers sent the same input to %s %d times in %d s: add "
                        + "client-side backoff with jitter, and use cache_policy adaptive or force for this tool", tool,
                        n, w / 1000)),
                List.of(String.format(Locale.ROOT, "Retry storm on %s: %d identical requests (%d failed) in %d s",
                        tool, n, failed, w / 1000)));
    }
}
