package io.omninode.bridge.bench;

import io.omninode.bridge.app.kafka.EmbeddedKafka;
import io.omninode.bridge.app.kafka.KafkaClients;
import io.omninode.bridge.app.kafka.TopicProvisioner;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import io.omninode.bridge.topology.BridgeStreamsConfig;
import io.omninode.bridge.topology.BridgeTopology;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DESIGN.md §8 topology goal: an in-process KRaft broker, {@code hooks.tool_execution} pre-filled
 * with {@code --events} executions ({@link ToolExecutionFeed}), then drained twice from the
 * beginning:
 * <ul>
 *   <li>baseline: a plain {@code read_committed} consumer (partitions assigned, no group) that
 *       only parses each value with {@code Json.MAPPER.readTree} — run before and after the
 *       bridge, the faster run counts;</li>
 *   <li>bridge: the full {@link BridgeTopology} with the production {@link BridgeStreamsConfig}
 *       (exactly-once v2), a fresh application id and state dir, timed from {@code start()}
 *       until the group's committed offsets on {@code hooks.tool_execution} reach the end
 *       offsets, and again until its repartition topics (health by executor, error signatures,
 *       tool sequences, pattern observations) are drained too; and, for the rate without the
 *       start-up, from the first poll that sees the state {@code RUNNING} until the input is committed.</li>
 * </ul>
 * The warm-up drains {@code --warmup-events} (200 000) executions the same two ways on a second set of
 * topics (prefix {@code warmup.}) and another application id, so both measured drains run
 * JIT-compiled code. {@code --duration} and {@code --warmup} do not apply: a drain has a fixed size.
 */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Tool executions/s through the whole topology (EOS) vs a parse-only consumer.")
public final class TopologyBench extends BenchCommand {

    static final String GOAL = "≥ 30 000/s and ≥ 40 % of parse-only";
    private static final double GOAL_RATE = 30_000;
    private static final double GOAL_RATIO = 0.4;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long SEED = 20261126L;
    private static final double SETTLED_JIT_SHARE = 0.10;

    @Option(names = "--events", paramLabel = "N", defaultValue = "300000",
            description = "Executions pre-filled and drained (default: ${DEFAULT-VALUE}).")
    private int events;

    @Option(names = "--warmup-events", paramLabel = "N", defaultValue = "200000",
            description = "Executions of the warm-up drain, 0 for none (default: ${DEFAULT-VALUE}: with fewer, the"
                    + " JIT compilers still take a third of a core during the measured drain).")
    private int warmupEvents;

