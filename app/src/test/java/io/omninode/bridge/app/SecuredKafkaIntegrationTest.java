package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.kafka.EmbeddedKafka;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.schemas.SeedSamples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --kafka-config} against a broker that requires SASL (issue 16): an embedded KRaft broker
 * whose client listener is SASL_PLAINTEXT with the PLAIN mechanism. With the right credentials the
 * bridge connects every client, writes and derives; with wrong ones it stops at start-up with one
 * line instead of hanging.
 */
class SecuredKafkaIntegrationTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"%s\" password=\"%s\";";

    @TempDir
    static Path brokerDir;
    private static EmbeddedKafka broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        int[] ports = FreePorts.pick(2);
        String listener = "SASL_PLAINTEXT://" + EmbeddedKafka.HOST + ":" + ports[0];
        broker = new EmbeddedKafka(brokerDir, ports[0], ports[1], Map.of(
                "listeners", listener + ",CONTROLLER://" + EmbeddedKafka.HOST + ":" + ports[1],
                "advertised.listeners", listener,
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name", "SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                        + "password=\"admin-secret\" user_admin=\"admin-secret\" user_bridge=\"bridge-secret\";"),
                client("admin", "admin-secret")).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldConnectEveryClientWithTheClientConfigWriteAndDerive() throws Exception {
        Path config = kafkaConfig("bridge", "bridge-secret");
        int port = FreePorts.one();
        StringWriter out = new StringWriter();
        try (BridgeRuntime runtime = new BridgeRuntime(options("--port", Integer.toString(port),
                "--kafka-config", config.toString()), new PrintWriter(out, true)).start()) {
            assertThat(out.toString()).contains("(SASL_PLAINTEXT, client settings from " + config + ")");
            BridgeHttp http = new BridgeHttp(port);
            ObjectNode registration = SeedSamples.load(SeedSamples.REGISTRATION);
            Reply written = http.post("/registry/services", registration);
            assertThat(written.status()).as(written.text()).isEqualTo(200);

            // Streams read it over SASL and derived the service's health
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    http.get("/registry/services/omniagent/health").status() == 200);
            assertThat(http.get("/registry/services/omniagent/health").data().get("overall_health").asText())
                    .isEqualTo("healthy");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldStopWithOneLineOnWrongCredentials() throws Exception {
        Path config = kafkaConfig("bridge", "not-the-password");
        BridgeRuntime runtime = new BridgeRuntime(options("--port", Integer.toString(FreePorts.one()),
                "--kafka-config", config.toString()), new PrintWriter(new StringWriter(), true));

        assertThatThrownBy(runtime::start).isInstanceOf(BridgeException.class)
                .hasMessageContaining("Authentication failed");
    }

    @Test
    void shouldRefuseAClientConfigItCannotApply() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.properties"), "security.protocol=SASL_NOPE\n");
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.properties"), "bootstrap.servers=elsewhere:9092\n");
        Path unset = Files.writeString(dir.resolve("unset.properties"),
                "sasl.jaas.config=x password=\"${env:BRIDGE_TEST_SURELY_UNSET_VARIABLE}\";\n");

        for (Path file : new Path[] {bad, bootstrap, unset}) {
            BridgeRuntime runtime = new BridgeRuntime(options("--port", Integer.toString(FreePorts.one()),
                    "--kafka-config", file.toString()), new PrintWriter(new StringWriter(), true));
            assertThatThrownBy(runtime::start).as(file.toString()).isInstanceOf(BridgeException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    private Path kafkaConfig(String user, String password) throws Exception {
        StringBuilder text = new StringBuilder();
        client(user, password).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Files.writeString(dir.resolve(user + "-" + password + ".properties"), text.toString());
    }

    private static Map<String, String> client(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", String.format(JAAS, user, password));
    }

    private RunOptions options(String... args) {
        String[] all = new String[args.length + 8];
        String[] fixed = {"run", "--bootstrap-servers", broker.bootstrapServers(), "--data-dir", dir.resolve("data").toString(),
                "--insecure", "--topic-prefix", "sasl-" + dir.getFileName() + "."};
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(args, 0, all, fixed.length, args.length);
        CommandLine.ParseResult result = BridgeCli.commandLine().parseArgs(all);
        return ((RunCommand) result.subcommand().commandSpec().commandLine().getCommand()).options();
    }
}
