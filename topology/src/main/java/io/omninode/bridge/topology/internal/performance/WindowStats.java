package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;

/** The latency figures of one closed window: percentiles from its sketch, max and mean exact. */
record WindowStats(double p50, double p90, double p95, double p99, double max, double mean) {

    static WindowStats of(ToolWindow window) {
        LatencySketch sketch = window.sketch();
        return new WindowStats(sketch.percentile(50), sketch.percentile(90), sketch.percentile(95),
                sketch.percentile(99), window.maxMs(), window.meanMs());
    }
}
