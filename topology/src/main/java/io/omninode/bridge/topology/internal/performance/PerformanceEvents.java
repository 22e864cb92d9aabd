package io.omninode.bridge.topology.internal.performance;

import static io.omninode.bridge.topology.internal.performance.Baselines.round;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.topology.internal.performance.AnomalyRules.Anomaly;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code intelligence.performance} envelopes. Event ids (and anomaly ids) are name-based
 * UUIDs of type, key and window, so a re-emission after a crash carries the same id.
 */
final class PerformanceEvents {

    static final Source SOURCE = new Source("omninode-bridge", null, null);

    private PerformanceEvents() {
    }

    static Envelope window(ToolWindow window, WindowStats stats, long windowSizeMs, long lateEvents, Instant at) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("tool_name", window.toolName());
        payload.put("executor_service", window.executorService());
        windowNode(payload, window);
        payload.put("count", window.count());
        payload.put("successes", window.successes());
        payload.put("errors", window.errors());
        payload.put("error_rate", round(window.errorRate()));
        payload.put("throughput_per_s", round(window.count() * 1000.0 / windowSizeMs));
        payload.putObject("latency_ms")
                .put("p50", round(stats.p50()))
                .put("p90", round(stats.p90()))
                .put("p95", round(stats.p95()))
                .put("p99", round(stats.p99()))
                .put("max", round(stats.max()))
                .put("mean", round(stats.mean()));
        payload.put("queue_time_ms_mean", round(window.queueTimeMeanMs()));
        payload.put("late_events", lateEvents);
        return envelope(EventTypes.PERFORMANCE_WINDOW, id(EventTypes.PERFORMANCE_WINDOW, window), at, payload);
    }

    static Envelope anomaly(ToolWindow window, WindowStats stats, Anomaly anomaly, Instant at) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        String anomalyId = id("anomaly", window);
        ObjectNode info = payload.putObject("anomaly_info");
        info.put("anomaly_id", anomalyId);
        info.put("tool_name", window.toolName());
        info.put("executor_service", window.executorService());
        info.put("anomaly_type", "latency_regression");
        info.put("severity", anomaly.severity());
        info.put("detected_at", at.toString());
        windowNode(info, window);
        ObjectNode metrics = payload.putObject("metrics_data");
        metrics.putObject("baseline_metrics")
                .put("p95", round(anomaly.baselineP95()))
                .put("windows", anomaly.baselineWindows());
        metrics.putObject("anomaly_metrics")
                .put("p50", round(stats.p50()))
                .put("p95", round(stats.p95()))
                .put("p99", round(stats.p99()))
                .put("error_rate", round(window.errorRate()))
                .put("count", window.count());
        metrics.put("degradation_factor", round(anomaly.degradationFactor()));
        payload.set("root_cause_analysis", anomaly.rootCause());
        return envelope(EventTypes.PERFORMANCE_ANOMALY, id(EventTypes.PERFORMANCE_ANOMALY, window), at, payload);
    }

    private static void windowNode(ObjectNode parent, ToolWindow window) {
        parent.putObject("window")
                .put("start", window.windowStart().toString())
                .put("end", window.windowEnd().toString());
    }

    private static Envelope envelope(String type, String eventId, Instant at, ObjectNode payload) {
        return new Envelope(eventId, type, Envelope.VERSION, at, SOURCE, null, null, payload);
    }

    private static String id(String kind, ToolWindow window) {
        String name = kind + "/" + window.toolName() + "/" + window.executorService() + "/" + window.windowStart();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
