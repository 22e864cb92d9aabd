package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BridgeRuntimeIntegrationTest {

    private final StringWriter out = new StringWriter();

    @TempDir
    Path dataDir;

    @Test
    void shouldCreateTopicsOnExternalKafkaPrintingOneLinePerStep() throws Exception {
        // Given a run against the shared broker as an external cluster
        String prefix = SharedKafka.uniquePrefix();
        RunOptions options = options("--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic-prefix", prefix);

        // When the runtime starts, and again on the same cluster
        try (BridgeRuntime runtime = new BridgeRuntime(options, new PrintWriter(out, true)).start()) {
            // Then every catalog topic exists under the prefix
            assertThat(SharedKafka.admin().listTopics().names().get())
                    .containsAll(runtime.topics().all().stream().map(Topic::name).toList());
            assertThat(runtime.bootstrapServers()).isEqualTo(SharedKafka.bootstrapServers());
            assertThat(new BridgeHttp(runtime.node().port()).get("/ready").status()).isEqualTo(200);
        }
        try (BridgeRuntime again = new BridgeRuntime(options, new PrintWriter(out, true)).start()) {
            assertThat(again.hasRunningComponents()).isTrue();
        }

        assertThat(out.toString()).contains("Bridge ready on http://127.0.0.1:")
                .contains("admin token").contains(dataDir.resolve("admin-token").toString());
        assertThat(out.toString().lines().toList()).containsSubsequence(
                "[1/4] connecting to external Kafka at " + SharedKafka.bootstrapServers() + " (PLAINTEXT)",
                "[2/4] creating topics (prefix '" + prefix + "'): 12 created, 0 existing",
                "[3/4] cluster secret of forwarded queries: generated and kept in " + prefix
                        + "omninode-bridge-cluster-secret",
                "[1/4] connecting to external Kafka at " + SharedKafka.bootstrapServers() + " (PLAINTEXT)",
                "[2/4] creating topics (prefix '" + prefix + "'): 0 created, 12 existing",
                "[3/4] cluster secret of forwarded queries: shared through " + prefix + "omninode-bridge-cluster-secret");
    }

    @Test
    void shouldStopEverythingOnClose() {
        RunOptions options = options("--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--topic-prefix", SharedKafka.uniquePrefix(), "--stream-threads", "3");
        BridgeRuntime runtime = new BridgeRuntime(options, new PrintWriter(out, true)).start();
        // the option reaches Kafka Streams
        assertThat(runtime.node().streams().metadataForLocalThreads()).hasSize(3);

        runtime.close();
        runtime.close();

        assertThat(runtime.hasRunningComponents()).isFalse();
    }

    @Test
    void shouldReportABusyKafkaPortAsOneLineAndStartNothing() {
        int busyPort = SharedKafka.broker().kafkaPort();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BridgeCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int exitCode = commandLine.execute("run", "--kafka-port", Integer.toString(busyPort),
                "--controller-port", Integer.toString(FreePorts.one()), "--data-dir",
                SharedKafka.broker().logDir().resolveSibling("other-run").toString());

        assertThat(exitCode).isEqualTo(BridgeCli.FAILED);
        assertThat(err.toString().strip()).startsWith("error: Kafka port 127.0.0.1:" + busyPort + " is already in use")
                .doesNotContain("\n");
    }

    @Test
    void shouldRejectAReplicationFactorTheClusterCannotMeet() {
        RunOptions options = options("--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--topic-prefix", SharedKafka.uniquePrefix(), "--replication-factor", "2");
        BridgeRuntime runtime = new BridgeRuntime(options, new PrintWriter(out, true));

        assertThatThrownBy(runtime::start).isInstanceOf(BridgeException.class)
                .hasMessageContaining("replication factor 2");
        assertThat(runtime.hasRunningComponents()).isFalse();
    }

    /** Options for a run on any free HTTP port with its data (admin token, Streams state) in a temp dir. */
    private RunOptions options(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "run";
        all[1] = "--port";
        all[2] = "0";
        all[3] = "--data-dir";
        all[4] = dataDir.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        CommandLine.ParseResult result = BridgeCli.commandLine().parseArgs(all);
        RunCommand run = result.subcommand().commandSpec().commandLine().getCommand();
        return run.options();
    }
}
