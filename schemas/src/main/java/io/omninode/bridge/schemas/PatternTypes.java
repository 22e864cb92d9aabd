package io.omninode.bridge.schemas;

import java.util.List;

/** The {@code pattern_type} values the topology detects (DESIGN.md §6). */
public final class PatternTypes {

    public static final String ERROR_BURST = "error_burst";
    public static final String LATENCY_REGRESSION = "latency_regression";
    public static final String RECURRING_ERROR = "recurring_error";
    public static final String FLAPPING_SERVICE = "flapping_service";
    public static final String TOOL_SEQUENCE = "tool_sequence";
    public static final String STARTUP_REGRESSION = "startup_regression";
    public static final String CO_FAILURE = "co_failure";
    public static final String RETRY_STORM = "retry_storm";
    public static final String CACHE_OPPORTUNITY = "cache_opportunity";

    public static final List<String> ALL = List.of(ERROR_BURST, LATENCY_REGRESSION, RECURRING_ERROR,
            FLAPPING_SERVICE, TOOL_SEQUENCE, STARTUP_REGRESSION, CO_FAILURE, RETRY_STORM, CACHE_OPPORTUNITY);

    private PatternTypes() {
    }
}
