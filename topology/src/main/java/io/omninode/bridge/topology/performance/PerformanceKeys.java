package io.omninode.bridge.topology.performance;

/**
 * Keys of {@code tool-performance} and {@code tool-performance-history}: {@code <tool>} for a
 * tool's windows over all executors, {@code <tool>|<executor_service>} for one executor's share.
 * Both live on the tool's partition (the input is keyed by tool), so a range or prefix query on
 * {@code <tool>|} finds a tool's executors.
 */
public final class PerformanceKeys {

    public static final char SEPARATOR = '|';

    private PerformanceKeys() {
    }

    public static String of(String tool) {
        return tool;
    }

    public static String of(String tool, String executor) {
        return executor == null ? tool : tool + SEPARATOR + executor;
    }

    /** The prefix of every per-executor key of {@code tool}. */
    public static String executorPrefix(String tool) {
        return tool + SEPARATOR;
    }

    public static boolean isPerExecutor(String key) {
        return key.indexOf(SEPARATOR) >= 0;
    }
}
