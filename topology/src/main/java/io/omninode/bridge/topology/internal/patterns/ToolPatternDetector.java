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
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code error_burst} and {@code latency_regression}, per tool, from the per-tool
 * {@code intelligence.performance} events (keyed by tool; an anomaly precedes its window's
 * event). Evaluated when a tool window closes, so both resolve on the first window where the
 * condition no longer holds.
 *
 * <p>{@code error_burst} (r = error rate of the closing window, t = {@code window_rate}, n its runs,
 * s = error rate over the last {@code sustained_windows} windows, u = {@code sustained_rate}): fires
 * when r ≥ t, s ≥ u and n ≥ {@code min_runs}. severity = min(1, r / 2t), support = min(1, n / (5 ×
 * min_runs)), persistence = min(1, s / 2u).
 *
 * <p>{@code latency_regression} (k consecutive anomalous windows, d the latest degradation factor,
 * f = {@code performance.anomaly.factor}, n runs): fires when k ≥ {@code min_windows}. severity =
 * min(1, d / 2f), support = min(1, n / (2 × performance.anomaly.min_samples)), persistence = min(1, k / (2
 * × min_windows)).
 */
final class ToolPatternDetector extends Detector<Envelope> {

    static final String STORE = "pattern-tool-state";

    private KeyValueStore<String, ToolPatternState> states;

    @Override
    protected void open() {
        states = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Envelope> record) {
        Envelope event = record.value();
        if (event == null) {
            return;
        }
        boolean anomaly = EventTypes.PERFORMANCE_ANOMALY.equals(event.eventType());
        JsonNode payload = event.payload();
        String tool = anomaly ? Fields.text(payload.path("anomaly_info"), "tool_name") : Fields.text(payload, "tool_name");
        if (tool == null || !anomaly && !payload.path("executor_service").isNull()
                || anomaly && !payload.at("/anomaly_info/executor_service").isNull()) {
            return;
        }
        ToolPatternState state = states.get(tool);
        state = state == null ? ToolPatternState.EMPTY : state;
        JsonNode window = anomaly ? payload.at("/anomaly_info/window") : payload.path("window");
        Instant start = Fields.instant(window, "start");
        Instant end = Fields.instant(window, "end");
        if (start == null || end == null) {
            return;
        }
        if (anomaly) {
            ObjectNode summary = JsonNodeFactory.instance.objectNode();
            summary.put("degradation_factor", payload.at("/metrics_data/degradation_factor").asDouble());
            summary.put("baseline_p95_ms", payload.at("/metrics_data/baseline_metrics/p95").asDouble());
            summary.put("p95_ms", payload.at("/metrics_data/anomaly_metrics/p95").asDouble());
            summary.put("primary_factor", payload.at("/root_cause_analysis/primary_factor").asText(null));
            summary.put("suspect_executor",
                    payload.at("/root_cause_analysis/executor_mix/suspect_executor").asText(null));
            states.put(tool, state.withAnomaly(start, summary));
            return;
        }
        boolean anomalous = start.equals(state.lastAnomalyStart());
        state = state.withWindow(new ToolPatternState.Point(start, end, payload.path("count").asLong(),
                payload.path("errors").asLong(), payload.at("/latency_ms/p95").asDouble(), anomalous));
        Reported burst = report(state.errorBurst(), errorBurst(tool, state), record.timestamp());
        Reported regression = report(state.latencyRegression(), latencyRegression(tool, state), record.timestamp());
        states.put(tool, state.withReported(burst, regression));
    }

