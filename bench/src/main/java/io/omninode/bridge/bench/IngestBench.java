package io.omninode.bridge.bench;

import io.omninode.bridge.bench.LoadGenerator.Call;
import io.omninode.bridge.bench.LoadGenerator.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Single-hook ingest: {@code POST /hooks/tool/execution} on the real bridge (validation,
 * envelope, durable write to Kafka with acks=all before the reply) against a trivial Javalin
 * route in a JVM with the same flags; saturation, fixed 1 000 req/s, and a sweep of fixed rates
 * plotted as latency versus load. The fixed rate's p99 is judged against the broker's own, as
 * DESIGN.md §8 sets it: Kafka's {@code ProducerPerformance} sends envelopes the bridge wrote at the
 * same rate with the bridge's producer settings, to the same broker while the bridge runs.
 */
@Command(name = "ingest", description = "Single-hook HTTP ingest vs a trivial Javalin route.")
public final class IngestBench extends BenchCommand {

    static final String ROUTE = "/hooks/tool/execution";
    /** DESIGN.md §8: at the fixed rate, the bridge's p99 within this much of the broker's own acks=all p99. */
    static final int P99_MARGIN_MS = 2;

    /** What runs between the saturation and the fixed rate. */
    private interface Settle {
        void run() throws Exception;
    }

    @Option(names = "--connections", defaultValue = "64",
            description = "Keep-alive connections, all busy at saturation (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--rate", defaultValue = "1000", description = "The fixed rate figure, req/s (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--sweep", split = ",", defaultValue = "250,500,1000,1500,2000,3000,5000,7500,10000,15000,20000",
            description = "Fixed rates for the latency-vs-load plot (default: ${DEFAULT-VALUE}).")
    private List<Integer> sweep;

    @Option(names = "--sweep-seconds", defaultValue = "8", description = "Seconds per sweep point (default: ${DEFAULT-VALUE}).")
    private int sweepSeconds;

    @Override
    protected void run() throws Exception {
        Path dir = workDir("ingest");
        List<byte[]> bodies = Workloads.toolExecutions(4096, 42);
        Plot plot = new Plot();
        Measured baseline;
        Measured bridge;
        int baselinePort = BridgeProcess.freePort();
        try (BridgeProcess server = BridgeProcess.benchMain(root, baselinePort, dir.resolve("baseline.log"),
                List.of("baseline-http", "--port", Integer.toString(baselinePort)))) {
            server.awaitReady(Duration.ofSeconds(60));
            baseline = measure("baseline", Workloads.cycle(server.url(ROUTE), bodies), plot, () -> { });
        }
        ProducerPerformanceRun.Summary broker;
        try (BridgeProcess server = BridgeProcess.embedded(root, dir.resolve("bridge"))) {
            Report.progress("starting the bridge (embedded Kafka) ...");
            server.awaitReady(Duration.ofSeconds(180));
            String bootstrap = server.kafkaBootstrap();
            bridge = measure("bridge", Workloads.cycle(server.url(ROUTE), bodies), plot,
                    () -> BatchBench.awaitTopology(bootstrap));
            Report.progress("bridge peak RSS %.0f MiB", server.peakRssBytes() / 1048576.0);
            broker = brokerAtFixedRate(bootstrap, dir);
        }
        Report report = report();
        report.row("ingest", "saturation throughput (" + connections + " conns)", bridge.saturation.throughput(),
                baseline.saturation.throughput(), "req/s", "≥ 50 % of baseline",
                Report.met(bridge.saturation.throughput() >= 0.5 * baseline.saturation.throughput()));
        report.row("ingest", "saturation p50", bridge.saturation.p50Millis(), baseline.saturation.p50Millis(), "ms", "",
                Report.Met.NA);
        report.row("ingest", "saturation p99", bridge.saturation.p99Millis(), baseline.saturation.p99Millis(), "ms",
                "≤ 25 ms", Report.met(bridge.saturation.p99Millis() <= 25));
        report.row("ingest", rate + " req/s p50", bridge.fixed.p50Millis(), baseline.fixed.p50Millis(), "ms", "",
                Report.Met.NA);
        report.row("ingest", rate + " req/s p99, trivial route as baseline", bridge.fixed.p99Millis(),
                baseline.fixed.p99Millis(), "ms", "", Report.Met.NA);
        report.row("ingest", rate + " req/s p99, ProducerPerformance (acks=all) as baseline", bridge.fixed.p99Millis(),
                broker.p99Millis(), "ms", "≤ broker p99 + " + P99_MARGIN_MS + " ms",
                Report.met(bridge.fixed.p99Millis() <= broker.p99Millis() + P99_MARGIN_MS));
        Path png = out.resolve("ingest-latency-" + RUN_STAMP + ".png");
        plot.write(png, "POST " + ROUTE + ": latency vs offered load (open loop, 2 cores)");
        Report.progress("plot written to %s", png);
    }

