package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeProcess;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.health.ServiceHealth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Reads that survive an instance crash (issue 15): two instances of one application, one of them a
 * {@code bridge run} child process killed with SIGKILL. The survivor answers every key at once from
 * its standby copies, marked stale; once the group has moved the partitions, every answer is fresh
 * and equal to what was there before plus what was written since; writes never stop.
 */
class FailoverIntegrationTest {

    private static final IngestConfig LIMITS = new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test");
    private static final int SERVICES = 13;
    /**
     * The victim's session timeout: long enough that the group still believes in it while the
     * survivor's answers within 5 s of the kill are checked, so those are answered from standbys.
     */
    private static final String VICTIM_SESSION = "25s";

    @TempDir
    Path victimDir;

    @Test
    void shouldAnswerEveryKeyFromStandbysRightAfterAKillAndFreshOnceTheGroupMoved() throws Exception {
        BridgeFixture survivor = BridgeFixture.start(LIMITS);
        Process victim = null;
        try {
            victim = BridgeProcess.start(victimDir, "--bootstrap-servers", survivor.bootstrap,
                    "--topic-prefix", survivor.topics.config().prefix(),
                    "--application-id", "bridge",
                    "--cluster-secret", BridgeFixture.CLUSTER_SECRET, "--port", "0",
                    "--data-dir", victimDir.resolve("data").toString(), "--insecure",
                    "--session-timeout", VICTIM_SESSION);
            List<String> services = IntStream.range(0, SERVICES).mapToObj(i -> "failover-" + i).toList();
            services.forEach(s -> register(survivor.admin(), s));

            // both instances serve, each owns some keys, and the survivor keeps standbys of the victim's
            BridgeHttp reader = survivor.reader();
            Map<String, JsonNode> before = new HashMap<>();
            Set<String> victimKeys = new TreeSet<>();
            StringBuilder seen = new StringBuilder();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .conditionEvaluationListener(c -> {
                        if (c.getRemainingTimeInMS() <= 500) {
                            System.err.println("failover test, last poll: " + seen + "\nvictim log:\n" + victimLog());
                        }
                    })
                    .until(() -> {
                before.clear();
                victimKeys.clear();
                seen.setLength(0);
                seen.append("standbys ").append(standbyPartitionsOfSurvivor(survivor)).append("; ");
                for (String s : services) {
                    Reply health = reader.get("/registry/services/" + s + "/health");
                    seen.append(s).append(' ').append(health.status()).append(' ')
                            .append(health.json().path("metadata")).append("; ");
                    if (health.status() != 200 || health.json().at("/metadata/stale").asBoolean()) {
                        return false;
                    }
                    before.put(s, health.data());
                    if (!health.json().at("/metadata/served_by").asText().equals(survivor.node.cluster().instanceId())) {
                        victimKeys.add(s);
                    }
                }
                if (victimKeys.isEmpty() || standbyPartitionsOfSurvivor(survivor) == 0) {
                    return false;
                }
                // the survivor's standby copies have caught up with the victim's answers: a standby
                // that lags at the kill has nothing (or less) to answer with, and rightly says so
                for (String s : victimKeys) {
                    JsonNode copy = survivorCopy(survivor, s);
                    seen.append(s).append(" copy ").append(copy == null ? "none" : copy.equals(before.get(s))
                            ? "caught up" : "behind").append("; ");
                    if (!before.get(s).equals(copy)) {
                        return false;
                    }
                }
                return true;
            });

            CopyOnWriteArrayList<Integer> writes = new CopyOnWriteArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    writes.add(register(survivor.admin(), "after-" + i, false));
                    sleep(200);
                }
            }, "failover-writer");

            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            writer.start();

            // within 5 s of the kill every key answers, the victim's from standby copies, marked
            for (String s : services) {
                Reply health = reader.get("/registry/services/" + s + "/health");
                assertThat(health.status()).as("%s after the kill: %s", s, health.text()).isEqualTo(200);
                assertThat(health.json().at("/metadata/stale").asBoolean()).as(s).isEqualTo(victimKeys.contains(s));
                if (victimKeys.contains(s)) {
                    assertThat(health.json().at("/metadata/lag").has("offsets")).isTrue();
                }
                assertThat(health.data()).as(s).isEqualTo(before.get(s));
            }
            Reply list = reader.get("/registry/services?limit=1000");
            assertThat(list.status()).as(list.text()).isEqualTo(200);
            assertThat(list.json().at("/metadata/stale").asBoolean()).isTrue();
            assertThat(names(list)).containsAll(services);
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(5));

            Reply fresh = reader.get("/registry/services/" + victimKeys.iterator().next() + "/health?fresh=true");
            assertThat(fresh.status()).as("only stale copies exist: %s", fresh.text()).isEqualTo(503);
            assertThat(fresh.header("Retry-After")).isNotNull();

            // once the group has moved the victim's partitions, everything is fresh and complete
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (String s : services) {
                    Reply health = reader.get("/registry/services/" + s + "/health?fresh=true");
                    if (health.status() != 200) {
                        return false;
                    }
                    assertThat(health.json().at("/metadata/stale").asBoolean()).isFalse();
                    assertThat(health.data()).as(s).isEqualTo(before.get(s));
                }
                return true;
            });
            writing.set(false);
            writer.join(30_000);
            assertThat(writes).as("ingest is stateless: writes answered 200 throughout").isNotEmpty()
                    .allSatisfy(status -> assertThat(status).isEqualTo(200));
            List<String> written = IntStream.range(0, writes.size()).mapToObj(i -> "after-" + i).toList();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Reply all = reader.get("/registry/services?limit=1000&fresh=true");
                return all.status() == 200 && names(all).containsAll(written) && names(all).containsAll(services);
            });
            Reply all = reader.get("/registry/services?limit=1000");
            assertThat(all.json().at("/metadata/stale").asBoolean()).isFalse();
            assertThat(names(all)).hasSize(SERVICES + written.size());
        } finally {
            if (victim != null) {
                victim.destroyForcibly();
            }
            survivor.close();
        }
    }

    @Test
    void shouldStartASingleInstanceWithoutStandbysAndWithoutWarnings() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        try (BridgeFixture single = BridgeFixture.start(LIMITS)) {
            register(single.admin(), "single-svc");
            await().atMost(Duration.ofSeconds(60)).until(() -> single.reader()
                    .get("/registry/services/single-svc/health").status() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("single instance of ")));

            assertThat(standbyPartitionsOfSurvivor(single)).isZero();
            assertThat(single.reader().get("/registry/services/single-svc/health").json().at("/metadata/stale")
                    .asBoolean()).isFalse();
            assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(message -> message.toLowerCase(java.util.Locale.ROOT).contains("standby"));
        } finally {
            root.detachAppender(log);
        }
    }

    /** The end of the victim's log, for a test that failed before the kill. */
    private String victimLog() {
        try (var files = Files.list(victimDir)) {
            StringBuilder out = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(file);
                out.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            return out.toString();
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * {@code service}'s health in the survivor's own copy of its partition (a standby, for the
     * victim's keys), rendered as the API renders it; null when that copy does not have it.
     */
    private static JsonNode survivorCopy(BridgeFixture fixture, String service) {
        StateQueryResult<ServiceHealth> result = fixture.node.streams().query(StateQueryRequest
                .inStore(StoreNames.SERVICE_HEALTH).withQuery(KeyQuery.<String, ServiceHealth>withKey(service)));
        for (QueryResult<ServiceHealth> partition : result.getPartitionResults().values()) {
            if (partition.isSuccess() && partition.getResult() != null) {
                ObjectNode out = Json.MAPPER.valueToTree(partition.getResult());
                out.remove("error_window"); // as ReadService renders it
                try { // through bytes, so that numbers come back as they do from an HTTP reply
                    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(out));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    private static int standbyPartitionsOfSurvivor(BridgeFixture fixture) {
        return fixture.node.streams().metadataForAllStreamsClients().stream()
                .filter(m -> m.hostInfo().equals(fixture.node.cluster().applicationServer()))
                .mapToInt(m -> m.standbyTopicPartitions().size()).sum();
    }

    private static void register(BridgeHttp client, String service) {
        assertThat(register(client, service, true)).isEqualTo(200);
    }

    private static int register(BridgeHttp client, String service, boolean strict) {
        ObjectNode body = SeedSamples.load("registration.json");
        body.put("service_name", service);
        body.put("instance_id", service + "-1");
        body.put("ttl_seconds", 3600);
        Reply reply = client.post("/registry/services", body);
        if (strict) {
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        }
        return reply.status();
    }

    private static List<String> names(Reply reply) {
        List<String> names = new java.util.ArrayList<>();
        reply.data().get("items").forEach(i -> names.add(i.get("service_name").asText()));
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
