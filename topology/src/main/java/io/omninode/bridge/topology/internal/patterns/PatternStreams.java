package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.BridgeSerdes;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.patterns.PatternState;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Wires the pattern detectors (DESIGN.md §6). Each detector keeps its own state, keyed so that its
 * subject lives on one partition, and sends {@link PatternObservation}s keyed by pattern id; these
 * are repartitioned ({@code patterns-observations-by-id}, as many partitions as
 * {@code intelligence.patterns}) into the {@link PatternLifecycleProcessor}, which owns the
 * {@code patterns} store and writes {@code intelligence.patterns}.
 *
 * <p>Keying: {@code error_burst}/{@code latency_regression} per tool (performance events, no
 * repartition); {@code recurring_error} per signature ({@code patterns-errors-by-signature});
 * {@code flapping_service} per service ({@code intelligence.health} as read);
 * {@code startup_regression} per service ({@code hooks.service_lifecycle} as read);
 * {@code tool_sequence} and {@code co_failure} need a global view and are repartitioned to a single
 * key on one partition ({@code patterns-tool-sequence-global}, {@code patterns-co-failure-global}):
 * they run on one thread of one instance, which bounds them to one core's throughput (tool
 * sequences see every execution with a session id); sharding them would need a two-stage
 * aggregation (per-session pairs, then global counts).
 */
public final class PatternStreams {

    /** The one key of the globally keyed detectors' repartition topics. */
    static final String GLOBAL_KEY = "all";

    private PatternStreams() {
    }

    public static void wire(TopologyConfig config, Topics topics, KStream<String, Envelope> executions,
                            KStream<String, Envelope> errors, KStream<String, Envelope> lifecycle,
                            KStream<String, Envelope> health, KStream<String, Envelope> performance) {
        Duration tick = config.punctuationInterval();
        Serde<PatternObservation> observations = BridgeSerdes.jsonSerde(PatternObservation.class);

        KStream<String, PatternObservation> tool = performance.process(
                new DetectorSupplier<>(ToolPatternDetector::new, ToolPatternDetector.STORE, ToolPatternState.class),
                Named.as("patterns-tool-detector"));

        KStream<String, PatternObservation> recurring = executions
                .merge(errors, Named.as("patterns-merge-errors"))
                .flatMap((key, event) -> ErrorSignatures.bySignature(event), Named.as("patterns-key-by-signature"))
                .repartition(envelopes("patterns-errors-by-signature", topics.errors, 0))
                .process(new DetectorSupplier<>(() -> new RecurringErrorDetector(tick), RecurringErrorDetector.STORE,
                        TimedSubject.class), Named.as("patterns-recurring-error-detector"));

        // proxied executions arrive keyed by tool: input repetition needs no repartition
        KStream<String, PatternObservation> retryStorms = executions.process(
                new DetectorSupplier<>(() -> new RetryStormDetector(tick), RetryStormDetector.STORE, TimedSubject.class),
                Named.as("patterns-retry-storm-detector"));
        KStream<String, PatternObservation> cacheOpportunities = executions.process(
                new DetectorSupplier<>(() -> new CacheOpportunityDetector(tick), CacheOpportunityDetector.STORE,
                        TimedSubject.class), Named.as("patterns-cache-opportunity-detector"));

        KStream<String, PatternObservation> flapping = health.process(
                new DetectorSupplier<>(() -> new FlappingDetector(tick), FlappingDetector.STORE, TimedSubject.class),
                Named.as("patterns-flapping-detector"));

        KStream<String, PatternObservation> startup = lifecycle.process(
                new DetectorSupplier<>(StartupRegressionDetector::new, StartupRegressionDetector.STORE,
                        StartupRegressionDetector.Versions.class),
                Named.as("patterns-startup-detector"));

        // global views: everything on one key, one partition
        KStream<String, PatternObservation> sequences = executions
                .filter((key, event) -> ToolSequenceDetector.sessionOf(event) != null,
                        Named.as("patterns-session-executions"))
                .selectKey((key, event) -> GLOBAL_KEY, Named.as("patterns-tool-sequence-key"))
                .repartition(envelopes("patterns-tool-sequence-global", topics.toolExecution, 1))
                .process(new DetectorSupplier<>(() -> new ToolSequenceDetector(tick), ToolSequenceDetector.STORE,
                        ToolSequenceDetector.SequenceEntry.class), Named.as("patterns-tool-sequence-detector"));

        KStream<String, PatternObservation> coFailures = health
                .filter((service, event) -> CoFailureDetector.turnedUnhealthy(event),
                        Named.as("patterns-unhealthy-turns"))
                .selectKey((service, event) -> GLOBAL_KEY, Named.as("patterns-co-failure-key"))
                .repartition(envelopes("patterns-co-failure-global", topics.intelligenceHealth, 1))
                .process(new DetectorSupplier<>(() -> new CoFailureDetector(tick), CoFailureDetector.STORE,
                        TimedSubject.class), Named.as("patterns-co-failure-detector"));

        Topic<String, Envelope> out = topics.intelligencePatterns;
        tool.merge(recurring, Named.as("patterns-merge-recurring"))
                .merge(flapping, Named.as("patterns-merge-flapping"))
                .merge(startup, Named.as("patterns-merge-startup"))
                .merge(sequences, Named.as("patterns-merge-sequences"))
                .merge(coFailures, Named.as("patterns-merge-co-failures"))
                .merge(retryStorms, Named.as("patterns-merge-retry-storms"))
                .merge(cacheOpportunities, Named.as("patterns-merge-cache-opportunities"))
                .repartition(Repartitioned.<String, PatternObservation>as("patterns-observations-by-id")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(observations)
                        .withNumberOfPartitions(out.partitions()))
                .process(new DetectorSupplier<>(PatternLifecycleProcessor::new, StoreNames.PATTERNS,
                        PatternState.class), Named.as("patterns-lifecycle-processor"))
                .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("intelligence-patterns-sink"));
    }

    /** Repartitioning of envelopes; {@code partitions} 0 keeps the default (the source's count). */
    static Repartitioned<String, Envelope> envelopes(String name, Topic<String, Envelope> like, int partitions) {
        Repartitioned<String, Envelope> repartitioned = Repartitioned.<String, Envelope>as(name)
                .withKeySerde(like.keySerde())
                .withValueSerde(like.valueSerde());
        return partitions > 0 ? repartitioned.withNumberOfPartitions(partitions) : repartitioned;
    }
}
