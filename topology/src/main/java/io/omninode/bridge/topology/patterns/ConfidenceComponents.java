package io.omninode.bridge.topology.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The three factors of a pattern's confidence (DESIGN.md §6), each in [0, 1]; the confidence is
 * their product. Each detector documents its formulas.
 *
 * @param severity    how bad the condition is
 * @param support     how much data backs it
 * @param persistence how long it has lasted
 */
public record ConfidenceComponents(
        @JsonProperty("severity") double severity,
        @JsonProperty("support") double support,
        @JsonProperty("persistence") double persistence) {

    public ConfidenceComponents {
        severity = clamp(severity);
        support = clamp(support);
        persistence = clamp(persistence);
    }

    /** severity × support × persistence, rounded to 3 decimals. */
    public double score() {
        return Math.round(severity * support * persistence * 1000) / 1000.0;
    }

    private static double clamp(double value) {
        double clamped = Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
        return Math.round(clamped * 1000) / 1000.0;
    }
}
