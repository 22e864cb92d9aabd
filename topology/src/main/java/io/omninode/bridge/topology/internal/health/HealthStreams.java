package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Wires the registry-and-health part of the topology: every input keyed (and partitioned) by
 * service name, merged into the one {@link HealthProcessor}, whose events go to
 * {@code intelligence.health}. Tool executions do not cross over themselves: each tool partition
 * counts runs per executor and window ({@link ExecutorRunsAggregator}) and only those counts are
 * repartitioned by executor ({@code health-executor-runs-by-service}).
 */
public final class HealthStreams {

    private HealthStreams() {
    }

    /**
     * @param live             the live health thresholds (error rate, removal factor)
     * @param registryServices {@code registry.services}, keyed by service
     * @param lifecycle        {@code hooks.service_lifecycle}, keyed by service and partitioned
     *                         like {@code registry.services} (same partition count)
     * @param errors           {@code hooks.errors}, keyed by service
     * @param executions       the decoded {@code hooks.tool_execution}, keyed by tool
     */
    public static void wire(TopologyConfig config, LiveConfig live, Topics topics,
                            KStream<String, Envelope> registryServices,
                            KStream<String, Envelope> lifecycle, KStream<String, Envelope> errors,
                            KStream<String, ToolExecution> executions) {
        int partitions = topics.registryServices.partitions();
        KStream<String, HealthInput> criticalErrors = errors
                .filter((service, event) -> isCriticalError(event), Named.as("health-critical-errors"))
                .repartition(Repartitioned.<String, Envelope>as("health-errors-by-service")
                        .withKeySerde(topics.errors.keySerde())
                        .withValueSerde(topics.errors.valueSerde())
                        .withNumberOfPartitions(partitions))
                .mapValues(HealthInput::of, Named.as("health-errors-input"));
        KStream<String, HealthInput> runs = executions
                .process(ExecutorRunsAggregator.supplier(config), Named.as("health-executor-runs-aggregator"))
                .repartition(Repartitioned.<String, ExecutorRuns>as("health-executor-runs-by-service")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(ExecutorRuns.SERDE)
                        .withNumberOfPartitions(partitions))
                .mapValues(HealthInput::of, Named.as("health-runs-input"));
        Topic<String, Envelope> out = topics.intelligenceHealth;
        registryServices.mapValues(HealthInput::of, Named.as("health-registry-input"))
                .merge(lifecycle.mapValues(HealthInput::of, Named.as("health-lifecycle-input")),
                        Named.as("health-merge-lifecycle"))
                .merge(criticalErrors, Named.as("health-merge-errors"))
                .merge(runs, Named.as("health-merge-runs"))
                .process(new HealthProcessorSupplier(config, live), Named.as("health-processor"))
                .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("intelligence-health-sink"));
    }

    static boolean isCriticalError(Envelope event) {
        return event != null && EventTypes.ERROR_SERVICE_CRITICAL.equals(event.eventType())
                && HookRules.isCritical(event.payload().path("error_info"));
    }
}
