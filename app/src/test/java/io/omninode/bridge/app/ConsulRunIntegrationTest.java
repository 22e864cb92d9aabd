package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.FakeConsul;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.schemas.SeedSamples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bridge run --consul-url}: the registration reply tells whether Consul has it; KV feeds bridge.config. */
class ConsulRunIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldReportConsulRegistrationTruthfullyAndFeedKvIntoBridgeConfig() {
        try (FakeConsul consul = FakeConsul.start();
             BridgeRuntime bridge = new BridgeRuntime(options("run", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                     "--topic-prefix", SharedKafka.uniquePrefix(), "--port", "0", "--data-dir", dataDir.toString(),
                     "--insecure", "--consul-url", consul.url().toString()), new PrintWriter(new StringWriter(), true))
                     .start()) {
            BridgeHttp http = new BridgeHttp(bridge.node().port());
            ObjectNode registration = SeedSamples.load("registration.json");
            registration.put("instance_id", "omniagent-consul-1");

            Reply reply = http.post("/registry/services", registration);

            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.data().get("consul_registered").asBoolean()).isTrue();
            assertThat(consul.services()).containsKey("omniagent-consul-1");

            consul.putKv("omninode-bridge/bridge/detector/error_burst/min_runs", "30".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAtLeast(SharedKafka.bootstrapServers(),
                    bridge.topics().bridgeConfig, 0, Duration.ofSeconds(10)).stream()
                    .anyMatch(r -> r.key().equals("detector.error_burst.min_runs") && r.value() != null
                            && r.value().asInt() == 30));
        }
    }

    private static RunOptions options(String... args) {
        CommandLine.ParseResult result = BridgeCli.commandLine().parseArgs(args);
        RunCommand run = result.subcommand().commandSpec().commandLine().getCommand();
        return run.options();
    }
}
