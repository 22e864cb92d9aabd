package io.omninode.bridge.topology.internal.performance;

import static io.omninode.bridge.topology.internal.performance.Baselines.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The latency-anomaly rule (DESIGN.md §6): baseline = median p95 of the previous non-anomalous
 * {@code performance.baseline.windows} closed windows of the key (at least
 * {@code performance.baseline.min_windows}); anomaly when p95 ≥ factor × baseline with ≥
 * {@code performance.anomaly.min_samples} executions.
 *
 * <p>Root cause, {@code primary_factor} by the first rule that holds:
 * <ol>
 *   <li>{@code executor_mix}: one executor's p95 rose ≥ 1.5 × its own baseline (a new executor:
 *       the tool's) and ≥ 1.5 × as much as any other executor's (a single executor counts only
 *       when it is new);</li>
 *   <li>{@code queue_time}: the mean queue time rose by at least half the p95 increase;</li>
 *   <li>{@code error_mix}: the error rate rose by ≥ 0.1;</li>
 *   <li>{@code uniform_slowdown}: none of these.</li>
 * </ol>
 * The evidence numbers of all three are always reported.
 */
final class AnomalyRules {

    static final double EXECUTOR_RISE = 1.5;

    private AnomalyRules() {
    }

    /** The anomaly's {@code metrics_data} and {@code root_cause_analysis}, or null when the window is normal. */
    static Anomaly check(LiveConfig config, ToolWindow window, WindowStats stats, ToolHistory history,
                         List<ExecutorEvidence> executors) {
        int windows = (int) Math.max(1, config.integer(ConfigKeys.BASELINE_WINDOWS));
        List<WindowSummary> base = history.normalBefore(window.windowStart(), windows);
        if (base.isEmpty() || base.size() < config.integer(ConfigKeys.BASELINE_MIN_WINDOWS)
                || window.count() < config.integer(ConfigKeys.ANOMALY_MIN_SAMPLES)) {
            return null;
        }
        double baseline = Baselines.medianP95(base);
        double factor = config.decimal(ConfigKeys.ANOMALY_FACTOR);
        if (!(baseline > 0) || stats.p95() < factor * baseline) {
            return null;
        }
        double degradation = stats.p95() / baseline;
        return new Anomaly(severity(degradation, factor), degradation, baseline, base.size(),
                rootCause(window, stats, base, baseline, executors));
    }

    /** A detected anomaly. */
    record Anomaly(String severity, double degradationFactor, double baselineP95, int baselineWindows,
                   ObjectNode rootCause) {
    }

    static String severity(double degradation, double factor) {
        if (degradation >= 2 * factor) {
            return "critical";
        }
        return degradation >= 1.5 * factor ? "high" : "medium";
    }

    private static ObjectNode rootCause(ToolWindow window, WindowStats stats, List<WindowSummary> base,
                                       double baseline, List<ExecutorEvidence> executors) {
        ObjectNode cause = JsonNodeFactory.instance.objectNode();
        List<ExecutorEvidence> byRise = executors.stream()
                .sorted(Comparator.comparingDouble((ExecutorEvidence e) -> e.ratio(baseline)).reversed()
                        .thenComparing(ExecutorEvidence::executor))
                .toList();
        ExecutorEvidence suspect = executorSuspect(byRise, baseline);
        double errorNow = window.errorRate();
        double errorBefore = Baselines.meanErrorRate(base);
        double queueNow = window.queueTimeMeanMs();
        double queueBefore = Baselines.meanQueueTime(base);
        double p95Rise = stats.p95() - baseline;
        String tool = window.toolName();
        String primary;
        String summary;
        if (suspect != null) {
            primary = "executor_mix";
            summary = String.format(Locale.ROOT, "%s on executor %s: p95 %.1f ms vs %.1f ms before (%.1fx)", tool,
                    suspect.executor(), suspect.p95(),
                    Double.isNaN(suspect.baselineP95()) ? baseline : suspect.baselineP95(), suspect.ratio(baseline));
        } else if (queueNow - queueBefore >= 0.5 * p95Rise) {
            primary = "queue_time";
            summary = String.format(Locale.ROOT, "%s mean queue time rose from %.1f ms to %.1f ms", tool,
                    queueBefore, queueNow);
        } else if (errorNow - errorBefore >= 0.1) {
            primary = "error_mix";
            summary = String.format(Locale.ROOT, "%s error rate rose from %.1f %% to %.1f %%", tool,
                    100 * errorBefore, 100 * errorNow);
        } else {
            primary = "uniform_slowdown";
            summary = String.format(Locale.ROOT, "%s p95 rose from %.1f ms to %.1f ms on every executor", tool,
                    baseline, stats.p95());
        }
        cause.put("primary_factor", primary);
        cause.put("summary", summary);
        ObjectNode mix = cause.putObject("executor_mix");
        mix.put("suspect_executor", suspect == null ? null : suspect.executor());
        ArrayNode list = mix.putArray("executors");
        for (ExecutorEvidence e : byRise) {
            list.addObject()
                    .put("executor_service", e.executor())
                    .put("count", e.count())
                    .put("p95_ms", round(e.p95()))
                    .put("baseline_p95_ms", Double.isNaN(e.baselineP95()) ? null : round(e.baselineP95()))
                    .put("ratio", round(e.ratio(baseline)));
        }
        cause.putObject("error_mix")
                .put("error_rate", round(errorNow))
                .put("baseline_error_rate", round(errorBefore))
                .put("change", round(errorNow - errorBefore));
        cause.putObject("queue_time")
                .put("queue_time_ms_mean", round(queueNow))
                .put("baseline_queue_time_ms_mean", round(queueBefore))
                .put("change_ms", round(queueNow - queueBefore))
                .put("share_of_p95_increase", p95Rise > 0 ? round((queueNow - queueBefore) / p95Rise) : 0);
        return cause;
    }

    private static ExecutorEvidence executorSuspect(List<ExecutorEvidence> byRise, double baseline) {
        if (byRise.isEmpty()) {
            return null;
        }
        ExecutorEvidence top = byRise.get(0);
        double topRatio = top.ratio(baseline);
        if (topRatio < EXECUTOR_RISE) {
            return null;
        }
        if (byRise.size() == 1) {
            return Double.isNaN(top.baselineP95()) ? top : null;
        }
        return topRatio >= EXECUTOR_RISE * byRise.get(1).ratio(baseline) ? top : null;
    }
}
