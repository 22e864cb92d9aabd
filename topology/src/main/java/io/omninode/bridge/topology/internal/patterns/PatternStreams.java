package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import io.omninode.bridge.topology.patterns.PatternState;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Wires the pattern detectors (DESIGN.md §6). Each detector runs in the sub-topology of its own
 * input, keeps its own state keyed so that its subject lives on one partition, and sends
 * {@link PatternObservation}s keyed by pattern id through a repartition topic of its own
 * ({@code patterns-<detector>-observations}, as many partitions as {@code intelligence.patterns});
 * only after those topics are the observations merged, into the {@link PatternLifecycleProcessor},
 * which owns the {@code patterns} store and writes {@code intelligence.patterns}. So no task reads
 * unrelated source topics, and no topic that is ahead in event time makes another's records late.
 *
 * <p>Keying: {@code error_burst}/{@code latency_regression} per tool (performance events, no
 * repartition); {@code retry_storm}/{@code cache_opportunity} per tool (executions as read);
 * {@code recurring_error} per signature (failed executions and critical error hooks, each
 * repartitioned to {@code patterns-tool-errors-by-signature} / {@code patterns-service-errors-by-signature}
 * with the same partition count); {@code flapping_service} per service ({@code intelligence.health}
 * as read); {@code startup_regression} per service ({@code hooks.service_lifecycle} as read);
 * {@code tool_sequence} in two stages, per session (batches of steps per partition on
 * {@code patterns-tool-sequence-steps}) then
 * per first tool ({@code patterns-tool-sequence-by-tool}); {@code co_failure} compares every pair of
 * services and reads the (rare) unhealthy turns on one key ({@code patterns-co-failure-global}).
 * Every internal topic carries typed binary records ({@link InternalSerdes}).
 */
public final class PatternStreams {

    /** The one key of the co-failure repartition topic. */
    static final String GLOBAL_KEY = "all";
    private static final Serde<PatternObservation> OBSERVATIONS = InternalSerdes.smile(PatternObservation.class);

    private PatternStreams() {
    }