    @Option(names = "--rocksdb-memory-bytes", paramLabel = "BYTES", defaultValue = "67108864",
            description = "RocksDB memory budget, as the bridge's option of that name (default: ${DEFAULT-VALUE}).")
    private long rocksDbMemoryBytes;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "" + BridgeStreamsConfig.COMMIT_INTERVAL_MS,
            description = "Streams commit interval (default: the bridge's, ${DEFAULT-VALUE}); a knob to see what EOS commits cost.")
    private long commitIntervalMs;

    @Option(names = "--warmup-rounds", paramLabel = "N", defaultValue = "12",
            description = "At most this many warm-up drains; they stop early once the JIT compilers take under a"
                    + " tenth of a drain (default: ${DEFAULT-VALUE}: on two cores the one C2 thread was still busy"
                    + " 80 % of the fourth drain and 20-45 % of the sixth to tenth).")
    private int warmupRounds;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "" + BridgeStreamsConfig.STREAM_THREADS,
            description = "Streams threads (default: the bridge's, ${DEFAULT-VALUE}).")
    private int streamThreads;

    @Override
    protected void run() throws Exception {
        Path work = workDir("topology");
        int[] ports = BridgeProcess.freePorts(2);
        try (EmbeddedKafka kafka = new EmbeddedKafka(work, ports[0], ports[1]).start();
             Admin admin = KafkaClients.admin(kafka.bootstrapServers(), "bench-topology", Duration.ofSeconds(30))) {
            String bootstrap = kafka.bootstrapServers();
            Report.progress("topology: embedded Kafka on %s, data in %s", bootstrap, work);
            if (warmupEvents > 0) {
                Topics warm = prefilled(admin, bootstrap, TopicsConfig.withPrefix("warmup."), warmupEvents);
                parseOnly(bootstrap, warm, warmupEvents);
                // the broker, clients and Streams are a lot of hot code for one C2 thread (2 cores): drain again
                // until the JIT compilers take under a tenth of the drain, or the rounds run out
                for (int round = 1; round <= warmupRounds; round++) {
                    Jit jit = Jit.now();
                    bridge(admin, bootstrap, warm, "bench-warmup-" + round, work, warmupEvents);
                    double share = jit.share();
                    Report.progress("topology: warm-up round %d: JIT compilers busy %.0f %% of the drain", round,
                            100 * share);
                    if (share < SETTLED_JIT_SHARE) {
                        break;
                    }
                }
                Report.progress("topology: warm-up done");
            }
            Topics topics = prefilled(admin, bootstrap, TopicsConfig.DEFAULT, events);
            double before = parseOnly(bootstrap, topics, events);
            Jit jit = Jit.now();
            Drain bridge = bridge(admin, bootstrap, topics, "bench-topology", work, events);
            Report.progress("topology: JIT compilers busy %.0f %% of the measured drain", 100 * jit.share());
            double after = parseOnly(bootstrap, topics, events);
            double baseline = Math.max(before, after);
            report().row("topology", "tool executions/s, input committed (EOS)", bridge.inputRate(), baseline,
                    "/s", GOAL, Report.met(bridge.inputRate() >= GOAL_RATE && bridge.inputRate() >= GOAL_RATIO * baseline));
            report().row("topology", "tool executions/s, all repartitions drained", bridge.allRate(), baseline,
                    "/s", GOAL, Report.met(bridge.allRate() >= GOAL_RATE && bridge.allRate() >= GOAL_RATIO * baseline));
            // the same drain without the fixed start-up (group join, task assignment: about 2 s however large the
            // backlog), so that a figure of throughput is not one of start-up time
            report().row("topology", "tool executions/s once RUNNING, input committed (EOS)", bridge.runningRate(),
                    baseline, "/s", GOAL, Report.met(bridge.runningRate() >= GOAL_RATE
                            && bridge.runningRate() >= GOAL_RATIO * baseline));
        }
    }

    private static Topics prefilled(Admin admin, String bootstrap, TopicsConfig config, int count)
            throws InterruptedException {
        Topics topics = new Topics(config);
        TopicProvisioner.ensureTopics(admin, topics);
        long start = System.nanoTime();
        ToolExecutionFeed.prefill(bootstrap, topics, count, SEED);
        Report.progress("topology: %,d executions written to %s in %.1f s", count, topics.toolExecution.name(),
                seconds(start));
        return topics;
    }

    /** Events/s of a consumer that reads every record of {@code hooks.tool_execution} and parses its value. */
    private static double parseOnly(String bootstrap, Topics topics, int count) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-parse-only");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long start = System.nanoTime();
        long read = 0;
        long fields = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.toolExecution.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read < count) {
                requireWithin(start, "the parse-only consumer");
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    fields += Json.MAPPER.readTree(record.value()).size();
                    read++;
                }
            }
        }
        double rate = read / seconds(start);
        Report.progress("topology: parse-only consumer read %,d records (%,d top-level fields) at %,.0f/s",
                read, fields, rate);
        return rate;
    }

    /** Runs the topology over {@code topics} from the beginning until it has drained {@code count} executions. */
    private Drain bridge(Admin admin, String bootstrap, Topics topics, String applicationId, Path work, int count)
            throws Exception {
        Properties props = BridgeStreamsConfig.properties(applicationId, bootstrap,
                work.resolve("streams-" + applicationId), null, topics, rocksDbMemoryBytes);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        GroupLag lag = new GroupLag(admin, applicationId);
        String input = topics.toolExecution.name();
        try (KafkaStreams streams = new KafkaStreams(BridgeTopology.build(TopologyConfig.DEFAULTS, topics), props)) {
            streams.cleanUp();
            long start = System.nanoTime();
            streams.start();
            long behind = count;
            long lastProgress = start;
            double runningSeconds = Double.NaN;
            while (behind > 0) {
                Thread.sleep(POLL.toMillis());
                requireWithin(start, "the topology");
                requireRunning(streams);
                if (Double.isNaN(runningSeconds) && streams.state() == KafkaStreams.State.RUNNING) {
                    runningSeconds = seconds(start);
                }
                behind = lag.behind(input);
                if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                    lastProgress = System.nanoTime();
                    Report.progress("topology: %s %s, %,d of %,d executions committed after %.1f s", applicationId,
                            streams.state(), count - behind, count, seconds(start));
                }
            }
            double inputSeconds = seconds(start);
            if (Double.isNaN(runningSeconds)) {
                runningSeconds = 0; // drained before a poll saw RUNNING: count from start()
            }
            Map<TopicPartition, Long> repartitionBehind;
            while (!(repartitionBehind = lag.behindOnRepartitionTopics()).isEmpty()) {
                requireWithin(start, "the topology's repartition topics");
                requireRunning(streams);
                if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                    lastProgress = System.nanoTime();
                    Report.progress("topology: %s, records behind on repartition topics: %s", applicationId,
                            repartitionBehind);
                }
                Thread.sleep(POLL.toMillis());
            }
            double allSeconds = seconds(start);
            Drain drain = new Drain(count / inputSeconds, count / allSeconds, count / (inputSeconds - runningSeconds));
            Report.progress("topology: %s drained %,d executions: RUNNING after %.1f s, input committed in %.1f s "
                    + "(%,.0f/s; %,.0f/s once RUNNING), all repartitions in %.1f s (%,.0f/s)", applicationId, count,
                    runningSeconds, inputSeconds, drain.inputRate(), drain.runningRate(), allSeconds, drain.allRate());
            streams.close(Duration.ofSeconds(30));
            return drain;
        }
    }

    /** Executions/s until the input was committed and until the repartitions were drained, from {@code start()};
     * and until the input was committed from the state RUNNING on. */
    private record Drain(double inputRate, double allRate, double runningRate) {
    }

    /** Compilation time of the JIT compilers (summed over their threads) since {@link #now()}, as a share of wall time. */
    private record Jit(long compileMillis, long startNanos) {

        static Jit now() {
            return new Jit(ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), System.nanoTime());
        }

        double share() {
            long compiled = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileMillis;
            return compiled / ((System.nanoTime() - startNanos) / 1e6);
        }
    }

    private static void requireRunning(KafkaStreams streams) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("Kafka Streams stopped: " + streams.state());
        }
    }

    private static void requireWithin(long startNanos, String what) {
        if (System.nanoTime() - startNanos > DRAIN_TIMEOUT.toNanos()) {
            throw new IllegalStateException(what + " did not finish within " + DRAIN_TIMEOUT);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
