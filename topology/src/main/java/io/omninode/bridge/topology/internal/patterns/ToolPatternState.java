package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** State of {@link ToolPatternDetector} per tool: its latest closed windows and what was reported. */
record ToolPatternState(List<Point> windows, Instant lastAnomalyStart, ObjectNode lastAnomaly,
                        Reported errorBurst, Reported latencyRegression) {

    static final int MAX_WINDOWS = 30;
    static final ToolPatternState EMPTY = new ToolPatternState(List.of(), null, null, Reported.NONE, Reported.NONE);

    /** One closed per-tool window. */
    record Point(Instant start, Instant end, long count, long errors, double p95, boolean anomalous) {
    }

    ToolPatternState withWindow(Point point) {
        List<Point> kept = new ArrayList<>(windows);
        kept.add(point);
        if (kept.size() > MAX_WINDOWS) {
            kept = kept.subList(kept.size() - MAX_WINDOWS, kept.size());
        }
        return new ToolPatternState(kept, lastAnomalyStart, lastAnomaly, errorBurst, latencyRegression);
    }

    ToolPatternState withAnomaly(Instant start, ObjectNode anomaly) {
        return new ToolPatternState(windows, start, anomaly, errorBurst, latencyRegression);
    }

    ToolPatternState withReported(Reported burst, Reported regression) {
        return new ToolPatternState(windows, lastAnomalyStart, lastAnomaly, burst, regression);
    }
}
