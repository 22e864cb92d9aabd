package io.omninode.bridge.topology.internal.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.ErrorRateWindow;
import io.omninode.bridge.topology.health.HealthTrigger;
import io.omninode.bridge.topology.health.InstanceHealth;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.internal.LiveConfig;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The hook half of the health state machine (DESIGN.md §6): lifecycle hooks, critical errors and
 * the executor services' tool error rate. Hooks only concern registered instances; a hook without
 * an instance id concerns every instance of its service. An instance unhealthy by expiry only
 * comes back through a heartbeat or a registration: a hook that reports it better is ignored.
 */
final class HookRules {

    private final LiveConfig live;

    /** @param live the error-rate thresholds ({@link ConfigKeys#HEALTH_ERROR_RATE_THRESHOLD}, min runs) */
    HookRules(LiveConfig live) {
        this.live = live;
    }

    void started(ServiceState state, Envelope event) {
        for (InstanceHealth instance : targets(state, serviceInfoInstance(event))) {
            if (!instance.expired()) {
                state.transition(instance.instanceId(), HealthStatus.HEALTHY, HealthTrigger.HOOK_REPORTED,
                        "service_started hook");
            }
        }
    }

    void stopped(ServiceState state, Envelope event) {
        String why = Fields.text(event.payload().path("shutdown_info"), "shutdown_reason");
        for (InstanceHealth instance : targets(state, serviceInfoInstance(event))) {
            if (instance.expired()) {
                state.put(instance.withExpiredAt(null));
            }
            state.transition(instance.instanceId(), HealthStatus.STOPPED, HealthTrigger.SERVICE_STOPPED,
                    "service_stopped hook" + (why != null ? ": " + why : ""));
        }
    }

    void healthChanged(ServiceState state, Envelope event) {
        JsonNode payload = event.payload();
        JsonNode transition = payload.has("health_transition") ? payload.get("health_transition")
                : payload.path("health_change");
        HealthStatus reported = HealthStatus.reported(Fields.text(transition, "current_status")).orElse(null);
        if (reported == null) {
            return;
        }
        String cause = Fields.text(transition, "trigger_event");
        for (InstanceHealth instance : targets(state, serviceInfoInstance(event))) {
            if (!instance.expired()) {
                state.transition(instance.instanceId(), reported, HealthTrigger.HOOK_REPORTED,
                        "health_changed hook reported " + reported.wire() + (cause != null ? " (" + cause + ")" : ""));
            }
        }
    }

    void criticalError(ServiceState state, Envelope event) {
        JsonNode info = event.payload().path("error_info");
        if (!isCritical(info)) {
            return;
        }
        String errorType = Fields.text(info, "error_type");
        for (InstanceHealth instance : targets(state, Fields.text(info, "instance_id"))) {
            if (instance.status() != HealthStatus.STOPPED) {
                state.transition(instance.instanceId(), HealthStatus.UNHEALTHY, HealthTrigger.CRITICAL_ERROR,
                        "critical error" + (errorType != null ? ": " + errorType : ""));
            }
        }
    }

    /**
     * Adds tool runs of this executor service to its error-rate window; degrades its healthy instances
     * once per window. Runs of a window older than the current one are too late to count.
     */
    void runs(ServiceState state, ExecutorRuns runs) {
        if (!state.hasInstances()) {
            return;
        }
        Instant runWindow = Instant.ofEpochMilli(runs.windowStart());
        ErrorRateWindow current = state.window();
        if (current.windowStart() != null && runWindow.isBefore(current.windowStart())) {
            return;
        }
        ErrorRateWindow window = current.add(runWindow, runs.runs(), runs.errors());
        if (!window.thresholdReported() && window.runs() >= Math.max(1, live.integer(ConfigKeys.HEALTH_ERROR_RATE_MIN_RUNS))
                && window.errorRate() >= live.decimal(ConfigKeys.HEALTH_ERROR_RATE_THRESHOLD)) {
            window = window.reported();
            String reason = String.format(Locale.ROOT, "tool error rate %.0f %% (%d of %d runs) in the window from %s",
                    window.errorRate() * 100, window.errors(), window.runs(), window.windowStart());
            for (InstanceHealth instance : state.instances()) {
                if (instance.status() == HealthStatus.HEALTHY && !instance.expired()) {
                    state.transition(instance.instanceId(), HealthStatus.DEGRADED, HealthTrigger.ERROR_RATE_THRESHOLD,
                            reason);
                }
            }
        }
        state.window(window);
    }

    /** Whether an {@code error_info} has severity {@code critical}. */
    static boolean isCritical(JsonNode errorInfo) {
        String severity = Fields.text(errorInfo, "severity");
        return severity != null && severity.trim().equalsIgnoreCase("critical");
    }

    private static String serviceInfoInstance(Envelope event) {
        return Fields.text(event.payload().path("service_info"), "instance_id");
    }

    private static List<InstanceHealth> targets(ServiceState state, String instanceId) {
        return instanceId == null ? state.instances() : state.health(instanceId).map(List::of).orElse(List.of());
    }
}
