package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DESIGN.md §8 "queries": two {@code bridge run} processes of one application (A with the embedded
 * broker, B on A's broker) hold a few hundred registered instances; key lookups are sent at a
 * fixed rate to each key's owner (local) and to the other instance (forwarded once to the owner),
 * against {@code GET /health} on the same two bridges (plain HTTP, no store) as the baseline.
 */
@Command(name = "queries", mixinStandardHelpOptions = true,
        description = "Key lookup latency on two bridge instances, local and forwarded, vs GET /health.")
public final class QueryBench extends BenchCommand {

    private static final String BENCH = "queries";
    private static final double LOCAL_P99_GOAL_MS = 5;
    private static final double FORWARDED_P99_GOAL_MS = 15;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "500",
            description = "Lookups per second, open loop (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--services", paramLabel = "N", defaultValue = "150",
            description = "Services registered, each a key of the lookups (default: ${DEFAULT-VALUE}).")
    private int services;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "2",
            description = "Instances registered (and heartbeated) per service (default: ${DEFAULT-VALUE}).")
    private int instancesPerService;

    /** A lookup route: the path of one key and what the figure is called. */
    private enum Lookup {
        HEALTH("service health", "/registry/services/%s/health"),
        REGISTRATION("registration", "/registry/services?service_name=%s");

        final String label;
        final String pathTemplate;

        Lookup(String label, String pathTemplate) {
            this.label = label;
            this.pathTemplate = pathTemplate;
        }

        String path(String service) {
            return String.format(Locale.ROOT, pathTemplate, service);
        }
    }

    @Option(names = "--lookups", paramLabel = "ROUTE", split = ",", defaultValue = "HEALTH,REGISTRATION",
            description = "Lookup routes to measure: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private List<Lookup> lookups;

    @Override
    protected void run() {
        Path work = workDir(BENCH);
        String secret = UUID.randomUUID().toString().replace("-", "");
        int portB = BridgeProcess.freePort();
        Report.progress("%s: starting bridge A (embedded broker) and bridge B (logs in %s)", BENCH, work);
        try (BridgeProcess a = BridgeProcess.embedded(root, work.resolve("a"), "--instance-id", "bench-a",
                "--cluster-secret", secret)) {
            Report.progress("%s: bridge A ready in %.1f s", BENCH, a.awaitReady(Duration.ofSeconds(120)));
            try (BridgeProcess b = BridgeProcess.bridge(root, portB, work.resolve("bridge-b.log"), List.of(
                    "--port", Integer.toString(portB), "--bootstrap-servers", a.kafkaBootstrap(),
                    "--data-dir", work.resolve("data-b").toString(), "--instance-id", "bench-b",
                    "--cluster-secret", secret, "--insecure", "--rate-limit", "0"));
                 LoadGenerator load = new LoadGenerator(32)) {
                Report.progress("%s: bridge B ready in %.1f s", BENCH, b.awaitReady(Duration.ofSeconds(120)));
                a.awaitReady(Duration.ofSeconds(120)); // A rebalanced to share the partitions with B
                Map<String, BridgeProcess> bridges = Map.of("bench-a", a, "bench-b", b);
                ApiClient api = new ApiClient();
                List<String> keys = register(api, a, b);
                Map<String, String> owners = stableOwners(api, bridges, keys);
                measure(load, bridges, owners);
                checkOwnersUnchanged(api, bridges, keys, owners);
            }
        }
    }

    private void checkOwnersUnchanged(ApiClient api, Map<String, BridgeProcess> bridges, List<String> keys,
                                      Map<String, String> before) {
        try {
            if (owners(api, bridges, keys).equals(before)) {
                return;
            }
        } catch (NotYet e) {
            Report.progress("%s: WARNING: after the run: %s", BENCH, e.getMessage());
        }
        Report.progress("%s: WARNING: key ownership changed during the run, so some 'local' lookups may have been "
                + "forwarded and the other way round", BENCH);
    }

    /** Registers {@code services × instances} instances through A and heartbeats each through B. */
    private List<String> register(ApiClient api, BridgeProcess a, BridgeProcess b) {
        List<String> keys = new ArrayList<>();
        List<String> registrationIds = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < services; s++) {
            String service = String.format(Locale.ROOT, "qbench-svc-%03d", s);
            keys.add(service);
            for (int i = 0; i < instancesPerService; i++) {
                ObjectNode body = SampleBodies.registration();
                body.put("service_name", service).put("instance_id", service + "-" + i)
                        .put("host", "127.0.0.1").put("port", 9000 + i).put("ttl_seconds", 3600);
                ApiClient.Reply reply = api.post(a.url("/registry/services"), body);
                require(reply, "registering " + service + "-" + i);
                registrationIds.add(reply.data().path("registration_id").asText());
            }
        }
        for (String id : registrationIds) {
            ObjectNode heartbeat = SampleBodies.heartbeat();
            ApiClient.Reply reply = api.put(b.url("/registry/services/" + id), heartbeat);
            for (int retry = 0; reply.status() == 404 && retry < 100; retry++) {
                BridgeProcess.sleep(100); // B's registration index has not read the registration yet
                reply = api.put(b.url("/registry/services/" + id), heartbeat);
            }
            require(reply, "heartbeat of " + id);
        }
        Report.progress("%s: %d instances of %d services registered and heartbeated in %.1f s", BENCH,
                registrationIds.size(), services, (System.nanoTime() - start) / 1e9);
        return keys;
    }

    /**
     * Waits until every key answers from both bridges with all its instances, then returns each
     * key's owner ({@code metadata.served_by}) once two readings a few seconds apart agree (a
     * follow-up rebalance may still move partitions right after B joined).
     */
    private Map<String, String> stableOwners(ApiClient api, Map<String, BridgeProcess> bridges, List<String> keys) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        Map<String, String> previous = null;
        String why = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, String> owners = owners(api, bridges, keys);
                if (owners.equals(previous)) {
                    long onA = owners.values().stream().filter("bench-a"::equals).count();
                    Report.progress("%s: data queryable on both bridges; %d keys owned by A, %d by B", BENCH, onA,
                            owners.size() - onA);
                    if (onA == 0 || onA == owners.size()) {
                        throw new IllegalStateException("one bridge owns every key: no forwarded lookups possible");
                    }
                    return owners;
                }
                previous = owners;
            } catch (NotYet e) {
                previous = null;
                why = e.getMessage();
            }
            BridgeProcess.sleep(3_000);
        }
        throw new IllegalStateException("data not queryable on both bridges within 180 s: " + why);
    }

    /** Each key's owner as both bridges report it; {@link NotYet} while they disagree or data is missing. */
    private Map<String, String> owners(ApiClient api, Map<String, BridgeProcess> bridges, List<String> keys) {
        Map<String, String> owners = new HashMap<>();
        for (String key : keys) {
            String owner = null;
            for (BridgeProcess bridge : bridges.values()) {
                ApiClient.Reply reply = api.get(bridge.url(Lookup.HEALTH.path(key)));
                if (!reply.ok() || reply.data().path("instances").size() != instancesPerService) {
                    throw new NotYet(key + " on port " + bridge.httpPort() + ": HTTP " + reply.status() + " "
                            + abbreviate(reply.text()));
                }
                String servedBy = reply.json().path("metadata").path("served_by").asText();
                if (owner != null && !owner.equals(servedBy)) {
                    throw new NotYet(key + " served by " + owner + " and " + servedBy);
                }
                owner = servedBy;
            }
            if (!bridges.containsKey(owner)) {
                throw new IllegalStateException("unexpected metadata.served_by '" + owner + "' for " + key);
            }
            owners.put(key, owner);
        }
        return owners;
    }

    private void measure(LoadGenerator load, Map<String, BridgeProcess> bridges, Map<String, String> owners) {
        List<BridgeProcess> both = List.copyOf(bridges.values());
        List<String> keys = owners.keySet().stream().sorted().toList();
        LoadGenerator.Outcome baseline = run(load, "GET /health (baseline)",
                roundRobin(both.size(), i -> LoadGenerator.Call.get(both.get(i).url("/health"))));
        for (Lookup lookup : lookups) {
            LoadGenerator.Outcome local = run(load, lookup.label + " lookups, local", roundRobin(keys.size(), i ->
                    LoadGenerator.Call.get(bridges.get(owners.get(keys.get(i))).url(lookup.path(keys.get(i))))));
            LoadGenerator.Outcome forwarded = run(load, lookup.label + " lookups, forwarded", roundRobin(keys.size(),
                    i -> LoadGenerator.Call.get(other(bridges, owners.get(keys.get(i))).url(lookup.path(keys.get(i))))));
            String at = String.format(Locale.ROOT, " at %d/s", rate);
            report().row(BENCH, lookup.label + " lookup p50, local" + at + " vs GET /health", local.p50Millis(),
                    baseline.p50Millis(), "ms", "", Report.Met.NA);
            report().row(BENCH, lookup.label + " lookup p99, local" + at + " vs GET /health", local.p99Millis(),
                    baseline.p99Millis(), "ms", "p99 ≤ 5 ms", Report.met(local.p99Millis() <= LOCAL_P99_GOAL_MS));
            report().row(BENCH, lookup.label + " lookup p50, forwarded" + at + " vs GET /health",
                    forwarded.p50Millis(), baseline.p50Millis(), "ms", "", Report.Met.NA);
            report().row(BENCH, lookup.label + " lookup p99, forwarded" + at + " vs GET /health",
                    forwarded.p99Millis(), baseline.p99Millis(), "ms", "p99 ≤ 15 ms",
                    Report.met(forwarded.p99Millis() <= FORWARDED_P99_GOAL_MS));
        }
    }

    /** Warms up, then measures {@code calls} at the fixed rate; fails when nothing succeeded. */
    private LoadGenerator.Outcome run(LoadGenerator load, String what, Supplier<LoadGenerator.Call> calls) {
        Report.progress("%s: %s at %d/s: warming up %d s, measuring %d s", BENCH, what, rate, warmupSeconds,
                durationSeconds);
        if (warmupSeconds > 0) {
            load.fixedRate(calls, rate, warmup());
        }
        LoadGenerator.Outcome outcome = load.fixedRate(calls, rate, duration());
        Report.progress("%s: %s: %d ok, %d failed, p50 %.2f ms, p99 %.2f ms, max %.2f ms", BENCH, what, outcome.ok(),
                outcome.failed(), outcome.p50Millis(), outcome.p99Millis(), outcome.maxMillis());
        if (outcome.failed() > 0) {
            Report.progress("%s: WARNING: %s: %d requests failed, first: %s", BENCH, what, outcome.failed(),
                    outcome.firstFailure());
        }
        if (outcome.throughput() < 0.95 * rate) {
            Report.progress("%s: WARNING: %s: the bridges answered only %.0f of %d requests per second: the "
                    + "latencies include the queue that built up", BENCH, what, outcome.throughput(), rate);
        }
        if (outcome.ok() == 0) {
            throw new IllegalStateException(what + ": no request succeeded; first failure: " + outcome.firstFailure());
        }
        return outcome;
    }

    private static Supplier<LoadGenerator.Call> roundRobin(int size, java.util.function.IntFunction<LoadGenerator.Call> call) {
        List<LoadGenerator.Call> calls = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            calls.add(call.apply(i));
        }
        AtomicLong next = new AtomicLong();
        return () -> calls.get((int) (next.getAndIncrement() % calls.size()));
    }

    private static BridgeProcess other(Map<String, BridgeProcess> bridges, String owner) {
        return bridges.entrySet().stream().filter(e -> !e.getKey().equals(owner)).findFirst().orElseThrow().getValue();
    }

    private static void require(ApiClient.Reply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException(what + ": HTTP " + reply.status() + " " + abbreviate(reply.text()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** The data is not (yet) queryable the same way on both bridges. */
    private static final class NotYet extends RuntimeException {
        NotYet(String message) {
            super(message, null, false, false);
        }
    }
}
