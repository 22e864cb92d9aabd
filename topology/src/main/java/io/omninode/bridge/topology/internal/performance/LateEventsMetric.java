package io.omninode.bridge.topology.internal.performance;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The Streams metric of late tool executions: group {@code stream-bridge-performance-metrics},
 * {@code late-events-total} and {@code late-events-rate}, tagged with the task id. Per-tool totals
 * are in {@code tool-performance-history}.
 */
final class LateEventsMetric {

    static final String SCOPE = "bridge-performance";
    static final String OPERATION = "late-events";

    private final Sensor sensor;

    private LateEventsMetric(Sensor sensor) {
        this.sensor = sensor;
    }

    static LateEventsMetric register(ProcessorContext<?, ?> context) {
        return new LateEventsMetric(context.metrics().addRateTotalSensor(SCOPE, context.taskId().toString(),
                OPERATION, Sensor.RecordingLevel.INFO));
    }

    void record() {
        sensor.record();
    }
}
