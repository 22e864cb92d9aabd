package io.omninode.bridge.bench;

import io.omninode.bridge.bench.LoadGenerator.Call;
import io.omninode.bridge.bench.LoadGenerator.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Single-hook ingest: {@code POST /hooks/tool/execution} on the real bridge (validation,
 * envelope, durable write to Kafka with acks=all before the reply) against a trivial Javalin
 * route in a JVM with the same flags; saturation, fixed 1 000 req/s, and a sweep of fixed rates
 * plotted as latency versus load. Both servers run side by side and the saturation is measured in
 * {@link Rounds} (the same trivial route cost 38 µs of CPU per request in one run and 60 µs in the
 * next). The fixed rate's p99 is judged against the broker's own, as DESIGN.md §8 sets it: Kafka's
 * {@code ProducerPerformance} sends envelopes the bridge wrote at the same rate with the bridge's
 * producer settings, to the same broker while the bridge runs. At saturation it also reports the CPU
 * each request cost the server's process and the load generator, which share the two cores: the rates'
 * ratio follows from those sums, and so does what a goal needs of the bridge.
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

    @Option(names = "--rounds", defaultValue = "5",
            description = "Saturation rounds, each one slice of --duration on either server, in turns (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Override
    protected void run() throws Exception {
        Rounds inTurns = new Rounds(rounds);
        Path dir = workDir("ingest");
        List<byte[]> bodies = Workloads.toolExecutions(4096, 42);
        Plot plot = new Plot();
        int baselinePort = BridgeProcess.freePort();
        try (BridgeProcess trivial = BridgeProcess.benchMain(root, baselinePort, dir.resolve("baseline.log"),
                List.of("baseline-http", "--port", Integer.toString(baselinePort)));
             BridgeProcess bridgeProcess = BridgeProcess.embedded(root, dir.resolve("bridge"));
             LoadGenerator load = new LoadGenerator(connections)) {
            Report.progress("starting the trivial route and the bridge (embedded Kafka) ...");
            trivial.awaitReady(Duration.ofSeconds(60));
            bridgeProcess.awaitReady(Duration.ofSeconds(180));
            String bootstrap = bridgeProcess.kafkaBootstrap();
            Server baseline = new Server("baseline", trivial, Workloads.cycle(trivial.url(ROUTE), bodies), () -> { });
            Server bridge = new Server("bridge", bridgeProcess, Workloads.cycle(bridgeProcess.url(ROUTE), bodies),
                    () -> GroupLag.awaitBridgeTopology(bootstrap, BatchBench.TOPIC));
            for (Server server : List.of(baseline, bridge)) {
                Report.progress("%s: warm-up %d s at saturation (JIT %d s, then %d s)", server.name,
                        jitWarmup().toSeconds() + warmupSeconds, jitWarmup().toSeconds(), warmupSeconds);
                load.saturate(server.calls, connections, jitWarmup().plus(warmup()));
                server.settle.run();
            }
            List<Double> ratios = inTurns.ratios(round -> bridge.saturate(load, round).outcome.throughput(),
                    round -> baseline.saturate(load, round).outcome.throughput());
            Outcome baselineFixed = fixed(load, baseline, plot);
            Outcome bridgeFixed = fixed(load, bridge, plot);
            Report.progress("bridge peak RSS %.0f MiB", bridgeProcess.peakRssBytes() / 1048576.0);
            ProducerPerformanceRun.Summary broker = brokerAtFixedRate(bootstrap, dir);
            report(baseline.median(), bridge.median(), Rounds.median(ratios), baselineFixed, bridgeFixed, broker);
        }
        Path png = out.resolve("ingest-latency-" + RUN_STAMP + ".png");
        plot.write(png, "POST " + ROUTE + ": latency vs offered load (open loop, 2 cores)");
        Report.progress("plot written to %s", png);
    }

    private void report(Slice baseline, Slice bridge, double ratio, Outcome baselineFixed, Outcome bridgeFixed,
                        ProducerPerformanceRun.Summary broker) {
        Report report = report();
        report.row("ingest", "saturation throughput (" + connections + " conns), median of " + rounds + " rounds",
                bridge.outcome.throughput(), baseline.outcome.throughput(), "req/s", "", Report.Met.NA);
        report.row("ingest", "saturation throughput, median of the rounds' ratios", ratio, Double.NaN, "",
                "≥ 0.50", Report.met(ratio >= 0.5));
        report.row("ingest", "saturation CPU per request, server process", bridge.serverCpuMicros,
                baseline.serverCpuMicros, "µs", "", Report.Met.NA);
        report.row("ingest", "saturation CPU per request, load generator", bridge.loadCpuMicros,
                baseline.loadCpuMicros, "µs", "", Report.Met.NA);
        report.row("ingest", "saturation p50", bridge.outcome.p50Millis(), baseline.outcome.p50Millis(), "ms", "",
                Report.Met.NA);
        report.row("ingest", "saturation p99", bridge.outcome.p99Millis(), baseline.outcome.p99Millis(), "ms",
                "≤ 25 ms", Report.met(bridge.outcome.p99Millis() <= 25));
        report.row("ingest", rate + " req/s p50", bridgeFixed.p50Millis(), baselineFixed.p50Millis(), "ms",
                "", Report.Met.NA);
        report.row("ingest", rate + " req/s p99, trivial route as baseline", bridgeFixed.p99Millis(),
                baselineFixed.p99Millis(), "ms", "", Report.Met.NA);
        report.row("ingest", rate + " req/s p99, ProducerPerformance (acks=all) as baseline", bridgeFixed.p99Millis(),
                broker.p99Millis(), "ms", "≤ broker p99 + " + P99_MARGIN_MS + " ms",
                Report.met(bridgeFixed.p99Millis() <= broker.p99Millis() + P99_MARGIN_MS));
    }

    /**
     * The broker's own latency for the same records at the same rate: {@code ProducerPerformance} sends
     * envelopes the bridge wrote to {@code hooks.tool_execution} at {@code --rate} with the bridge's
     * producer settings (acks=all), once the topology has caught up, as the bridge's fixed rate was
     * measured.
     */
    private ProducerPerformanceRun.Summary brokerAtFixedRate(String bootstrap, Path dir) throws Exception {
        GroupLag.awaitBridgeTopology(bootstrap, BatchBench.TOPIC);
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

    /** One server under test: its process, its requests, and what runs after its saturation slices. */
    private final class Server {
        final String name;
        final BridgeProcess process;
        final Supplier<Call> calls;
        final Settle settle;
        final List<Slice> slices = new ArrayList<>();

        Server(String name, BridgeProcess process, Supplier<Call> calls, Settle settle) {
            this.name = name;
            this.process = process;
            this.calls = calls;
            this.settle = settle;
        }

        /**
         * One saturation slice of {@code --duration}, with the CPU it cost this server's process and the
         * load generator; then {@code settle} (the bridge: until its topology has caught up), so that no
         * backlog of one server takes the cores from the other's next slice.
         */
        Slice saturate(LoadGenerator load, int round) throws Exception {
            long self = ProcessHandle.current().pid();
            long serverBefore = ProcessCpu.ticks(process.pid());
            long loadBefore = ProcessCpu.ticks(self);
            Outcome outcome = checked(name, load.saturate(calls, connections, duration()));
            Slice slice = new Slice(outcome,
                    ProcessCpu.microsPer(ProcessCpu.ticks(process.pid()) - serverBefore, outcome.ok()),
                    ProcessCpu.microsPer(ProcessCpu.ticks(self) - loadBefore, outcome.ok()));
            Report.progress("round %d, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms; CPU per request %.0f µs server, %.0f µs"
                    + " load generator", round, name, outcome.throughput(), outcome.p50Millis(), outcome.p99Millis(),
                    slice.serverCpuMicros, slice.loadCpuMicros);
            settle.run();
            slices.add(slice);
            return slice;
        }

        /** The slice of median throughput. */
        Slice median() {
            List<Slice> sorted = new ArrayList<>(slices);
            sorted.sort(Comparator.comparingDouble(slice -> slice.outcome.throughput()));
            return sorted.get(sorted.size() / 2);
        }
    }

    /**
     * A saturation slice. {@code serverCpuMicros}: CPU of the server's process per request answered (the
     * bridge's includes its broker and topology), from /proc; {@code loadCpuMicros}: CPU of this process,
     * the load generator, per request. Both share the two cores, so the ratio of two servers' rates is
     * the inverse ratio of those sums.
     */
    private record Slice(Outcome outcome, double serverCpuMicros, double loadCpuMicros) {
    }

    /** The fixed rate, then the sweep of fixed rates for the plot. */
    private Outcome fixed(LoadGenerator load, Server server, Plot plot) throws Exception {
        String name = server.name;
        Report.progress("%s: fixed %d req/s, %d s", name, rate, durationSeconds);
        Outcome fixed = checked(name, load.fixedRate(server.calls, rate, duration()));
        Report.progress("%s: p50 %.2f ms, p99 %.2f ms", name, fixed.p50Millis(), fixed.p99Millis());
        for (int perSecond : sweep) {
            Outcome point = load.fixedRate(server.calls, perSecond, Duration.ofSeconds(sweepSeconds));
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
        server.settle.run();
        return fixed;
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
