package io.omninode.bridge.schemas;

/** The {@code event_type} values of DESIGN.md §3; one constant per type the bridge writes. */
public final class EventTypes {

    public static final String SERVICE_STARTED = "service.lifecycle.started";
    public static final String SERVICE_STOPPED = "service.lifecycle.stopped";
    public static final String SERVICE_HEALTH_CHANGED = "service.lifecycle.health_changed";
    public static final String CONFIGURATION_UPDATED = "configuration.updated";

    public static final String TOOL_EXECUTION_COMPLETED = "tool.execution.completed";
    public static final String TOOL_REGISTRATION_DISCOVERED = "tool.registration.discovered";
    public static final String ERROR_SERVICE_CRITICAL = "error.service.critical";

    public static final String REGISTRY_SERVICE_REGISTERED = "registry.service.registered";
    public static final String REGISTRY_SERVICE_HEARTBEAT = "registry.service.heartbeat";
    public static final String REGISTRY_SERVICE_DEREGISTERED = "registry.service.deregistered";
    public static final String REGISTRY_TOOL_REGISTERED = "registry.tool.registered";

    public static final String PERFORMANCE_WINDOW = "intelligence.performance.window";
    public static final String PERFORMANCE_ANOMALY = "intelligence.performance.anomaly_detected";
    public static final String PATTERN_DISCOVERED = "intelligence.pattern.discovered";
    public static final String PATTERN_UPDATED = "intelligence.pattern.updated";
    public static final String PATTERN_RESOLVED = "intelligence.pattern.resolved";

    /** Kafka record header names repeated from the envelope (DESIGN.md §4). */
    public static final String HEADER_EVENT_TYPE = "event_type";
    public static final String HEADER_CORRELATION_ID = "correlation_id";

    private EventTypes() {
    }
}
