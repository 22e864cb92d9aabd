package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DESIGN.md §8 "proxy": a trivial tool instance ({@link ToolService}, own JVM) registered with one
 * {@code bridge run}; calls go to the instance directly (the baseline), through
 * {@code POST /proxy/tool/{tool}} without the cache ({@code no_cache}: the added latency of the
 * proxy) and as cache hits ({@code force} with a fixed input), at a fixed rate and at saturation;
 * cache hits also against nginx {@code proxy_cache} in front of the same tool ({@link NginxCache}).
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Proxy added latency and cache-hit throughput vs calling the tool instance directly.")
public final class ProxyBench extends BenchCommand {

    private static final String BENCH = "proxy";
    private static final String SERVICE = "bench-tools";
    private static final String INSTANCE = "bench-tools-1";
    private static final String TOOL = "bench_tool";
    private static final double ADDED_P50_GOAL_MS = 1;
    private static final double ADDED_P99_GOAL_MS = 5;
    private static final double CACHE_HIT_GOAL_PER_S = 15_000;
    private static final double NGINX_RATIO_GOAL = 0.5;
    private static final int SAMPLE = 20;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "1000",
            description = "Calls per second of the fixed-rate figures, open loop (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
            description = "Requests in flight at saturation (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    private ApiClient api;
    private BridgeProcess bridge;
    private BridgeProcess tool;

    @Override
    protected void run() {
        Path work = workDir(BENCH);
        int toolPort = BridgeProcess.freePort();
        api = new ApiClient();
        Report.progress("%s: starting the tool instance on %d and the bridge (logs in %s)", BENCH, toolPort, work);
        try (BridgeProcess toolProcess = BridgeProcess.benchMain(root, toolPort, work.resolve("tool-service.log"),
                List.of("tool-service", "--port", Integer.toString(toolPort)));
             BridgeProcess bridgeProcess = BridgeProcess.embedded(root, work);
             LoadGenerator load = new LoadGenerator(concurrency)) {
            tool = toolProcess;
            bridge = bridgeProcess;
            tool.awaitReady(Duration.ofSeconds(60));
            Report.progress("%s: bridge ready in %.1f s", BENCH, bridge.awaitReady(Duration.ofSeconds(120)));
            registerTool(toolPort);
            checkSamples();
            measure(load);
        }
    }

