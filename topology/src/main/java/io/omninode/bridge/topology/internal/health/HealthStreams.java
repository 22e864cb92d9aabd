package io.omninode.bridge.topology.internal.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.Fields;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Wires the registry-and-health part of the topology: every input keyed (and partitioned) by
 * service name, merged into the one {@link HealthProcessor}, whose events go to
 * {@code intelligence.health}.
 */
public final class HealthStreams {

    private HealthStreams() {
    }

    /**
     * @param registryServices {@code registry.services}, keyed by service
     * @param lifecycle        {@code hooks.service_lifecycle}, keyed by service and partitioned
     *                         like {@code registry.services} (same partition count)
     * @param errors           {@code hooks.errors}, keyed by service
     * @param executions       {@code hooks.tool_execution}, keyed by tool
     */
    public static void wire(TopologyConfig config, Topics topics, KStream<String, Envelope> registryServices,
                            KStream<String, Envelope> lifecycle, KStream<String, Envelope> errors,
                            KStream<String, Envelope> executions) {
        int partitions = topics.registryServices.partitions();
        KStream<String, Envelope> criticalErrors = errors
                .filter((service, event) -> isCriticalError(event), Named.as("health-critical-errors"))
                .repartition(byService("health-errors-by-service", topics.errors, partitions));
        KStream<String, Envelope> executionsByService = executions
                .flatMap((tool, event) -> byExecutor(event), Named.as("health-executions-key-by-executor"))
                .repartition(byService("health-executions-by-service", topics.toolExecution, partitions));
        registryServices
                .merge(lifecycle, Named.as("health-merge-lifecycle"))
                .merge(criticalErrors, Named.as("health-merge-errors"))
                .merge(executionsByService, Named.as("health-merge-executions"))
                .process(new HealthProcessorSupplier(config), Named.as("health-processor"))
                .to(topics.intelligenceHealth.name(), Produced.with(topics.intelligenceHealth.keySerde(),
                        topics.intelligenceHealth.valueSerde()).withName("intelligence-health-sink"));
    }

    static boolean isCriticalError(Envelope event) {
        return event != null && EventTypes.ERROR_SERVICE_CRITICAL.equals(event.eventType())
                && HookRules.isCritical(event.payload().path("error_info"));
    }

    /**
     * A tool execution re-keyed by its executor service and slimmed to what the health logic
     * reads ({@code execution_info.tool_name/executor_service}, {@code execution_result.status});
     * none when it names no executor.
     */
    static List<KeyValue<String, Envelope>> byExecutor(Envelope event) {
        if (event == null || !EventTypes.TOOL_EXECUTION_COMPLETED.equals(event.eventType())) {
            return List.of();
        }
        JsonNode info = event.payload().path("execution_info");
        String executor = Fields.text(info, "executor_service");
        if (executor == null) {
            return List.of();
        }
        ObjectNode slim = JsonNodeFactory.instance.objectNode();
        slim.putObject("execution_info")
                .put("tool_name", Fields.text(info, "tool_name"))
                .put("executor_service", executor);
        slim.putObject("execution_result")
                .put("status", Fields.text(event.payload().path("execution_result"), "status"));
        Envelope slimmed = new Envelope(event.eventId(), event.eventType(), event.eventVersion(), event.timestamp(),
                event.source(), event.correlationId(), event.requestId(), slim);
        return List.of(KeyValue.pair(executor, slimmed));
    }

    private static Repartitioned<String, Envelope> byService(String name, Topic<String, Envelope> topic,
                                                              int partitions) {
        return Repartitioned.<String, Envelope>as(name)
                .withKeySerde(topic.keySerde())
                .withValueSerde(topic.valueSerde())
                .withNumberOfPartitions(partitions);
    }
}
