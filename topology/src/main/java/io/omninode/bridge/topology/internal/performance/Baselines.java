package io.omninode.bridge.topology.internal.performance;

import java.util.List;

/** Medians and means over baseline windows. */
final class Baselines {

    private Baselines() {
    }

    static double medianP95(List<WindowSummary> windows) {
        double[] values = windows.stream().mapToDouble(WindowSummary::p95).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static double meanErrorRate(List<WindowSummary> windows) {
        return windows.stream().mapToDouble(WindowSummary::errorRate).average().orElse(0);
    }

    static double meanQueueTime(List<WindowSummary> windows) {
        return windows.stream().mapToDouble(WindowSummary::queueTimeMeanMs).average().orElse(0);
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : 0;
    }
}