    private void registerTool(int toolPort) {
        ObjectNode registration = SampleBodies.registration();
        registration.put("service_name", SERVICE).put("instance_id", INSTANCE).put("host", "127.0.0.1")
                .put("port", toolPort).put("health_check_url", "http://127.0.0.1:" + toolPort + "/ready")
                .put("ttl_seconds", 3600);
        ApiClient.Reply registered = require(api.post(bridge.url("/registry/services"), registration), "registration");
        String id = registered.data().path("registration_id").asText();
        ObjectNode heartbeat = SampleBodies.heartbeat().put("health_status", "healthy").put("load_factor", 0.1);
        require(api.put(bridge.url("/registry/services/" + id), heartbeat), "heartbeat");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            ApiClient.Reply health = api.get(bridge.url("/proxy/health/" + SERVICE));
            if (health.ok() && "healthy".equals(health.data().path("instances").path(0).path("status").asText())) {
                Report.progress("%s: %s registered and healthy at 127.0.0.1:%d", BENCH, INSTANCE, toolPort);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the proxy does not see a healthy " + INSTANCE + " within 60 s: HTTP "
                        + health.status() + " " + health.text());
            }
            BridgeProcess.sleep(200);
        }
    }

    /** Checks that every path answers 200 with the tool's result, and that hits are hits and misses misses. */
    private void checkSamples() {
        JsonNode expected = parse(ToolService.REPLY);
        for (int i = 0; i < SAMPLE; i++) {
            ApiClient.Reply direct = require(api.post(directUrl(), input()), "direct call");
            expectEqual(direct.json(), expected, "direct call");
        }
        long before = toolCalls();
        for (int i = 0; i < SAMPLE; i++) {
            ApiClient.Reply miss = require(api.post(proxyUrl(), proxyBody("no_cache")), "no_cache proxy call");
            expectEqual(miss.data().path("result"), expected, "no_cache proxy call");
            expectEqual(miss.data().at("/execution_metadata/cache_hit"), JsonNodeFactory.instance.booleanNode(false),
                    "no_cache proxy call's cache_hit");
        }
        expectEqual(JsonNodeFactory.instance.numberNode(toolCalls() - before),
                JsonNodeFactory.instance.numberNode((long) SAMPLE), "tool calls for " + SAMPLE + " no_cache calls");
        prime();
        before = toolCalls();
        for (int i = 0; i < SAMPLE; i++) {
            ApiClient.Reply hit = require(api.post(proxyUrl(), proxyBody("force")), "force proxy call");
            expectEqual(hit.data().path("result"), expected, "cache hit");
            expectEqual(hit.data().at("/execution_metadata/cache_hit"), JsonNodeFactory.instance.booleanNode(true),
                    "cache hit's cache_hit");
        }
        expectEqual(JsonNodeFactory.instance.numberNode(toolCalls() - before), JsonNodeFactory.instance.numberNode(0L),
                "tool calls for " + SAMPLE + " cache hits");
        Report.progress("%s: samples ok: direct and proxy replies 200 with the tool's result; no_cache calls reach "
                + "the tool, force calls after priming are cache hits that do not", BENCH);
    }

    /** One {@code force} call, so that the fixed input's result is in the cache (its TTL is 60 s by default). */
    private void prime() {
        settle("force");
    }

    /**
     * Waits until one proxy call with {@code cachePolicy} answers 200: after a figure that
     * overloaded the bridge it may still be working off the backlog (and failing calls) for a while.
     */
    private void settle(String cachePolicy) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(120).toNanos();
        ApiClient.Reply reply = api.post(proxyUrl(), proxyBody(cachePolicy));
        while (!reply.ok() && System.nanoTime() < deadline) {
            BridgeProcess.sleep(1_000);
            reply = api.post(proxyUrl(), proxyBody(cachePolicy));
        }
        require(reply, cachePolicy + " proxy call before the next figure");
        double waited = (System.nanoTime() - start) / 1e9;
        if (waited > 1) {
            Report.progress("%s: the bridge answered again after %.0f s", BENCH, waited);
        }
    }

    private void measure(LoadGenerator load) {
        byte[] direct = ApiClient.bytes(input());
        byte[] miss = ApiClient.bytes(proxyBody("no_cache"));
        byte[] hit = ApiClient.bytes(proxyBody("force"));
        Supplier<LoadGenerator.Call> directCalls = fixed(LoadGenerator.Call.post(directUrl(), direct));
        Supplier<LoadGenerator.Call> missCalls = fixed(LoadGenerator.Call.post(proxyUrl(), miss));
        Supplier<LoadGenerator.Call> hitCalls = fixed(LoadGenerator.Call.post(proxyUrl(), hit));

        compileProxyPaths(load, missCalls, hitCalls);
        LoadGenerator.Outcome directRate = fixedRate(load, "direct", directCalls, false);
        LoadGenerator.Outcome missRate = fixedRate(load, "proxy no_cache", missCalls, false);
        LoadGenerator.Outcome hitRate = fixedRate(load, "proxy cache hit", hitCalls, true);
        LoadGenerator.Outcome directMax = saturate(load, "direct", directCalls, false);
        LoadGenerator.Outcome missMax = saturate(load, "proxy no_cache", missCalls, false);
        LoadGenerator.Outcome hitMax = saturate(load, "proxy cache hit", hitCalls, true);

        String at = String.format(Locale.ROOT, " at %d/s", rate);
        report().row(BENCH, "p50" + at + ": proxy no_cache vs direct", missRate.p50Millis(), directRate.p50Millis(),
                "ms", "", Report.Met.NA);
        report().row(BENCH, "p99" + at + ": proxy no_cache vs direct", missRate.p99Millis(), directRate.p99Millis(),
                "ms", "", Report.Met.NA);
        report().row(BENCH, "p50" + at + ": cache hit vs direct", hitRate.p50Millis(), directRate.p50Millis(),
                "ms", "", Report.Met.NA);
        report().row(BENCH, "p99" + at + ": cache hit vs direct", hitRate.p99Millis(), directRate.p99Millis(),
                "ms", "", Report.Met.NA);
        double addedP50 = missRate.p50Millis() - directRate.p50Millis();
        double addedP99 = missRate.p99Millis() - directRate.p99Millis();
        report().row(BENCH, "added latency p50" + at + " (no_cache − direct)", addedP50, Double.NaN, "ms",
                "≤ 1 ms", Report.met(addedP50 <= ADDED_P50_GOAL_MS));
        report().row(BENCH, "added latency p99" + at + " (no_cache − direct)", addedP99, Double.NaN, "ms",
                "≤ 5 ms", Report.met(addedP99 <= ADDED_P99_GOAL_MS));
        String sat = String.format(Locale.ROOT, " at saturation (%d in flight)", concurrency);
        report().row(BENCH, "throughput" + sat + ": proxy no_cache vs direct", missMax.throughput(),
                directMax.throughput(), "req/s", "", Report.Met.NA);
        report().row(BENCH, "throughput" + sat + ": cache hit vs direct", hitMax.throughput(),
                directMax.throughput(), "req/s", "≥ 15 000 req/s", Report.met(hitMax.throughput() >= CACHE_HIT_GOAL_PER_S));
        nginxRow(load, direct, hitMax, sat);
    }

    /** {@link #jitWarmup()}: half of it on no_cache calls, half on cache hits. */
    private void compileProxyPaths(LoadGenerator load, Supplier<LoadGenerator.Call> missCalls,
                           Supplier<LoadGenerator.Call> hitCalls) {
        if (jitWarmup().isZero()) {
            return;
        }
        Duration half = Duration.ofSeconds(Math.max(1, jitWarmup().toSeconds() / 2));
        Report.progress("%s: JIT warm-up: %d s of no_cache calls, then %d s of cache hits, at saturation", BENCH,
                half.toSeconds(), half.toSeconds());
        settle("no_cache");
        load.saturate(missCalls, concurrency, half);
        settle("force");
        load.saturate(hitCalls, concurrency, half);
    }

    /** Cache hits against nginx proxy_cache in front of the same tool, at the same concurrency. */
    private void nginxRow(LoadGenerator load, byte[] direct, LoadGenerator.Outcome hitMax, String sat) {
        Path nginx = NginxCache.binary();
        if (nginx == null) {
            Report.progress("%s: WARNING: nginx is not installed (apt-get install nginx-light): no nginx baseline", BENCH);
            return;
        }
        try (NginxCache cache = NginxCache.start(nginx, workDir(BENCH).resolve("nginx"), tool.httpPort(),
                "/tools/" + TOOL, direct)) {
            LoadGenerator.Outcome nginxMax = measured("nginx proxy_cache hit" + sat, true,
                    period -> load.saturate(fixed(LoadGenerator.Call.post(cache.url("/tools/" + TOOL), direct)),
                            concurrency, period));
            report().row(BENCH, "throughput" + sat + ": cache hit vs nginx proxy_cache hit", hitMax.throughput(),
                    nginxMax.throughput(), "req/s", "≥ 0.5 of nginx",
                    Report.met(hitMax.throughput() >= NGINX_RATIO_GOAL * nginxMax.throughput()));
        }
    }

    private LoadGenerator.Outcome fixedRate(LoadGenerator load, String what, Supplier<LoadGenerator.Call> calls,
                                            boolean hits) {
        LoadGenerator.Outcome outcome = measured(what + String.format(Locale.ROOT, " at %d/s", rate), hits,
                period -> load.fixedRate(calls, rate, period));
        if (outcome.throughput() < 0.95 * rate) {
            Report.progress("%s: WARNING: %s answered only %.0f of %d requests per second: the latencies include "
                    + "the queue that built up", BENCH, what, outcome.throughput(), rate);
        }
        return outcome;
    }

    private LoadGenerator.Outcome saturate(LoadGenerator load, String what, Supplier<LoadGenerator.Call> calls,
                                           boolean hits) {
        return measured(what + String.format(Locale.ROOT, " at saturation (%d in flight)", concurrency), hits,
                period -> load.saturate(calls, concurrency, period));
    }

    /**
     * Waits for the bridge to answer (for cache hits: primes the cache), warms up and measures; reports how many calls
     * reached the tool during the measurement (an entry expiring and being refilled costs one).
     */
    private LoadGenerator.Outcome measured(String what, boolean hits,
                                           java.util.function.Function<Duration, LoadGenerator.Outcome> run) {
        Report.progress("%s: %s: warming up %d s, measuring %d s", BENCH, what, warmupSeconds, durationSeconds);
        settle(hits ? "force" : "no_cache");
        if (warmupSeconds > 0) {
            run.apply(warmup());
        }
        long callsBefore = toolCalls();
        LoadGenerator.Outcome outcome = run.apply(duration());
        long toolCalls = toolCalls() - callsBefore;
        Report.progress("%s: %s: %d ok, %d failed, %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%s", BENCH, what,
                outcome.ok(), outcome.failed(), outcome.throughput(), outcome.p50Millis(), outcome.p99Millis(),
                outcome.maxMillis(), hits ? String.format(Locale.ROOT, "; the tool was called %d times", toolCalls) : "");
        if (outcome.failed() > 0) {
            Report.progress("%s: WARNING: %s: %d requests failed, first: %s", BENCH, what, outcome.failed(),
                    outcome.firstFailure());
        }
        if (hits && toolCalls > outcome.ok() / 100) {
            Report.progress("%s: WARNING: %s: %d of %d calls reached the tool: not all were cache hits", BENCH, what,
                    toolCalls, outcome.ok());
        }
        if (outcome.ok() == 0) {
            throw new IllegalStateException(what + ": no request succeeded; first failure: " + outcome.firstFailure());
        }
        return outcome;
    }

    private long toolCalls() {
        return require(api.get(tool.url("/calls")), "tool call count").json().path("calls").asLong();
    }

    private String directUrl() {
        return tool.url("/tools/" + TOOL);
    }

    private String proxyUrl() {
        return bridge.url("/proxy/tool/" + TOOL);
    }

    private static ObjectNode input() {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("source_code", "def add(a, b):\n    return a + b\n").put("language", "python");
        input.putArray("analysis_types").add("quality").add("complexity");
        return input;
    }

    private static ObjectNode proxyBody(String cachePolicy) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("target_service", SERVICE);
        body.set("input_data", input());
        body.putObject("execution_options").put("timeout_seconds", 10).put("priority", "normal")
                .put("cache_policy", cachePolicy).put("retry_policy", "none");
        return body;
    }

    private static Supplier<LoadGenerator.Call> fixed(LoadGenerator.Call call) {
        return () -> call;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expectEqual(JsonNode actual, JsonNode expected, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + " but got " + actual);
        }
    }

    private static ApiClient.Reply require(ApiClient.Reply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException(what + ": HTTP " + reply.status() + " "
                    + (reply.text().length() > 300 ? reply.text().substring(0, 300) + "…" : reply.text()));
        }
        return reply;
    }
}
