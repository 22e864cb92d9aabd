package io.omninode.bridge.topology.performance;

/**
 * Keys of {@code tool-performance} and {@code tool-performance-history}: the tool name; each value
 * holds the per-executor breakdown. Versions before the binary store formats also kept one key per
 * tool × executor ({@code <tool>|<executor_service>}); such keys are migrated (histories) or left to
 * expire (windows) and never written again.
 */
public final class PerformanceKeys {

    public static final char LEGACY_SEPARATOR = '|';

    private PerformanceKeys() {
    }

    public static String of(String tool) {
        return tool;
    }

    /** Whether {@code key} is a per-executor key of the earlier layout. */
    public static boolean isLegacyExecutorKey(String key) {
        return key.indexOf(LEGACY_SEPARATOR) >= 0;
    }
}
