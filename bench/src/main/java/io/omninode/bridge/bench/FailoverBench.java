package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 15 "failover": two {@code bridge run} processes of one application (A with the embedded
 * broker, B on A's broker) hold {@code --services} registered services; B is killed with SIGKILL
 * and A is asked for every key's health over and over. Measured: the time from the kill until every
 * key has answered 200, and until every key has answered 200 from a fresh copy
 * ({@code metadata.stale: false}). The bridge's defaults (one standby copy, 6 s session timeout)
 * against Kafka Streams' own defaults (no standby, 45 s session timeout) in the same run.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Time from kill -9 of one of two instances until every key answers, and answers fresh.")
public final class FailoverBench extends BenchCommand {

    private static final String BENCH = "failover";
    private static final double ANSWER_GOAL_S = 5;
    private static final double FRESH_GOAL_S = 10;
    private static final Duration GIVE_UP = Duration.ofSeconds(240);

    @Option(names = "--services", paramLabel = "N", defaultValue = "300",
            description = "Services registered, each a key that must answer again (default: ${DEFAULT-VALUE}).")
    private int services;

    @Option(names = "--pollers", paramLabel = "N", defaultValue = "32",
            description = "Concurrent readers asking the survivor for the keys (default: ${DEFAULT-VALUE}).")
    private int pollers;

    /** How long after the kill every key answered, and answered fresh; answers that failed again after a first success. */
    private record Outcome(double answerSeconds, double freshSeconds, long relapses, long staleAnswers) {
    }

    @Override
    protected void run() {
        Outcome bridge = scenario("bridge defaults (--standby-replicas 1, --session-timeout 6s)", "bridge", List.of());
        Outcome baseline = scenario("Kafka Streams defaults (no standby, 45 s session timeout)", "baseline",
                List.of("--standby-replicas", "0", "--session-timeout", "45s"));
        String keys = String.format(Locale.ROOT, " (%d services, 2 instances)", services);
        report().row(BENCH, "kill -9 → every key answers 200" + keys, bridge.answerSeconds(), baseline.answerSeconds(),
                "s", "≤ 5 s", Report.met(bridge.answerSeconds() <= ANSWER_GOAL_S));
        report().row(BENCH, "kill -9 → every key answers fresh" + keys, bridge.freshSeconds(), baseline.freshSeconds(),
                "s", "< 10 s", Report.met(bridge.freshSeconds() < FRESH_GOAL_S));
    }

    private Outcome scenario(String label, String name, List<String> flags) {
        Path work = workDir(BENCH).resolve(name);
        String secret = UUID.randomUUID().toString().replace("-", "");
        Report.progress("%s: %s: starting bridge A (embedded broker) and bridge B (logs in %s)", BENCH, label, work);
        List<String> aArgs = new ArrayList<>(List.of("--instance-id", "bench-a", "--cluster-secret", secret));
        aArgs.addAll(flags);
        try (BridgeProcess a = BridgeProcess.embedded(root, work.resolve("a"), aArgs.toArray(String[]::new))) {
            a.awaitReady(Duration.ofSeconds(120));
            int portB = BridgeProcess.freePort();
            List<String> bArgs = new ArrayList<>(List.of("--port", Integer.toString(portB),
                    "--bootstrap-servers", a.kafkaBootstrap(), "--data-dir", work.resolve("data-b").toString(),
                    "--instance-id", "bench-b", "--cluster-secret", secret, "--insecure", "--rate-limit", "0"));
            bArgs.addAll(flags);
            BridgeProcess b = BridgeProcess.bridge(root, portB, work.resolve("bridge-b.log"), bArgs);
            try {
                b.awaitReady(Duration.ofSeconds(120));
                a.awaitReady(Duration.ofSeconds(120));
                ApiClient api = new ApiClient();
                List<String> keys = register(api, a);
                awaitShared(api, a, keys);
                Report.progress("%s: %s: killing bridge B (pid %d) with SIGKILL", BENCH, label, b.pid());
                b.kill();
                Outcome outcome = poll(api, a, keys);
                Report.progress("%s: %s: every key answered after %.2f s, fresh after %.2f s; %d stale answers, "
                                + "%d answers failed again after a first success", BENCH, label, outcome.answerSeconds(),
                        outcome.freshSeconds(), outcome.staleAnswers(), outcome.relapses());
                return outcome;
            } finally {
                b.close();
            }
        }
    }

    private List<String> register(ApiClient api, BridgeProcess a) {
        List<String> keys = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            String service = String.format(Locale.ROOT, "fbench-svc-%03d", s);
            ObjectNode body = SampleBodies.registration();
            body.put("service_name", service).put("instance_id", service + "-1")
                    .put("host", "127.0.0.1").put("port", 9000).put("ttl_seconds", 3600);
            ApiClient.Reply reply = api.post(a.url("/registry/services"), body);
            if (!reply.ok()) {
                throw new IllegalStateException("registering " + service + ": HTTP " + reply.status());
            }
            keys.add(service);
        }
        return keys;
    }

    /** Waits until every key answers fresh from A and both instances own keys, twice in a row 3 s apart. */
    private void awaitShared(ApiClient api, BridgeProcess a, List<String> keys) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String previous = null;
        while (System.nanoTime() < deadline) {
            StringBuilder owners = new StringBuilder();
            boolean complete = true;
            for (String key : keys) {
                ApiClient.Reply reply = api.get(a.url("/registry/services/" + key + "/health?fresh=true"));
                if (!reply.ok()) {
                    complete = false;
                    break;
                }
                owners.append(reply.json().path("metadata").path("served_by").asText()).append(',');
            }
            String now = owners.toString();
            if (complete && now.contains("bench-a") && now.contains("bench-b") && now.equals(previous)) {
                Report.progress("%s: every key answers fresh from A; %d owned by B", BENCH,
                        now.split("bench-b", -1).length - 1);
                return;
            }
            previous = complete ? now : null;
            BridgeProcess.sleep(3_000);
        }
        throw new IllegalStateException("the two instances did not share the keys within 180 s");
    }

    /**
     * {@link #pollers} readers ask A for the keys, each its share in turn, until every key answered
     * fresh; the times are from the kill.
     */
    private Outcome poll(ApiClient api, BridgeProcess a, List<String> keys) {
        long killed = System.nanoTime();
        AtomicLongArray answered = new AtomicLongArray(keys.size());
        AtomicLongArray fresh = new AtomicLongArray(keys.size());
        AtomicLong relapses = new AtomicLong();
        AtomicLong stale = new AtomicLong();
        for (int i = 0; i < keys.size(); i++) {
            answered.set(i, -1);
            fresh.set(i, -1);
        }
        ExecutorService readers = Executors.newFixedThreadPool(pollers);
        long deadline = killed + GIVE_UP.toNanos();
        for (int p = 0; p < pollers; p++) {
            int first = p;
            readers.submit(() -> {
                boolean done = false;
                while (!done && System.nanoTime() < deadline) {
                    done = true;
                    for (int i = first; i < keys.size(); i += pollers) {
                        if (fresh.get(i) >= 0) {
                            continue;
                        }
                        done = false;
                        ApiClient.Reply reply = api.get(a.url("/registry/services/" + keys.get(i) + "/health"));
                        long at = System.nanoTime() - killed;
                        if (reply.ok()) {
                            answered.compareAndSet(i, -1, at);
                            if (reply.json().path("metadata").path("stale").asBoolean()) {
                                stale.incrementAndGet();
                            } else {
                                fresh.set(i, at);
                            }
                        } else if (answered.get(i) >= 0) {
                            relapses.incrementAndGet();
                        }
                    }
                    BridgeProcess.sleep(50);
                }
            });
        }
        readers.shutdown();
        try {
            if (!readers.awaitTermination(GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS)) {
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            readers.shutdownNow();
        }
        long lastAnswer = 0;
        long lastFresh = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (fresh.get(i) < 0) {
                throw new IllegalStateException(keys.get(i) + " did not answer fresh within " + GIVE_UP.toSeconds()
                        + " s of the kill");
            }
            lastAnswer = Math.max(lastAnswer, answered.get(i));
            lastFresh = Math.max(lastFresh, fresh.get(i));
        }
        return new Outcome(lastAnswer / 1e9, lastFresh / 1e9, relapses.get(), stale.get());
    }
}
