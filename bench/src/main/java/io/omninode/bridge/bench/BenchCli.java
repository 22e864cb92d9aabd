package io.omninode.bridge.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench/run <benchmark>}: each benchmark starts what it needs on loopback, warms up,
 * measures the bridge and its baseline in the same run and prints one table row per figure.
 * {@code bench/run jmh [JMH options]} runs the JMH benchmarks of the hot paths.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Side-by-side benchmarks of DESIGN.md section 8.",
        subcommands = {
            IngestBench.class,
            BatchBench.class,
            FootprintBench.class,
            AllBench.class,
            BaselineHttp.class,
            TopologyBench.class,
            QueryBench.class,
            FailoverBench.class,
            ConsoleBench.class,
            ProxyBench.class,
            ToolService.class,
            CommandLine.HelpCommand.class
        })
public final class BenchCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("jmh")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            try {
                org.openjdk.jmh.Main.main(rest);
            } catch (Exception e) {
                System.err.println("bench: jmh failed: " + e.getMessage());
                System.exit(1);
            }
            return;
        }
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }
}
