package io.omninode.bridge.bench;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Every benchmark in turn, with one shared report: the run docs/BENCHMARKS.md is made from. */
@Command(name = "all", description = "Run every benchmark in turn into one report (shared options apply to each).")
public final class AllBench extends BenchCommand {

    @Override
    protected void run() {
        int failed = 0;
        List<BenchCommand> benches = List.of(new IngestBench(), new BatchBench(), new TopologyBench(), new QueryBench(),
                new FailoverBench(), new ProxyBench(), new ConsoleBench(), new FootprintBench());
        for (BenchCommand bench : benches) {
            new CommandLine(bench).parseArgs(); // the benchmark's own option defaults
            bench.root = root;
            bench.durationSeconds = durationSeconds;
            bench.warmupSeconds = warmupSeconds;
            bench.out = out;
            bench.shareReport(this);
            Report.progress("=== %s ===", bench.getClass().getAnnotation(Command.class).name());
            failed += bench.call();
        }
        Report.progress("report: %s", out.resolve("run-" + RUN_STAMP + ".md"));
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + benches.size() + " benchmarks failed (see above)");
        }
    }
}
