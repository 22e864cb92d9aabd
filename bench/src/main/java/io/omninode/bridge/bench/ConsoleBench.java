package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The console (DESIGN.md §8): with a fleet of 500 instances of 50 services and 50 tools, all
 * heartbeating, and tool executions flowing, (1) the CPU the bridge spends per connected console
 * stream ({@code GET /events/stream} of the topics the console follows): the CPU of its stream
 * threads (the topic tails and each stream's writer, all named {@code bridge-stream-*}) divided by
 * the streams, with the whole process's CPU with and without the streams as a cross-check; (2) the time until the
 * fleet view is drawn in Debian's headless Chromium, against the time the browser took to fetch
 * the registry's JSON it draws.
 */
@Command(name = "console", description = "Console: CPU per connected live stream, fleet view render time (500 instances, 50 tools).")
public final class ConsoleBench extends BenchCommand {

    private static final String BENCH = "console";
    private static final String TOPICS = "intelligence.health,intelligence.performance,intelligence.patterns,registry.services";

    @Option(names = "--consoles", defaultValue = "4", description = "Streams connected at once (default: ${DEFAULT-VALUE}).")
    private int consoles;

    @Option(names = "--rate", defaultValue = "200", description = "Tool executions per second during the measurement (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Override
    protected void run() throws Exception {
        Path work = workDir(BENCH);
        ApiClient api = new ApiClient();
        try (BridgeProcess bridge = BridgeProcess.embedded(root, work.resolve("bridge"));
             LoadGenerator load = new LoadGenerator(16)) {
            bridge.awaitReady(Duration.ofSeconds(180));
            List<String> ids = registerFleet(api, bridge);
            ScheduledExecutorService beats = Executors.newScheduledThreadPool(4);
            // every instance heartbeats every 10 s (50 heartbeats/s), one in 20 of them degraded
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                ObjectNode heartbeat = SampleBodies.heartbeat();
                heartbeat.put("health_status", i % 20 == 0 ? "degraded" : "healthy");
                beats.scheduleAtFixedRate(() -> api.put(bridge.url("/registry/services/" + id), heartbeat),
                        i * 20L % 10_000, 10_000, TimeUnit.MILLISECONDS);
            }
            List<byte[]> executions = Workloads.toolExecutions(4096, 17);
            Report.progress("%s: fleet of %d instances registered; warm-up %d s with %,.0f executions/s", BENCH,
                    ids.size(), warmupSeconds, rate);
            load.fixedRate(Workloads.cycle(bridge.url(IngestBench.ROUTE), executions), rate, warmup());

            double without = cpuCores(bridge, () -> load.fixedRate(Workloads.cycle(bridge.url(IngestBench.ROUTE),
                    executions), rate, duration()));
            Report.progress("%s: bridge without streams: %.3f cores", BENCH, without);
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < consoles; i++) {
                streams.add(Stream.open(bridge.url("/events/stream?topic=" + TOPICS)));
            }
            long tailsBefore = ProcessCpu.threadTicks(bridge.pid(), "bridge-stream");
            long tailsStart = System.nanoTime();
            double with = cpuCores(bridge, () -> load.fixedRate(Workloads.cycle(bridge.url(IngestBench.ROUTE),
                    executions), rate, duration()));
            double tails = ProcessCpu.cores(ProcessCpu.threadTicks(bridge.pid(), "bridge-stream") - tailsBefore,
                    System.nanoTime() - tailsStart);
            Report.progress("%s: the stream threads (topic tails and the streams' writers): %.4f cores", BENCH, tails);
            long events = streams.stream().mapToLong(s -> s.events.get()).sum();
            streams.forEach(Stream::close);
            Report.progress("%s: bridge with %d streams: %.3f cores; %,d events delivered (%.0f/s per stream)", BENCH,
                    consoles, with, events, events / (double) consoles / durationSeconds);
            // the whole process's difference is within the noise of the load itself (it came out negative
            // in runs of 4 and 16 streams), so the figure is the CPU of the threads that do the streaming
            double perConsole = tails / consoles;
            Report.progress("%s: whole process with minus without the streams: %+.3f cores", BENCH, with - without);

            double[] render = render(bridge);
            beats.shutdownNow();

            Report report = report();
            report.row(BENCH, "CPU per connected console stream: stream threads / streams (% of a core; baseline: the whole bridge's CPU under the same load)",
                    100 * perConsole, 100 * without, "%", "≤ 3 % of a core", Report.met(perConsole <= 0.03));
            if (render != null) {
                report.row(BENCH, "fleet view drawn, 500 instances (baseline: the browser's fetch of its registry JSON)",
                        render[0], render[1], "ms", "< 1 000 ms", Report.met(render[0] < 1000));
            }
        }
    }

    private List<String> registerFleet(ApiClient api, BridgeProcess bridge) {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            for (int i = 0; i < 10; i++) {
                ObjectNode body = SampleBodies.registration();
                body.put("service_name", "fleet-svc-" + s);
                body.put("instance_id", "fleet-svc-" + s + "-" + i);
                body.put("port", 20_000 + s * 10 + i);
                body.put("ttl_seconds", 60);
                ApiClient.Reply reply = api.post(bridge.url("/registry/services"), body);
                if (!reply.ok()) {
                    throw new IllegalStateException("registration refused: " + reply.text());
                }
                ids.add(reply.data().get("registration_id").asText());
            }
            ObjectNode tool = Json.MAPPER.createObjectNode();
            tool.put("tool_name", "fleet_tool_" + s).put("version", "1.0.0").put("service_source", "fleet-svc-" + s)
                    .put("category", "bench").put("description", "a benchmark tool");
            ApiClient.Reply reply = api.post(bridge.url("/registry/tools"), tool);
            if (!reply.ok()) {
                throw new IllegalStateException("tool registration refused: " + reply.text());
            }
        }
        return ids;
    }

    /** The bridge process's CPU (cores) while {@code during} runs, from /proc/PID/stat. */
    private static double cpuCores(BridgeProcess bridge, Runnable during) {
        long before = ProcessCpu.ticks(bridge.pid());
        long start = System.nanoTime();
        during.run();
        return ProcessCpu.cores(ProcessCpu.ticks(bridge.pid()) - before, System.nanoTime() - start);
    }

    /** Median over five loads of the fleet view: {drawn ms, registry fetch ms}; null without chromium. */
    private double[] render(BridgeProcess bridge) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            Report.progress("%s: WARNING no /usr/bin/chromium and /usr/bin/chromedriver: render row skipped"
                    + " (apt-get install chromium chromium-driver)", BENCH);
            return null;
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("bench-chromium"));
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build(), options);
        try {
            List<double[]> runs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                browser.get(bridge.url("/ui/?run=" + i + "#/fleet"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                Object drawn = null;
                while (drawn == null && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    drawn = ((JavascriptExecutor) browser).executeScript("return window.__console.timings.fleetRendered || null;");
                }
                if (drawn == null) {
                    throw new IllegalStateException("the fleet view was not drawn within 30 s");
                }
                Object fetch = ((JavascriptExecutor) browser).executeScript("const e = performance.getEntriesByType('resource')"
                        + ".filter(r => r.name.includes('/registry/services?limit=1000')); return e.length ? e[0].duration : null;");
                runs.add(new double[] {((Number) drawn).doubleValue(), fetch == null ? Double.NaN : ((Number) fetch).doubleValue()});
                Report.progress("%s: load %d: fleet drawn at %.0f ms, registry fetched in %.0f ms", BENCH, i + 1,
                        runs.get(i)[0], runs.get(i)[1]);
            }
            runs.sort((a, b) -> Double.compare(a[0], b[0]));
            return runs.get(runs.size() / 2);
        } finally {
            browser.quit();
        }
    }

    /** One console's stream, read and counted on a thread of its own. */
    private static final class Stream {
        final AtomicLong events = new AtomicLong();
        private InputStream body;

        static Stream open(String url) throws Exception {
            Stream stream = new Stream();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the event stream answered " + response.statusCode());
            }
            stream.body = response.body();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    int n;
                    while ((n = stream.body.read(buffer)) >= 0) {
                        for (int i = 0; i + 6 < n; i++) {
                            if (buffer[i] == '\n' && buffer[i + 1] == 'e' && buffer[i + 2] == 'v') {
                                stream.events.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "bench-console-stream");
            reader.setDaemon(true);
            reader.start();
            return stream;
        }

        void close() {
            try {
                body.close();
            } catch (Exception e) {
                // already closed
            }
        }
    }
}
