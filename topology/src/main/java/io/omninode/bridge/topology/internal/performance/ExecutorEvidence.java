package io.omninode.bridge.topology.internal.performance;

/**
 * One executor's share of the anomalous window against its own baseline windows.
 *
 * @param executor    executor service
 * @param count       its executions in the window
 * @param p95         its p95 in the window
 * @param baselineP95 median p95 of its previous windows, NaN when it has none (new executor)
 */
record ExecutorEvidence(String executor, long count, double p95, double baselineP95) {

    /** p95 over its own baseline, or over the tool's baseline when it has none. */
    double ratio(double toolBaseline) {
        double base = Double.isNaN(baselineP95) ? toolBaseline : baselineP95;
        return base > 0 ? p95 / base : Double.POSITIVE_INFINITY;
    }
}
