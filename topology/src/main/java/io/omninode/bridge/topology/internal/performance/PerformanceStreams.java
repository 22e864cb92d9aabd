package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Wires the performance part: the decoded executions (keyed by tool, no repartition) into the
 * {@link PerformanceProcessor}, whose window and anomaly events go to {@code intelligence.performance}.
 */
public final class PerformanceStreams {

    private PerformanceStreams() {
    }

    /** @return the {@code intelligence.performance} events, keyed by tool, for the pattern detectors */
    public static KStream<String, Envelope> wire(TopologyConfig config, LiveConfig live, Topics topics,
                                                 KStream<String, ToolExecution> executions) {
        Topic<String, Envelope> performance = topics.intelligencePerformance;
        KStream<String, Envelope> events = executions
                .process(new PerformanceProcessorSupplier(config, live), Named.as("performance-processor"));
        events.to(performance.name(), Produced.with(performance.keySerde(), performance.valueSerde())
                .withName("intelligence-performance-sink"));
        return events;
    }
}
