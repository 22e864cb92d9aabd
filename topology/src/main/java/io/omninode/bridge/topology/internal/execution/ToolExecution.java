package io.omninode.bridge.topology.internal.execution;

/**
 * What the derivations read of one {@code tool.execution.completed} event, decoded once right after
 * the source ({@link ToolExecutionDecoder}); the record timestamp is its event time.
 *
 * @param tool        {@code execution_info.tool_name} (the record key when absent)
 * @param executor    {@code execution_info.executor_service}, null when absent
 * @param sessionId   {@code execution_info.execution_context.session_id}, null when absent
 * @param status      {@code execution_result.status}, null when absent
 * @param error       {@code execution_result.error} as text, null when absent
 * @param durationMs  {@code execution_timeline.total_duration_ms}; 0 when absent, negative or not finite
 * @param queueTimeMs {@code execution_timeline.queue_time_ms}; 0 likewise
 * @param inputHash   {@code input_analysis.input_hash} (recorded by the proxy), null when absent
 * @param outputHash  {@code proxy.output_hash}, null when absent
 * @param cacheHit    {@code proxy.cache_hit}
 */
public record ToolExecution(String tool, String executor, String sessionId, String status, String error,
                            double durationMs, double queueTimeMs, String inputHash, String outputHash,
                            boolean cacheHit) {

    public static final String SUCCESS = "success";

    /** This execution with {@code name} as its tool. */
    public ToolExecution withTool(String name) {
        return new ToolExecution(name, executor, sessionId, status, error, durationMs, queueTimeMs, inputHash,
                outputHash, cacheHit);
    }

    /** Whether {@code execution_result.status} is {@code success} (a missing status is not). */
    public boolean success() {
        return SUCCESS.equals(status);
    }
}