    private PatternObservation errorBurst(String tool, ToolPatternState state) {
        List<ToolPatternState.Point> windows = state.windows();
        ToolPatternState.Point last = windows.get(windows.size() - 1);
        Duration size = Duration.between(last.start(), last.end());
        long spanWindows = Math.max(1, config.integer(ConfigKeys.ERROR_BURST_SUSTAINED_WINDOWS));
        Instant from = last.end().minus(size.multipliedBy(spanWindows));
        long runs = 0;
        long errors = 0;
        for (ToolPatternState.Point p : windows) {
            if (!p.start().isBefore(from)) {
                runs += p.count();
                errors += p.errors();
            }
        }
        double t = config.decimal(ConfigKeys.ERROR_BURST_WINDOW_RATE);
        double u = config.decimal(ConfigKeys.ERROR_BURST_SUSTAINED_RATE);
        long minRuns = config.integer(ConfigKeys.ERROR_BURST_MIN_RUNS);
        double r = last.count() == 0 ? 0 : (double) last.errors() / last.count();
        double s = runs == 0 ? 0 : (double) errors / runs;
        boolean active = r >= t && s >= u && last.count() >= minRuns;
        ConfidenceComponents components = new ConfidenceComponents(r / (2 * t),
                last.count() / (5.0 * minRuns), s / (2 * u));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("tool_name", tool);
        data.put("window_error_rate", round(r));
        data.put("window_runs", last.count());
        data.put("window_errors", last.errors());
        data.put("sustained_error_rate", round(s));
        data.put("sustained_runs", runs);
        data.put("thresholds", String.format(Locale.ROOT, "%.0f %% per window, %.0f %% over %d windows, %d runs",
                100 * t, 100 * u, spanWindows, minRuns));
        return PatternObservation.of(PatternTypes.ERROR_BURST, tool, active, components, "windowed_error_rate", data,
                from, last.end(), runs, List.of("hooks.tool_execution", "intelligence.performance"),
                List.of(String.format(Locale.ROOT, "Check the recent changes or dependencies of %s: %d of its %d runs"
                                + " failed in the last window", tool, last.errors(), last.count()),
                        "Add retries with backoff or a circuit breaker in front of " + tool),
                List.of(String.format(Locale.ROOT, "%s error rate %.0f %% in the last window, %.0f %% over %d windows",
                        tool, 100 * r, 100 * s, spanWindows)));
    }

    private PatternObservation latencyRegression(String tool, ToolPatternState state) {
        List<ToolPatternState.Point> windows = state.windows();
        int streak = 0;
        for (int i = windows.size() - 1; i >= 0 && windows.get(i).anomalous(); i--) {
            if (i < windows.size() - 1 && !windows.get(i).end().equals(windows.get(i + 1).start())) {
                break;
            }
            streak++;
        }
        ToolPatternState.Point last = windows.get(windows.size() - 1);
        long minWindows = Math.max(1, config.integer(ConfigKeys.LATENCY_REGRESSION_MIN_WINDOWS));
        boolean active = streak >= minWindows;
        JsonNode anomaly = state.lastAnomaly() == null ? JsonNodeFactory.instance.objectNode() : state.lastAnomaly();
        double degradation = anomaly.path("degradation_factor").asDouble(1);
        double factor = config.decimal(ConfigKeys.ANOMALY_FACTOR);
        ConfidenceComponents components = new ConfidenceComponents(degradation / (2 * factor),
                last.count() / (2.0 * config.integer(ConfigKeys.ANOMALY_MIN_SAMPLES)),
                streak / (2.0 * minWindows));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("tool_name", tool);
        data.put("consecutive_windows", streak);
        data.put("p95_ms", round(last.p95()));
        data.set("latest_anomaly", anomaly.deepCopy());
        Instant from = streak == 0 ? last.start() : windows.get(windows.size() - streak).start();
        String suspect = anomaly.path("suspect_executor").asText(null);
        String cause = anomaly.path("primary_factor").asText("unknown");
        return PatternObservation.of(PatternTypes.LATENCY_REGRESSION, tool, active, components,
                "baseline_comparison", data, from, last.end(), last.count(),
                List.of("hooks.tool_execution", "intelligence.performance"),
                List.of(suspect != null
                                ? String.format(Locale.ROOT, "Investigate executor %s: %s p95 regressed on it", suspect,
                                tool)
                                : String.format(Locale.ROOT, "Investigate %s latency (root cause: %s)", tool, cause),
                        "Compare the deployments active since " + from + " for " + tool),
                List.of(String.format(Locale.ROOT, "%s p95 %.1f ms, %.1fx its baseline %.1f ms, %d windows in a row",
                        tool, last.p95(), degradation, anomaly.path("baseline_p95_ms").asDouble(), streak)));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
