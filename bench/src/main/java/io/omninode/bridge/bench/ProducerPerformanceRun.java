package io.omninode.bridge.bench;

import io.omninode.bridge.ingest.kafka.EventPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code ProducerPerformance}, run in a child JVM with the bridge's JVM flags and
 * producer settings ({@link EventPublisher#producerConfig}: acks=all, idempotence, linger 2 ms,
 * 64 KiB batches), writing a payload file of envelopes the bridge wrote: the broker-only baseline
 * of the batch benchmark (as fast as it goes) and of the ingest benchmark's fixed rate (its p99).
 */
final class ProducerPerformanceRun {

    /** The final summary lines, the steady-state one (after {@code --warmup-records}) included. */
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) (steady state )?records sent, ([0-9.]+) records/sec"
            + ".*?(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    /** What one run reported: records/s and send-to-acknowledgement latencies (whole milliseconds). */
    record Summary(double recordsPerSecond, int p50Millis, int p99Millis) {
    }

    private ProducerPerformanceRun() {
    }

    /**
     * Sends {@code warmupRecords} and then {@code records} more envelopes of {@code payload} to
     * {@code topic}, at {@code perSecond} records/s ({@code -1}: as fast as it goes).
     *
     * @return the steady-state summary (after the warm-up records)
     */
    static Summary run(Path root, String bootstrap, String topic, Path payload, long records, long warmupRecords,
                       int perSecond, Path dir) throws IOException, InterruptedException {
        Properties producer = new Properties();
        EventPublisher.producerConfig(bootstrap, "bench-producer-performance")
                .forEach((key, value) -> producer.setProperty(key.toString(), String.valueOf(value)));
        Path config = dir.resolve("producer.properties");
        try (var writer = Files.newBufferedWriter(config)) {
            producer.store(writer, "the bridge's producer settings (EventPublisher.producerConfig)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BridgeProcess.JVM_FLAGS);
        command.addAll(List.of("-cp", root.resolve("bench/target/bridge-bench.jar").toString(),
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Long.toString(records + warmupRecords), "--warmup-records", Long.toString(warmupRecords),
                "--throughput", Integer.toString(perSecond), "--payload-file", payload.toString(),
                "--bootstrap-server", bootstrap, "--command-config", config.toString()));
        Path log = dir.resolve("producer-performance-" + (perSecond < 0 ? "max" : perSecond) + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("ProducerPerformance did not finish; see " + log);
        }
        Optional<Summary> summary = steadyState(Files.readAllLines(log));
        if (process.exitValue() != 0 || summary.isEmpty()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "ProducerPerformance failed (exit %d); see %s", process.exitValue(), log));
        }
        return summary.get();
    }

    /** The steady-state summary of {@code ProducerPerformance}'s output, or its only summary without a warm-up. */
    static Optional<Summary> steadyState(List<String> lines) {
        Summary found = null;
        boolean steady = false;
        for (String line : lines) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find() && (m.group(2) != null || !steady)) {
                steady = m.group(2) != null;
                found = new Summary(Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(6)));
            }
        }
        return Optional.ofNullable(found);
    }
}
