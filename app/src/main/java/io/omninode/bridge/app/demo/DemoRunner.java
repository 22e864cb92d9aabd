package io.omninode.bridge.app.demo;

import io.omninode.bridge.app.BridgeException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Runs the {@link DemoScenario} second by second, printing one progress line as it goes. */
public final class DemoRunner {

    private final DemoClient client;
    private final Duration duration;
    private final PrintWriter out;

    public DemoRunner(String url, String token, Duration duration, PrintWriter out) {
        this.client = new DemoClient(url, token);
        this.duration = duration;
        this.out = out;
    }

    public void run() throws InterruptedException {
        out.println("demo: waiting for " + "the bridge to be ready ...");
        out.flush();
        if (!client.awaitReady(Duration.ofSeconds(60))) {
            throw new BridgeException("the bridge does not answer /ready; start it with ./bridge run");
        }
        DemoScenario scenario = new DemoScenario(client);
        if (scenario.setUp()) {
            out.println("demo: set performance.baseline.min_windows=1 (PUT /admin/config) so a latency regression "
                    + "shows within the demo; reset it with {\"performance.baseline.min_windows\": null}");
        }
        if (client.failed.get() > 0) {
            throw new BridgeException("the bridge refused the demo registrations: " + client.lastFailure
                    + " (pass an admin token with --token)");
        }
        long seconds = duration.toSeconds();
        long start = System.nanoTime();
        for (int t = 0; t < seconds; t++) {
            scenario.tick(t);
            progress(t + 1, seconds);
            long next = start + (t + 1) * 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        out.println();
        out.println(String.format(Locale.ROOT, "demo: done, %d requests, %d failed%s", client.sent.get(),
                client.failed.get(), client.failed.get() > 0 ? " (last: " + client.lastFailure + ")" : ""));
        out.flush();
    }

    private void progress(long elapsed, long total) {
        int width = 30;
        int filled = (int) (width * elapsed / Math.max(1, total));
        out.print(String.format(Locale.ROOT, "\rdemo [%s%s] %3d/%d s  %,d requests  %,d failed",
                "#".repeat(filled), " ".repeat(width - filled), elapsed, total, client.sent.get(), client.failed.get()));
        out.flush();
    }
}
