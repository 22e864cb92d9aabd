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
     * Window store (tumbling, {@code TopologyConfig.performanceWindow}) of tool performance. Key: the
     * tool ({@link io.omninode.bridge.topology.performance.PerformanceKeys}). Value:
     * {@link io.omninode.bridge.topology.performance.ToolWindow} with its per-executor breakdown (binary).
     */
    public static final String TOOL_PERFORMANCE = "tool-performance";
    /**
     * Key: as {@link #TOOL_PERFORMANCE}. Value: the tool's window history (open windows, its own event
     * time, recent closed windows and executor p95s for the baselines, late-event counters; binary).
     */
    public static final String TOOL_PERFORMANCE_HISTORY = "tool-performance-history";
    /** Not a store of data: tells the performance processor that a commit is due (internal). */
    public static final String TOOL_PERFORMANCE_COMMIT_HOOK = "tool-performance-commit-hook";
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
