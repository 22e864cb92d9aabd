package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.app.kafka.TopicProvisioner;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BridgeCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldApplyDocumentedDefaultsToRun() {
        RunOptions options = parseRun();

        assertThat(options.httpPort()).isEqualTo(8000);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.controllerPort()).isEqualTo(9093);
        assertThat(options.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(options.embeddedKafka()).isTrue();
        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.topicsConfig()).isEqualTo(TopicsConfig.DEFAULT);
        assertThat(options.authFile()).isNull();
        assertThat(options.insecure()).isFalse();
        assertThat(options.maxBodyBytes()).isEqualTo(4_194_304L);
        assertThat(options.rateLimit()).isEqualTo(5000);
    }

    @Test
    void shouldParseEveryRunOption() {
        RunOptions options = parseRun("--port", "8080", "--host", "0.0.0.0", "--kafka-port", "19092",
                "--controller-port", "29093", "--data-dir", "/var/lib/bridge", "--bootstrap-servers", "k1:9092,k2:9092",
                "--topic-prefix", "prod.", "--partitions-scale", "2", "--replication-factor", "3",
                "--insecure", "--max-body-bytes", "2048", "--rate-limit", "0");

        assertThat(options.httpPort()).isEqualTo(8080);
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.controllerPort()).isEqualTo(29093);
        assertThat(options.dataDir()).isEqualTo(Path.of("/var/lib/bridge"));
        assertThat(options.embeddedKafka()).isFalse();
        assertThat(options.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(options.topicsConfig()).isEqualTo(new TopicsConfig("prod.", 2.0, (short) 3));
        assertThat(options.insecure()).isTrue();
        assertThat(options.maxBodyBytes()).isEqualTo(2048L);
        assertThat(options.rateLimit()).isZero();
    }

    @Test
    void shouldPutTheControllerNextToAMovedKafkaPort() {
        assertThat(parseRun("--kafka-port", "19092").controllerPort()).isEqualTo(19093);
    }

    @Test
    void shouldDocumentEveryRunOptionInHelp() {
        int exitCode = execute("run", "--help");

        assertThat(exitCode).isEqualTo(BridgeCli.OK);
        assertThat(out.toString()).contains("--port", "--kafka-port", "--controller-port", "--data-dir",
                "--bootstrap-servers", "--topic-prefix", "--partitions-scale", "--replication-factor",
                "--auth-file", "--insecure", "--max-body-bytes", "--rate-limit", "--host",
                "--tls-cert", "--tls-key", "--tls-keystore", "--tls-keystore-password", "--tls-ca",
                "default: 8000", "default: 9092", "default: ./data", "default: 4194304", "default: 5000");
    }

    @Test
    void shouldListSubcommandsInTopLevelHelp() {
        int exitCode = execute("--help");

        assertThat(exitCode).isEqualTo(BridgeCli.OK);
        assertThat(out.toString()).contains("run", "tail");
    }

    @Test
    void shouldPrintVersions() {
        int exitCode = execute("--version");

        assertThat(exitCode).isEqualTo(BridgeCli.OK);
        assertThat(out.toString()).startsWith("bridge ").contains("Kafka " + AppInfoParser.getVersion());
    }

    @Test
    void shouldFormatNumbersAsEnUsWhateverTheMachinesLocale() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
            assertThat(String.format("%.1f", 1.5)).isEqualTo("1,5");

            assertThat(BridgeCli.execute(new String[] {"--version"})).isEqualTo(BridgeCli.OK);

            assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
            assertThat(String.format("%.1f %,d", 1.5, 1234)).isEqualTo("1.5 1,234");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }

    @Test
    void shouldFailWithUsageErrorWithoutCommand() {
        assertThat(execute()).isEqualTo(BridgeCli.USAGE);
        assertThat(err.toString()).contains("missing command");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--nonsense                              | Unknown option",
        "--port=70000                            | --port must be a port between 0 and 65535",
        "--kafka-port=0                          | --kafka-port must be a port between 1 and 65535",
        "--controller-port=9092                  | --controller-port must differ from --kafka-port",
        "--rate-limit=-1                         | --rate-limit must be 0 (off) or positive",
        "--partitions-scale=0                    | --partitions-scale must be a positive number",
        "--replication-factor=0                  | --replication-factor must be at least 1",
        "--max-body-bytes=0                      | --max-body-bytes must be at least 1",
        "--compression=brotli                    | --compression must be one of none, gzip, snappy, lz4, zstd",
        "--commit-interval-ms=5                  | --commit-interval-ms must be between 10 and 60000",
        "--stream-threads=0                      | --stream-threads must be between 1 and 64",
        "--topic-prefix=bad/prefix               | --topic-prefix",
        "--auth-file=/does/not/exist.json        | does not exist",
        "--port=abc                              | Invalid value for option '--port'"})
    void shouldRejectInvalidRunOptionsWithoutStartingAnything(String argument, String message) {
        int exitCode = execute("run", argument);

        assertThat(exitCode).isEqualTo(BridgeCli.USAGE);
        assertThat(err.toString()).contains(message).contains("bridge run --help");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRejectInsecureTogetherWithAnAuthFile() {
        int exitCode = execute("run", "--insecure", "--auth-file", "pom.xml");

        assertThat(exitCode).isEqualTo(BridgeCli.USAGE);
        assertThat(err.toString()).contains("--insecure and --auth-file contradict each other");
    }

    @Test
    void shouldRejectTlsOptionsThatDoNotMakeOneCertificate() {
        assertThat(execute("run", "--tls-key", "key.pem")).isEqualTo(BridgeCli.USAGE);
        assertThat(execute("run", "--tls-cert", "c.pem", "--tls-key", "k.pem", "--tls-keystore", "s.p12"))
                .isEqualTo(BridgeCli.USAGE);
        assertThat(execute("run", "--tls-ca", "ca.pem")).isEqualTo(BridgeCli.USAGE);

        assertThat(err.toString()).contains("--tls-cert and --tls-key go together")
                .contains("give --tls-cert/--tls-key or --tls-keystore, not both")
                .contains("--tls-ca is for forwarding between instances that serve HTTPS");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRequireATopicForTail() {
        assertThat(execute("tail")).isEqualTo(BridgeCli.USAGE);
        assertThat(err.toString()).contains("Missing required parameter: 'TOPIC'");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "45, PT45S", "2m, PT2M", "1h, PT1H", "PT10S, PT10S"})
    void shouldReadDurations(String text, String expected) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void shouldReplicateTopicsThreeTimesWhereTheClusterHasTheBrokersUnlessTold() {
        assertThat(parseRun().topicsConfig(1).replicationFactor()).isEqualTo((short) 1);
        assertThat(parseRun().topicsConfig(2).replicationFactor()).isEqualTo((short) 2);
        assertThat(parseRun().topicsConfig(5).replicationFactor()).isEqualTo((short) 3);
        assertThat(parseRun().topicsConfig(5).minInsyncReplicas()).isEqualTo(2);
        assertThat(parseRun().topicsConfig(2).minInsyncReplicas()).isEqualTo(1);
        assertThat(parseRun("--replication-factor", "2").topicsConfig(5).replicationFactor()).isEqualTo((short) 2);

        var created = TopicProvisioner.newTopics(
                new Topics(parseRun().topicsConfig(3)));
        assertThat(created).allSatisfy(topic -> {
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry("min.insync.replicas", "2");
        });
    }

    @Test
    void shouldPrintWhatAnAdministratorCreatesForABridgeThatMayNotCreateTopics() {
        int code = execute("topics", "--print", "--topic-prefix", "prod.", "--principal", "User:svc-bridge");

        assertThat(code).as(err.toString()).isZero();
        String printed = out.toString();
        for (var topic : new Topics(new TopicsConfig("prod.", 1.0, (short) 3)).all()) {
            assertThat(printed).contains("--create --topic " + topic.name() + " --partitions " + topic.partitions()
                    + " --replication-factor 3");
        }
        assertThat(printed).contains("--topic prod.omninode-bridge-cluster-secret --partitions 1 --replication-factor 3")
                .contains("--config min.insync.replicas=2")
                .contains("--allow-principal User:svc-bridge --operation Create")
                .contains("--resource-pattern-type prefixed --topic prod.omninode-bridge-");
        assertThat(execute("topics")).as("--print is the only mode").isEqualTo(BridgeCli.USAGE);
    }

    private RunOptions parseRun(String... args) {
        CommandLine commandLine = BridgeCli.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult result = commandLine.parseArgs(all);
        RunCommand run = result.subcommand().commandSpec().commandLine().getCommand();
        return run.options();
    }

    private int execute(String... args) {
        CommandLine commandLine = BridgeCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