    public static void wire(TopologyConfig config, LiveConfig live, Topics topics,
                            KStream<String, ToolExecution> executions, KStream<String, Envelope> errors,
                            KStream<String, Envelope> lifecycle, KStream<String, Envelope> health,
                            KStream<String, Envelope> performance) {
        Duration tick = config.punctuationInterval();
        int observationPartitions = topics.intelligencePatterns.partitions();
        int signaturePartitions = topics.toolExecution.partitions();
        int sessionPartitions = topics.toolExecution.partitions();

        KStream<String, PatternObservation> tool = observations(performance.process(
                new DetectorSupplier<>(ToolPatternDetector::new, ToolPatternDetector.STORE, ToolPatternState.class,
                        live), Named.as("patterns-tool-detector")), "tool", observationPartitions);

        KStream<String, ErrorOccurrence> toolErrors = executions
                .flatMap((key, e) -> ErrorSignatures.of(e), Named.as("patterns-tool-errors-key-by-signature"))
                .repartition(Repartitioned.<String, ErrorOccurrence>as("patterns-tool-errors-by-signature")
                        .withKeySerde(Serdes.String()).withValueSerde(ErrorOccurrence.SERDE)
                        .withNumberOfPartitions(signaturePartitions));
        KStream<String, ErrorOccurrence> serviceErrors = errors
                .flatMap((key, e) -> ErrorSignatures.of(e), Named.as("patterns-service-errors-key-by-signature"))
                .repartition(Repartitioned.<String, ErrorOccurrence>as("patterns-service-errors-by-signature")
                        .withKeySerde(Serdes.String()).withValueSerde(ErrorOccurrence.SERDE)
                        .withNumberOfPartitions(signaturePartitions));
        KStream<String, PatternObservation> recurring = observations(toolErrors
                .merge(serviceErrors, Named.as("patterns-merge-error-signatures"))
                .process(new DetectorSupplier<>(() -> new RecurringErrorDetector(tick), RecurringErrorDetector.STORE,
                        TimedSubject.class, live, true), Named.as("patterns-recurring-error-detector")),
                "recurring-error", observationPartitions);

        // proxied executions arrive keyed by tool: input repetition needs no repartition
        KStream<String, PatternObservation> retryStorms = observations(executions.process(
                new DetectorSupplier<>(() -> new RetryStormDetector(tick), RetryStormDetector.STORE,
                        TimedSubject.class, live, true), Named.as("patterns-retry-storm-detector")),
                "retry-storm", observationPartitions);
        KStream<String, PatternObservation> cacheOpportunities = observations(executions.process(
                new DetectorSupplier<>(() -> new CacheOpportunityDetector(tick), CacheOpportunityDetector.STORE,
                        TimedSubject.class, live, true), Named.as("patterns-cache-opportunity-detector")),
                "cache-opportunity", observationPartitions);

        KStream<String, PatternObservation> flapping = observations(health.process(
                new DetectorSupplier<>(() -> new FlappingDetector(tick), FlappingDetector.STORE, TimedSubject.class,
                        live, true), Named.as("patterns-flapping-detector")), "flapping", observationPartitions);

        KStream<String, PatternObservation> startup = observations(lifecycle.process(
                new DetectorSupplier<>(StartupRegressionDetector::new, StartupRegressionDetector.STORE,
                        StartupRegressionDetector.Versions.class, live),
                Named.as("patterns-startup-detector")), "startup", observationPartitions);

        // tool sequences: per session, then per first tool
        KStream<String, PatternObservation> sequences = observations(executions
                .process(SessionSteps.supplier(sessionPartitions), Named.as("patterns-session-steps"))
                .repartition(Repartitioned.<String, SessionSteps.Batch>as("patterns-tool-sequence-steps")
                        .withKeySerde(Serdes.String()).withValueSerde(SessionSteps.Batch.SERDE)
                        .withStreamPartitioner(SessionSteps.Batch.PARTITIONER)
                        .withNumberOfPartitions(sessionPartitions))
                .process(ToolSessions.supplier(live), Named.as("patterns-tool-sessions"))
                .repartition(Repartitioned.<String, ToolSessions.Count>as("patterns-tool-sequence-by-tool")
                        .withKeySerde(Serdes.String()).withValueSerde(ToolSessions.Count.SERDE))
                .process(new DetectorSupplier<>(ToolSequenceDetector::new, ToolSequenceDetector.STORE,
                        ToolSequenceDetector.SequenceEntry.class, live, true), Named.as("patterns-tool-sequence-detector")),
                "tool-sequence", observationPartitions);

        KStream<String, PatternObservation> coFailures = observations(health
                .flatMapValues(event -> {
                    CoFailureDetector.UnhealthyTurn turn = CoFailureDetector.turnOf(event);
                    return turn == null ? List.of() : List.of(turn);
                }, Named.as("patterns-unhealthy-turns"))
                .selectKey((service, turn) -> GLOBAL_KEY, Named.as("patterns-co-failure-key"))
                .repartition(Repartitioned.<String, CoFailureDetector.UnhealthyTurn>as("patterns-co-failure-global")
                        .withKeySerde(Serdes.String()).withValueSerde(CoFailureDetector.UnhealthyTurn.SERDE)
                        .withNumberOfPartitions(1))
                .process(new DetectorSupplier<>(() -> new CoFailureDetector(tick), CoFailureDetector.STORE,
                        TimedSubject.class, live), Named.as("patterns-co-failure-detector")),
                "co-failure", observationPartitions);

        Topic<String, Envelope> out = topics.intelligencePatterns;
        tool.merge(recurring, Named.as("patterns-merge-recurring"))
                .merge(flapping, Named.as("patterns-merge-flapping"))
                .merge(startup, Named.as("patterns-merge-startup"))
                .merge(sequences, Named.as("patterns-merge-sequences"))
                .merge(coFailures, Named.as("patterns-merge-co-failures"))
                .merge(retryStorms, Named.as("patterns-merge-retry-storms"))
                .merge(cacheOpportunities, Named.as("patterns-merge-cache-opportunities"))
                .process(new DetectorSupplier<>(() -> new PatternLifecycleProcessor(live), StoreNames.PATTERNS,
                        PatternState.class, live), Named.as("patterns-lifecycle-processor"))
                .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("intelligence-patterns-sink"));
    }

    /** A detector's observations through its own repartition topic, keyed by pattern id. */
    private static KStream<String, PatternObservation> observations(KStream<String, PatternObservation> detected,
                                                                   String detector, int partitions) {
        return detected.repartition(Repartitioned.<String, PatternObservation>as("patterns-" + detector + "-observations")
                .withKeySerde(Serdes.String())
                .withValueSerde(OBSERVATIONS)
                .withNumberOfPartitions(partitions));
    }
}
