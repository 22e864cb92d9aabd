package io.omninode.bridge.topology.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Tool-execution counters of one executor service in the current tumbling error-rate window
 * (event time, aligned to the epoch).
 *
 * @param windowStart       start of the window
 * @param runs              executions counted in it
 * @param errors            executions whose {@code execution_result.status} was not {@code success}
 * @param thresholdReported whether the threshold was already reached in this window (it degrades
 *                          the service once per window)
 */
public record ErrorRateWindow(
        @JsonProperty("window_start") Instant windowStart,
        @JsonProperty("runs") long runs,
        @JsonProperty("errors") long errors,
        @JsonProperty("threshold_reported") boolean thresholdReported) {

    /** {@code errors / runs}, 0 without runs (read-only, derived). */
    @JsonProperty(value = "error_rate", access = JsonProperty.Access.READ_ONLY)
    public double errorRate() {
        return runs == 0 ? 0 : (double) errors / runs;
    }

    /** This window after {@code more} runs ({@code failed} of them errors) of the window starting at {@code runWindowStart}. */
    public ErrorRateWindow add(Instant runWindowStart, long more, long failed) {
        boolean later = windowStart == null || runWindowStart.isAfter(windowStart);
        ErrorRateWindow base = later ? new ErrorRateWindow(runWindowStart, 0, 0, false) : this;
        return new ErrorRateWindow(base.windowStart, base.runs + more, base.errors + failed, base.thresholdReported);
    }

    public ErrorRateWindow reported() {
        return new ErrorRateWindow(windowStart, runs, errors, true);
    }
}
