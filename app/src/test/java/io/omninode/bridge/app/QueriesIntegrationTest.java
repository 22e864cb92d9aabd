package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.queries.Forwarder;
import io.omninode.bridge.schemas.SeedSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two bridge instances of one application: every read answers the same from either instance. */
class QueriesIntegrationTest {

    private static final IngestConfig LIMITS = new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test");
    private static final int SERVICES = 12;

    @Test
    void shouldAnswerEveryReadFromEitherInstanceAndSurviveLosingOne() {
        BridgeFixture a = BridgeFixture.start(LIMITS);
        BridgeFixture b = a.anotherInstance();
        try {
            List<String> services = IntStream.range(0, SERVICES).mapToObj(i -> "svc-" + i).toList();
            services.forEach(s -> register(a.admin(), s));
            Reply tool = a.admin().post("/registry/tools", SeedSamples.load("tool-code_generator.json"));
            assertThat(tool.status()).as(tool.text()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(60)).until(() -> listedServices(a.admin()).size() == SERVICES);
            assertThat(listedServices(b.admin())).isEqualTo(listedServices(a.admin()));

            Set<String> servedBy = new HashSet<>();
            for (String s : services) {
                Reply fromA = a.reader().get("/registry/services/" + s + "/health");
                Reply fromB = b.reader().get("/registry/services/" + s + "/health");
                assertThat(fromA.status()).as(fromA.text()).isEqualTo(200);
                assertThat(fromB.status()).as(fromB.text()).isEqualTo(200);
                assertThat(fromB.data()).isEqualTo(fromA.data());
                assertThat(fromA.data().get("overall_health").asText()).isEqualTo("healthy");
                servedBy.add(fromA.json().at("/metadata/served_by").asText());

                Reply transitionsA = a.reader().get("/intelligence/health/transitions?service=" + s);
                Reply transitionsB = b.reader().get("/intelligence/health/transitions?service=" + s);
                assertThat(transitionsB.data()).isEqualTo(transitionsA.data());
                assertThat(transitionsA.data().at("/items/0/trigger_event").asText()).isEqualTo("registered");
            }
            assertThat(servedBy).as("keys owned by each instance were answered by their owner").hasSize(2);

            assertThat(pageThrough(b.reader(), "/registry/services?limit=5"))
                    .isEqualTo(services.stream().sorted().toList());
            assertThat(b.reader().get("/intelligence/health/transitions?limit=1000").data().get("count").asInt())
                    .isEqualTo(SERVICES);
            assertThat(b.reader().get("/registry/tools/omniagent:code_generator").data().get("tool_name").asText())
                    .isEqualTo("code_generator");
            assertThat(a.reader().get("/registry/tools?service=omniagent").data().get("count").asInt()).isEqualTo(1);
            assertThat(a.reader().get("/registry/services/nope/health").status()).isEqualTo(404);

            a.close();
            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Reply list = b.reader().get("/registry/services?limit=1000");
                statuses.add(list.status());
                if (list.status() == 200) {
                    assertThat(names(list)).as("a list answer is never partial").hasSize(SERVICES);
                    return true;
                }
                assertThat(list.status()).isEqualTo(503);
                return false;
            });
            for (String s : services) {
                await().atMost(Duration.ofSeconds(30)).until(() -> b.reader()
                        .get("/registry/services/" + s + "/health").status() == 200);
            }
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void shouldRefuseForwardedQueriesWithoutTheClusterSecretAndNeverForwardTwice() {
        try (BridgeFixture a = BridgeFixture.start(LIMITS); BridgeFixture b = a.anotherInstance()) {
            register(a.admin(), "hopsvc");
            await().atMost(Duration.ofSeconds(60)).until(() -> a.reader().get("/registry/services/hopsvc/health")
                    .status() == 200);

            Reply noSecret = b.http().send("GET", "/registry/services/hopsvc/health", new byte[0], null,
                    Map.of(Forwarder.HOP_HEADER, "1", Forwarder.SECRET_HEADER, "wrong-secret-0123456789"));
            assertThat(noSecret.status()).isEqualTo(403);

            Map<String, String> hop = Map.of(Forwarder.HOP_HEADER, "1",
                    Forwarder.SECRET_HEADER, BridgeFixture.CLUSTER_SECRET);
            // fresh=true: only the instance with the active copy answers, the other refuses instead of
            // forwarding again (while the partition moves right after b joined, both may own it in turn)
            await().atMost(Duration.ofSeconds(30)).until(() -> List.of(
                    a.http().send("GET", "/registry/services/hopsvc/health?fresh=true", new byte[0], null, hop).status(),
                    b.http().send("GET", "/registry/services/hopsvc/health?fresh=true", new byte[0], null, hop).status())
                    .containsAll(List.of(200, 503)));
            // without it the other answers from its own copy (a standby, marked stale) or refuses
            List<Reply> answers = List.of(
                    a.http().send("GET", "/registry/services/hopsvc/health", new byte[0], null, hop),
                    b.http().send("GET", "/registry/services/hopsvc/health", new byte[0], null, hop));
            assertThat(answers).filteredOn(r -> r.status() == 200 && !r.json().at("/metadata/stale").asBoolean())
                    .hasSize(1);
            assertThat(answers).filteredOn(r -> r.status() == 503
                    || r.status() == 200 && r.json().at("/metadata/stale").asBoolean()).hasSize(1);
        }
    }

    private static void register(BridgeHttp client, String service) {
        ObjectNode body = SeedSamples.load("registration.json");
        body.put("service_name", service);
        body.put("instance_id", service + "-1");
        Reply reply = client.post("/registry/services", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    private static List<String> listedServices(BridgeHttp client) {
        Reply reply = client.get("/registry/services?limit=1000");
        return reply.status() == 200 ? names(reply) : List.of();
    }

    private static List<String> names(Reply reply) {
        List<String> names = new ArrayList<>();
        reply.data().get("items").forEach(i -> names.add(i.get("service_name").asText()));
        return names;
    }

    private static List<String> pageThrough(BridgeHttp client, String path) {
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = client.get(path + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            all.addAll(names(page));
            JsonNode next = page.data().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return all;
    }
}
