package io.omninode.bridge.topology;

import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.ProxyCacheStreams;
import io.omninode.bridge.topology.internal.ToolRegistryStreams;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.internal.execution.ToolExecutionDecoder;
import io.omninode.bridge.topology.internal.health.HealthStreams;
import io.omninode.bridge.topology.internal.patterns.PatternStreams;
import io.omninode.bridge.topology.internal.performance.PerformanceStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The bridge's Kafka Streams topology (DESIGN.md §6) as a pure function of its configuration:
 * no {@code KafkaStreams}, no environment. Every processor, store and internal topic is named.
 *
 * <p>JSON only at the edges: {@code hooks.tool_execution} is decoded once, right after its source,
 * into a typed {@code ToolExecution}; stores, changelogs and repartition topics hold compact,
 * versioned binary values that also read the JSON earlier versions stored. Nothing raw is shuffled:
 * executions cross to other keys only as per-executor run counts (health), error occurrences
 * (recurring errors) and session steps (tool sequences).
 *
 * <p>Registry and health: {@code registry.services}, {@code hooks.service_lifecycle}, critical
 * {@code hooks.errors} and the executors' run counts are merged by service into one health
 * processor that owns {@link StoreNames#SERVICE_REGISTRY}, {@link StoreNames#SERVICE_HEALTH} and
 * {@link StoreNames#HEALTH_TRANSITIONS} and writes {@code service.lifecycle.health_changed} events to
 * {@code intelligence.health}. The global {@link StoreNames#TOOL_REGISTRY} holds {@code registry.tools},
 * to which discovered tools ({@code hooks.tool_registration}) are added.
 *
 * <p>Performance: executions (keyed by tool) into tumbling windows per tool with their per-executor
 * breakdown ({@link StoreNames#TOOL_PERFORMANCE}), held in memory and written once per commit,
 * closed by each tool's own event time, with window and anomaly events on
 * {@code intelligence.performance}. Patterns: each detector in the sub-topology of its own input,
 * its observations through a repartition topic of its own into one lifecycle processor
 * ({@link StoreNames#PATTERNS}, {@code intelligence.patterns}). Thresholds come from the live
 * {@code bridge.config} snapshot ({@link ConfigKeys}).
 */
public final class BridgeTopology {

    private BridgeTopology() {
    }

    /** The topology of inputs that are not watched ({@link InputReadiness#ALWAYS}: tests, benchmarks). */
    public static Topology build(TopologyConfig config, Topics topics) {
        return build(config, topics, InputReadiness.ALWAYS);
    }

    /**
     * The topology whose wall clock closes windows and expires heartbeats only while {@code inputs}
     * says every input can be read to its acknowledged end.
     */
    public static Topology build(TopologyConfig config, Topics topics, InputReadiness inputs) {
        StreamsBuilder builder = new StreamsBuilder();
        // each input topic is read once; later derivations share these streams
        KStream<String, Envelope> registryServices = stream(builder, topics.registryServices, "registry-services");
        KStream<String, Envelope> lifecycle = stream(builder, topics.serviceLifecycle, "service-lifecycle");
        KStream<String, Envelope> errors = stream(builder, topics.errors, "errors");
        // the hot input is decoded once, straight from its JSON into the typed record every derivation reads
        KStream<String, ToolExecution> executions = builder.stream(topics.toolExecution.name(),
                        Consumed.with(topics.toolExecution.keySerde(), ToolExecutionDecoder.sourceSerde())
                                .withName("tool-executions-source"))
                .mapValues((tool, e) -> e == null || e.tool() != null ? e : e.withTool(tool),
                        Named.as("tool-executions-named"));
        KStream<String, Envelope> toolRegistrations = stream(builder, topics.toolRegistration, "tool-registrations");

        GlobalKTable<String, Envelope> toolRegistry = ToolRegistryStreams.table(builder, topics);
        ToolRegistryStreams.wireDiscoveries(topics, toolRegistrations, toolRegistry);
        // created first, registered (as a global store) after: the order of the nodes fixes the task ids
        LiveConfig live = new LiveConfig(config, inputs);
        HealthStreams.wire(config, live, topics, registryServices, lifecycle, errors, executions);
        ProxyCacheStreams.table(builder, topics);
        LiveConfig.table(builder, topics, live);
        KStream<String, Envelope> performance = PerformanceStreams.wire(config, live, topics, executions);
        // the topology's own health events, read back for flapping and co-failure detection
        KStream<String, Envelope> health = stream(builder, topics.intelligenceHealth, "intelligence-health");
        PatternStreams.wire(config, live, topics, executions, errors, lifecycle, health, performance);
        return builder.build();
    }

    /** The stream of {@code topic}; its source node is {@code <name>-source}. */
    private static <K, V> KStream<K, V> stream(StreamsBuilder builder, Topic<K, V> topic, String name) {
        return builder.stream(topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name + "-source"));
    }
}
