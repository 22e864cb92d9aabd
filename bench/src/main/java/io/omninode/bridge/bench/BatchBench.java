package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.bench.LoadGenerator.Outcome;
import io.omninode.bridge.schemas.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Batch ingest: {@code POST /hooks/batch} with 1 000 tool executions per request against Kafka's
 * own {@code ProducerPerformance} writing the very envelopes the bridge wrote (read back from
 * {@code hooks.tool_execution}) to the same topic of the same broker, with the bridge's producer
 * settings (acks=all, idempotence, no compression by default, linger 2 ms, 64 KiB batches), in
 * {@link Rounds} (the same {@code ProducerPerformance} gave 43-113k records/s from run to run).
 */
@Command(name = "batch", description = "Batch ingest vs Kafka's ProducerPerformance with the same records.")
public final class BatchBench extends BenchCommand {

    static final String TOPIC = "hooks.tool_execution";
    /** The bridge's default {@code --application-id}, its consumer group. */

    @Option(names = "--concurrency", defaultValue = "8", description = "Batches in flight (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Items per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--records", defaultValue = "1000000",
            description = "Records ProducerPerformance sends in each round after its warm-up of a fifth as many "
                    + "(default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Rounds, each one --duration slice of the bridge and one ProducerPerformance run, in turns "
                    + "(default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Override
    protected void run() throws Exception {
        Rounds inTurns = new Rounds(rounds);
        Path dir = workDir("batch");
        List<byte[]> bodies = Workloads.batches(32, batchSize, 7);
        try (BridgeProcess bridge = BridgeProcess.embedded(root, dir.resolve("bridge"));
             LoadGenerator load = new LoadGenerator(concurrency)) {
            Report.progress("starting the bridge (embedded Kafka) ...");
            bridge.awaitReady(Duration.ofSeconds(180));
            checkAccepted(bridge);
            String bootstrap = bridge.kafkaBootstrap();
            var calls = Workloads.cycle(bridge.url("/hooks/batch"), bodies);
            Report.progress("bridge: warm-up %d s (JIT %d s, then %d s)", jitWarmup().toSeconds() + warmupSeconds,
                    jitWarmup().toSeconds(), warmupSeconds);
            load.saturate(calls, concurrency, jitWarmup().plus(warmup()));
            GroupLag.awaitBridgeTopology(bootstrap, TOPIC);
            Path payload = dir.resolve("envelopes.txt");
            int lines = writeEnvelopes(bootstrap, payload, 20_000);
            Report.progress("kafka: ProducerPerformance with %d envelopes the bridge wrote, %d records after %d warm-up"
                    + " per round", lines, records, records / 5);
            List<Double> bridgeRates = new ArrayList<>();
            List<Double> kafkaRates = new ArrayList<>();
            // each side followed by the topology catching up with what it wrote (ProducerPerformance writes to
            // the topic the topology reads), so that neither shares the cores with the other's backlog
            List<Double> ratios = inTurns.ratios(round -> {
                double rate = bridgeSlice(load, calls, round);
                bridgeRates.add(rate);
                GroupLag.awaitBridgeTopology(bootstrap, TOPIC);
                return rate;
            }, round -> {
                double rate = kafkaRun(bootstrap, payload, dir, round);
                kafkaRates.add(rate);
                GroupLag.awaitBridgeTopology(bootstrap, TOPIC);
                return rate;
            });
            double ratio = Rounds.median(ratios);
            report().row("batch", "events/s (batches of " + batchSize + "), median of " + rounds + " rounds",
                    Rounds.median(bridgeRates), Rounds.median(kafkaRates), "events/s", "", Report.Met.NA);
            report().row("batch", "events/s, median of the rounds' ratios", ratio, Double.NaN, "",
                    "≥ 0.60 of ProducerPerformance", Report.met(ratio >= 0.6));
        }
    }

    /** One saturation slice of {@code --duration} on the bridge: events per second. */
    private double bridgeSlice(LoadGenerator load, Supplier<LoadGenerator.Call> calls, int round) {
        Outcome outcome = IngestBench.checked("batch", load.saturate(calls, concurrency, duration()));
        double rate = outcome.throughput() * batchSize;
        Report.progress("round %d, bridge: %.0f events/s (%.1f batches/s, p99 %.1f ms per batch)", round, rate,
                outcome.throughput(), outcome.p99Millis());
        return rate;
    }

    /** One {@code ProducerPerformance} run of the bridge's envelopes: its steady-state records per second. */
    private double kafkaRun(String bootstrap, Path payload, Path dir, int round) throws Exception {
        double rate = ProducerPerformanceRun.run(root, bootstrap, TOPIC, payload, records, records / 5, -1, dir)
                .recordsPerSecond();
        Report.progress("round %d, kafka: %.0f records/s", round, rate);
        return rate;
    }

    /** One batch through the bridge must be accepted whole, or the benchmark measures rejections. */
    private void checkAccepted(BridgeProcess bridge) throws IOException {
        JsonNode batch = Json.MAPPER.readTree(Workloads.batches(1, batchSize, 1).get(0));
        ApiClient.Reply reply = new ApiClient().post(bridge.url("/hooks/batch"), batch);
        if (!reply.ok() || reply.data().path("accepted").asInt() != batchSize) {
            throw new IllegalStateException("a batch was not accepted whole: HTTP " + reply.status() + " " + reply.text());
        }
    }

    /** Reads {@code count} envelopes the bridge wrote, one JSON document per line. */
    static int writeEnvelopes(String bootstrap, Path file, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int written = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (written < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (written < count && value.indexOf('\n') < 0) {
                        out.write(value);
                        out.newLine();
                        written++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (written == 0) {
            throw new IllegalStateException("no envelope found in " + TOPIC);
        }
        return written;
    }
}
