package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.omninode.bridge.app.kafka.EmbeddedKafka;
import io.omninode.bridge.app.kafka.KafkaClients;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.TestCertificates;
import io.omninode.bridge.schemas.TestCertificates.Authority;
import io.omninode.bridge.schemas.TestCertificates.KeyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --kafka-config} against a broker as managed clusters run them (issue 16): an embedded KRaft
 * broker whose only client listener is SASL_SSL with SCRAM-SHA-512, its certificate signed by a CA
 * the test makes. The broker's own user is written at format time; the bridge's user is created
 * through the Admin API, as an administrator would. With the right file the bridge connects every
 * client, writes and derives; wrong credentials, or a broker certificate it does not trust, stop
 * the start with one line instead of a hang.
 */
class SaslSslKafkaIntegrationTest {

    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"%s\" password=\"%s\";";

    @TempDir
    static Path brokerDir;
    private static EmbeddedKafka broker;
    private static Path caFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        Authority ca = TestCertificates.authority("kafka test CA");
        caFile = ca.writePem(brokerDir.resolve("ca.pem"));
        Path keystore = ca.issue("kafka-broker.test", KeyType.EC)
                .writePkcs12(brokerDir.resolve("broker.p12"), "broker", "broker-store-secret");
        int[] ports = FreePorts.pick(2);
        String listener = "SASL_SSL://" + EmbeddedKafka.HOST + ":" + ports[0];
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", listener + ",CONTROLLER://" + EmbeddedKafka.HOST + ":" + ports[1]);
        config.put("advertised.listeners", listener);
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "SASL_SSL");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        config.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", String.format(SCRAM, "admin", "admin-secret"));
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", keystore.toString());
        config.put("ssl.keystore.password", "broker-store-secret");
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", caFile.toString());
        broker = new EmbeddedKafka(brokerDir, ports[0], ports[1], config, client("admin", "admin-secret", caFile),
                List.of("SCRAM-SHA-512=[name=admin,password=admin-secret]")).start();

        try (Admin admin = KafkaClients.admin(new KafkaConnection(broker.bootstrapServers(),
                client("admin", "admin-secret", caFile)), "scram-test-admin", Duration.ofSeconds(30))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("bridge",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), "bridge-secret"))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        // the credential reaches the broker's authenticator through the metadata log
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Admin asBridge = KafkaClients.admin(new KafkaConnection(broker.bootstrapServers(),
                    client("bridge", "bridge-secret", caFile)), "scram-test-bridge", Duration.ofSeconds(10))) {
                return !KafkaClients.describeCluster(asBridge, broker.bootstrapServers(), Duration.ofSeconds(10)).isEmpty();
            }
        });
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldConnectEveryClientOverSaslSslWithScramWriteAndDerive() throws Exception {
        Path config = kafkaConfig(client("bridge", "bridge-secret", caFile));
        int port = FreePorts.one();
        StringWriter out = new StringWriter();
        try (BridgeRuntime runtime = new BridgeRuntime(options("--port", Integer.toString(port),
                "--kafka-config", config.toString()), new PrintWriter(out, true)).start()) {
            assertThat(out.toString()).contains("(SASL_SSL, client settings from " + config + ")");
            BridgeHttp http = new BridgeHttp(port);
            Reply written = http.post("/registry/services", SeedSamples.load(SeedSamples.REGISTRATION));
            assertThat(written.status()).as(written.text()).isEqualTo(200);

            // Streams read it over SASL_SSL and derived the service's health
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    http.get("/registry/services/omniagent/health").status() == 200);
            assertThat(http.get("/registry/services/omniagent/health").data().get("overall_health").asText())
                    .isEqualTo("healthy");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldStopWithOneLineOnWrongScramCredentials() throws Exception {
        Path config = kafkaConfig(client("bridge", "not-the-password", caFile));
        BridgeRuntime runtime = new BridgeRuntime(options("--port", Integer.toString(FreePorts.one()),
                "--kafka-config", config.toString()), new PrintWriter(new StringWriter(), true));

        assertThatThrownBy(runtime::start).isInstanceOf(BridgeException.class)
                .hasMessageContaining("Authentication failed")
                .hasMessageContaining("SCRAM-SHA-512")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(runtime.hasRunningComponents()).isFalse();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldStopWithOneLineWhenTheBrokersCertificateIsNotTrusted() throws Exception {
        Map<String, String> untrusting = new LinkedHashMap<>(client("bridge", "bridge-secret", caFile));
        untrusting.remove("ssl.truststore.type");
        untrusting.remove("ssl.truststore.location");
        Path config = kafkaConfig(untrusting);
        BridgeRuntime runtime = new BridgeRuntime(options("--port", Integer.toString(FreePorts.one()),
                "--kafka-config", config.toString()), new PrintWriter(new StringWriter(), true));

        assertThatThrownBy(runtime::start).isInstanceOf(BridgeException.class)
                .hasMessageContaining("SSL handshake failed")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path kafkaConfig(Map<String, String> settings) throws Exception {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Files.writeString(Files.createTempFile(dir, "kafka", ".properties"), text.toString());
    }

    /** SASL_SSL with SCRAM-SHA-512 as {@code user}, trusting the broker's CA from a PEM file. */
    private static Map<String, String> client(String user, String password, Path ca) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("sasl.jaas.config", String.format(SCRAM, user, password));
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", ca.toString());
        return settings;
    }

    private RunOptions options(String... args) {
        String[] fixed = {"run", "--bootstrap-servers", broker.bootstrapServers(), "--data-dir",
            dir.resolve("data").toString(), "--insecure", "--topic-prefix", "scram-" + dir.getFileName() + "."};
        String[] all = new String[fixed.length + args.length];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(args, 0, all, fixed.length, args.length);
        CommandLine.ParseResult result = BridgeCli.commandLine().parseArgs(all);
        return ((RunCommand) result.subcommand().commandSpec().commandLine().getCommand()).options();
    }
}