    /**
     * The broker's own latency for the same records at the same rate: {@code ProducerPerformance} sends
     * envelopes the bridge wrote to {@code hooks.tool_execution} at {@code --rate} with the bridge's
     * producer settings (acks=all), once the topology has caught up, as the bridge's fixed rate was
     * measured.
     */
    private ProducerPerformanceRun.Summary brokerAtFixedRate(String bootstrap, Path dir) throws Exception {
        BatchBench.awaitTopology(bootstrap);
        Path payload = dir.resolve("envelopes.txt");
        int lines = BatchBench.writeEnvelopes(bootstrap, payload, 20_000);
        Report.progress("kafka: ProducerPerformance at %d records/s with %d envelopes the bridge wrote, %d s after %d s",
                rate, lines, durationSeconds, warmupSeconds);
        ProducerPerformanceRun.Summary broker = ProducerPerformanceRun.run(root, bootstrap, BatchBench.TOPIC, payload,
                (long) rate * durationSeconds, (long) rate * warmupSeconds, rate, dir);
        Report.progress("kafka: %.0f records/s, p50 %d ms, p99 %d ms", broker.recordsPerSecond(), broker.p50Millis(),
                broker.p99Millis());
        return broker;
    }

    private record Measured(Outcome saturation, Outcome fixed) {
    }

    /**
     * Saturation, then {@code settle} (the bridge: until its topology has caught up with the saturation's
     * backlog), then the fixed rate and the sweep.
     */
    private Measured measure(String name, Supplier<Call> calls, Plot plot, Settle settle) throws Exception {
        try (LoadGenerator load = new LoadGenerator(connections)) {
            Report.progress("%s: warm-up %d s at saturation (JIT %d s, then %d s)", name,
                    jitWarmup().toSeconds() + warmupSeconds, jitWarmup().toSeconds(), warmupSeconds);
            load.saturate(calls, connections, jitWarmup().plus(warmup()));
            Report.progress("%s: saturation, %d connections, %d s", name, connections, durationSeconds);
            Outcome saturation = checked(name, load.saturate(calls, connections, duration()));
            Report.progress("%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms", name, saturation.throughput(),
                    saturation.p50Millis(), saturation.p99Millis());
            settle.run();
            Report.progress("%s: fixed %d req/s, %d s", name, rate, durationSeconds);
            Outcome fixed = checked(name, load.fixedRate(calls, rate, duration()));
            Report.progress("%s: p50 %.2f ms, p99 %.2f ms", name, fixed.p50Millis(), fixed.p99Millis());
            for (int perSecond : sweep) {
                Outcome point = load.fixedRate(calls, perSecond, Duration.ofSeconds(sweepSeconds));
                Report.progress("%s: sweep %d req/s -> %.0f ok/s, p50 %.2f ms, p99 %.2f ms, %d failed%s", name, perSecond,
                        point.throughput(), point.p50Millis(), point.p99Millis(), point.failed(),
                        point.failed() > 0 ? " (first: " + point.firstFailure() + ")" : "");
                if (point.ok() > 0) {
                    plot.add(name + " p50", perSecond, point.p50Millis());
                    plot.add(name + " p99", perSecond, point.p99Millis());
                }
                if (point.throughput() < 0.9 * perSecond) {
                    Report.progress("%s: saturated at %d req/s; sweep stops", name, perSecond);
                    break;
                }
            }
            return new Measured(saturation, fixed);
        }
    }

    /** A benchmark whose requests fail measures nothing: stop with the first failure. */
    static Outcome checked(String name, Outcome outcome) {
        if (outcome.failed() > 0) {
            throw new IllegalStateException(name + ": " + outcome.failed() + " of " + (outcome.ok() + outcome.failed())
                    + " requests failed, first: " + outcome.firstFailure());
        }
        return outcome;
    }
}
