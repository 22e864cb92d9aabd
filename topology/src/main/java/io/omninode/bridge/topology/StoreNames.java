package io.omninode.bridge.topology;

/**
 * The names of the bridge's state stores (DESIGN.md §6), shared by the topology, the read side
 * and tests. Each name is also the stem of the store's changelog topic.
 */
public final class StoreNames {

    /** Key: service name. Value: {@link io.omninode.bridge.topology.health.ServiceRegistration}. */
    public static final String SERVICE_REGISTRY = "service-registry";
    /**
     * Global store over {@code registry.tools}. Key: tool id {@code <service_source>:<tool_name>}.
     * Value: the {@code registry.tool.registered} envelope (timestamped).
     */
    public static final String TOOL_REGISTRY = "tool-registry";
    /** Key: service name. Value: {@link io.omninode.bridge.topology.health.ServiceHealth}. */
    public static final String SERVICE_HEALTH = "service-health";
    /** Key: service name. Value: {@link io.omninode.bridge.topology.health.HealthTransitionLog}, newest first. */
    public static final String HEALTH_TRANSITIONS = "health-transitions";
    /**
     * Window store (tumbling, {@code TopologyConfig.performanceWindow}) of tool performance. Key:
     * {@code <tool>} or {@code <tool>|<executor_service>} ({@link io.omninode.bridge.topology.performance.PerformanceKeys}).
     * Value: {@link io.omninode.bridge.topology.performance.ToolWindow}.
     */
    public static final String TOOL_PERFORMANCE = "tool-performance";
    /**
     * Key: as {@link #TOOL_PERFORMANCE}. Value:
     * {@link io.omninode.bridge.topology.performance.ToolWindowHistory} (open windows, recent closed
     * windows for the baseline, late-event counters).
     */
    public static final String TOOL_PERFORMANCE_HISTORY = "tool-performance-history";
    /**
     * Key: pattern id ({@link io.omninode.bridge.topology.patterns.PatternIds}). Value:
     * {@link io.omninode.bridge.topology.patterns.PatternState}.
     */
    public static final String PATTERNS = "patterns";
    /** Key: proxy cache key. */
    public static final String PROXY_CACHE = "proxy-cache";
    /** Global store over {@code bridge.config}. */
    public static final String BRIDGE_CONFIG = "bridge-config";

    private StoreNames() {
    }
}
