package io.omninode.bridge.app;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bridge run}: starts the {@link BridgeRuntime} and keeps it up until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the bridge: start an embedded Kafka broker (unless --bootstrap-servers is given), "
                    + "create the topics, then serve the HTTP API until SIGTERM or Ctrl-C.",
            "All local state lives under --data-dir; stopping and starting again loses nothing."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    private RunOptions options;

    @Spec
    private CommandSpec spec;

    RunOptions options() {
        return options;
    }

    @Override
    public Integer call() throws InterruptedException {
        options.validate(spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        BridgeRuntime runtime = new BridgeRuntime(options, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(runtime, out, stopped), "bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runtime.start();
        } catch (RuntimeException e) {
            removeQuietly(hook);
            throw e;
        }
        stopped.await();
        return 0;
    }

    private static void stop(BridgeRuntime runtime, PrintWriter out, CountDownLatch stopped) {
        long begin = System.nanoTime();
        if (runtime.hasRunningComponents()) {
            out.println("stopping bridge ...");
            out.flush();
        }
        runtime.close();
        out.println(String.format(Locale.ROOT, "bridge stopped in %.1f s", (System.nanoTime() - begin) / 1e9));
        out.flush();
        stopped.countDown();
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway and finds nothing to stop
        }
    }
}
