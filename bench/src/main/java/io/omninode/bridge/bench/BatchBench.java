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
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * settings (acks=all, idempotence, no compression by default, linger 2 ms, 64 KiB batches).
 */
@Command(name = "batch", description = "Batch ingest vs Kafka's ProducerPerformance with the same records.")
public final class BatchBench extends BenchCommand {

    static final String TOPIC = "hooks.tool_execution";
    /** The bridge's default {@code --application-id}, its consumer group. */
    private static final String APPLICATION_ID = "omninode-bridge";

    @Option(names = "--concurrency", defaultValue = "8", description = "Batches in flight (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Items per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--records", defaultValue = "1000000",
            description = "Records ProducerPerformance sends after its warm-up (default: ${DEFAULT-VALUE}).")
    private int records;

    @Override
    protected void run() throws Exception {
        Path dir = workDir("batch");
        List<byte[]> bodies = Workloads.batches(32, batchSize, 7);
        try (BridgeProcess bridge = BridgeProcess.embedded(root, dir.resolve("bridge"))) {
            Report.progress("starting the bridge (embedded Kafka) ...");
            bridge.awaitReady(Duration.ofSeconds(180));
            checkAccepted(bridge);
            double bridgeRate;
            try (LoadGenerator load = new LoadGenerator(concurrency)) {
                var calls = Workloads.cycle(bridge.url("/hooks/batch"), bodies);
                Report.progress("bridge: warm-up %d s (JIT %d s, then %d s)", jitWarmup().toSeconds() + warmupSeconds,
                        jitWarmup().toSeconds(), warmupSeconds);
                load.saturate(calls, concurrency, jitWarmup().plus(warmup()));
                Report.progress("bridge: %d batches of %d in flight, %d s", concurrency, batchSize, durationSeconds);
                Outcome outcome = IngestBench.checked("batch", load.saturate(calls, concurrency, duration()));
                bridgeRate = outcome.throughput() * batchSize;
                Report.progress("bridge: %.0f events/s (%.1f batches/s, p99 %.1f ms per batch)", bridgeRate,
                        outcome.throughput(), outcome.p99Millis());
            }
            awaitTopology(bridge.kafkaBootstrap());
            Path payload = dir.resolve("envelopes.txt");
            int lines = writeEnvelopes(bridge.kafkaBootstrap(), payload, 20_000);
            Report.progress("kafka: ProducerPerformance with %d envelopes the bridge wrote, %d records after %d warm-up",
                    lines, records, records / 5);
            double kafkaRate = ProducerPerformanceRun.run(root, bridge.kafkaBootstrap(), TOPIC, payload, records,
                    records / 5, -1, dir).recordsPerSecond();
            Report.progress("kafka: %.0f records/s", kafkaRate);
            report().row("batch", "events/s (batches of " + batchSize + ")", bridgeRate, kafkaRate, "events/s",
                    "≥ 60 % of ProducerPerformance", Report.met(bridgeRate >= 0.6 * kafkaRate));
        }
    }

    /**
     * Waits until the bridge's topology has processed every execution the bridge wrote, so that
     * ProducerPerformance does not share the cores with the rest of the bridge's backlog: how far
     * behind the topology was when the load stopped varied from run to run, and the baseline with it.
     */
    static void awaitTopology(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            GroupLag lag = new GroupLag(admin, APPLICATION_ID);
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            long lastProgress = start;
            long behind = lag.behind(TOPIC);
            while (behind > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topology is still " + behind + " executions behind after 10 min");
                }
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(3)) {
                    lastProgress = System.nanoTime();
                    Report.progress("bridge: topology %,d executions behind", behind);
                }
                Thread.sleep(250);
                behind = lag.behind(TOPIC);
            }
            Report.progress("bridge: topology caught up in %.1f s", (System.nanoTime() - start) / 1e9);
        }
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
