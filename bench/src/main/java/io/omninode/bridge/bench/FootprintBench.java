package io.omninode.bridge.bench;

import io.omninode.bridge.bench.LoadGenerator.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Footprint: seconds from process start to {@code /ready} (fresh data dir, then a restart on the
 * same data) and the peak RSS of the whole {@code bridge run} process — broker, Streams,
 * RocksDB and HTTP in one JVM — under single-hook and batch load. The baseline is the trivial
 * Javalin JVM with the same flags under the same single-hook load.
 */
@Command(name = "footprint", description = "Time to /ready and peak RSS under load, vs a trivial Javalin JVM.")
public final class FootprintBench extends BenchCommand {

    @Option(names = "--connections", defaultValue = "64", description = "Connections for the load (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Override
    protected void run() throws Exception {
        Path dir = workDir("footprint");
        List<byte[]> hooks = Workloads.toolExecutions(4096, 11);
        List<byte[]> batches = Workloads.batches(16, 1000, 13);
        double baselineReady;
        long baselineRss;
        int port = BridgeProcess.freePort();
        try (BridgeProcess server = BridgeProcess.benchMain(root, port, dir.resolve("baseline.log"),
                List.of("baseline-http", "--port", Integer.toString(port)));
             LoadGenerator load = new LoadGenerator(connections)) {
            baselineReady = server.awaitReady(Duration.ofSeconds(60));
            Report.progress("baseline: ready in %.2f s; single-hook load %d s", baselineReady, durationSeconds);
            load.saturate(Workloads.cycle(server.url(IngestBench.ROUTE), hooks), connections, duration());
            baselineRss = server.peakRssBytes();
        }
        Path bridgeDir = dir.resolve("bridge");
        double firstReady;
        long bridgeRss;
        try (BridgeProcess bridge = BridgeProcess.embedded(root, bridgeDir);
             LoadGenerator load = new LoadGenerator(connections)) {
            firstReady = bridge.awaitReady(Duration.ofSeconds(180));
            Report.progress("bridge: ready in %.2f s on a fresh data dir; single-hook load %d s", firstReady,
                    durationSeconds);
            IngestBench.checked("footprint", load.saturate(Workloads.cycle(bridge.url(IngestBench.ROUTE), hooks),
                    connections, duration()));
            Report.progress("bridge: batch load %d s (RSS now %.0f MiB)", durationSeconds, bridge.rssBytes() / 1048576.0);
            Outcome batch = load.saturate(Workloads.cycle(bridge.url("/hooks/batch"), batches), 8, duration());
            IngestBench.checked("footprint", batch);
            bridgeRss = bridge.peakRssBytes();
            Report.progress("bridge: peak RSS %.0f MiB", bridgeRss / 1048576.0);
        }
        double restartReady;
        try (BridgeProcess bridge = BridgeProcess.embedded(root, bridgeDir)) {
            restartReady = bridge.awaitReady(Duration.ofSeconds(180));
            Report.progress("bridge: ready in %.2f s after a restart on the same data", restartReady);
        }
        Report report = report();
        report.row("footprint", "time to /ready, fresh data dir", firstReady, baselineReady, "s", "≤ 15 s",
                Report.met(firstReady <= 15));
        report.row("footprint", "time to /ready, restart with data", restartReady, baselineReady, "s", "≤ 15 s",
                Report.met(restartReady <= 15));
        report.row("footprint", "peak RSS under load", bridgeRss / 1048576.0, baselineRss / 1048576.0, "MiB",
                "≤ 2 GiB", Report.met(bridgeRss <= 2L * 1024 * 1024 * 1024));
    }
}
