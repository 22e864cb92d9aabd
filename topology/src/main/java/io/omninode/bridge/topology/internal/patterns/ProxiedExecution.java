package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.topology.internal.execution.ToolExecution;

/**
 * The fields of a tool execution that the proxy detectors read: the input hash the proxy records
 * ({@code input_analysis.input_hash}), the output hash ({@code proxy.output_hash}, null on failure)
 * and the call's cost. A missing status counts as success here.
 */
record ProxiedExecution(String tool, String executor, String inputHash, String outputHash, boolean success,
                        boolean cacheHit, double costMs) {

    /** The execution, or null when it has no tool name or no input hash. */
    static ProxiedExecution of(ToolExecution e) {
        if (e == null || e.tool() == null || e.inputHash() == null) {
            return null;
        }
        return new ProxiedExecution(e.tool(), e.executor(), e.inputHash(), e.outputHash(),
                e.status() == null || ToolExecution.SUCCESS.equals(e.status()), e.cacheHit(), e.durationMs());
    }
}
