package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omninode.bridge.app.kafka.EmbeddedKafka;
import io.omninode.bridge.app.kafka.TopicProvisioner;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge with its own broker: outage → 503 and recovery, and nothing lost across restarts. */
class BrokerOutageIntegrationTest {

    private static final IngestConfig LIMITS = new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test");

    @TempDir
    Path dataDir;

    @Test
    void shouldAnswer503WhileTheBrokerIsDownAndRecoverWithoutLosingAcceptedEvents() {
        int[] ports = FreePorts.pick(2);
        int kafkaPort = ports[0];
        int controllerPort = ports[1];
        Topics topics = new Topics(TopicsConfig.withPrefix("outage."));
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, kafkaPort, controllerPort).start();
        provision(kafka.bootstrapServers(), topics);
        String beforeOutage;
        String afterRecovery;
        try (BridgeFixture bridge = BridgeFixture.start(kafka.bootstrapServers(), topics, LIMITS)) {
            beforeOutage = accept(bridge);

            kafka.close();
            Reply during = bridge.admin().post("/hooks/error", SeedSamples.load("error-hook.json"));

            assertThat(during.status()).as(during.text()).isEqualTo(503);
            assertThat(during.json().at("/error/code").asText()).isEqualTo("service_unavailable");
            assertThat(during.header("Retry-After")).isNotBlank();
            await().atMost(Duration.ofSeconds(10)).until(() -> bridge.http().get("/ready").status() == 503);

            kafka = new EmbeddedKafka(dataDir, kafkaPort, controllerPort).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> bridge.http().get("/ready").status() == 200);
            afterRecovery = accept(bridge);
        } finally {
            kafka.close();
        }

        try (EmbeddedKafka restarted = new EmbeddedKafka(dataDir, kafkaPort, controllerPort).start()) {
            Set<String> stored = TopicReader.readAtLeast(restarted.bootstrapServers(), topics.errors, 2,
                    Duration.ofSeconds(30)).stream().map(r -> r.value().eventId()).collect(Collectors.toSet());

            assertThat(stored).contains(beforeOutage, afterRecovery);
        }
    }

    private static String accept(BridgeFixture bridge) {
        Reply reply = bridge.admin().post("/hooks/error", SeedSamples.load("error-hook.json"));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.data().get("hook_id").asText();
    }

    private static void provision(String bootstrap, Topics topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensureTopics(admin, topics);
        }
    }

}
