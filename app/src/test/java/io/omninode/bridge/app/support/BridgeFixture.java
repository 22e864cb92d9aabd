package io.omninode.bridge.app.support;

import static org.awaitility.Awaitility.await;

import io.omninode.bridge.app.BridgeNode;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.ingest.auth.Authenticator;
import io.omninode.bridge.ingest.auth.TokenStore;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A running bridge node on the shared broker with its own topics and the test tokens:
 * {@link #ADMIN_TOKEN}, {@link #AGENT_TOKEN} (service token for {@code omniagent}),
 * {@link #READER_TOKEN}.
 */
public final class BridgeFixture implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final String AGENT_TOKEN = "test-omniagent-token-0123456789";
    public static final String READER_TOKEN = "test-reader-token-0123456789";

    public final Topics topics;
    public final BridgeNode node;
    public final String bootstrap;

    private BridgeFixture(String bootstrap, Topics topics, IngestConfig ingest) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.node = BridgeNode.start(new BridgeNode.Settings(bootstrap, topics, "127.0.0.1", 0, ingest,
                Authenticator.withTokens(TokenStore.load(authFile())),
                new BridgeNode.StreamsSettings(topics.config().prefix() + "bridge", stateDir(),
                        TopologyConfig.DEFAULTS, 16L * 1024 * 1024)));
        await().atMost(Duration.ofSeconds(30)).until(() -> http().get("/ready").status() == 200);
    }

    /** A node with fresh topics on the shared broker and the given limits. */
    public static BridgeFixture start(IngestConfig ingest) {
        return new BridgeFixture(SharedKafka.bootstrapServers(), SharedKafka.freshTopics(), ingest);
    }

    /** A node on an explicit broker and topics (which must exist). */
    public static BridgeFixture start(String bootstrap, Topics topics, IngestConfig ingest) {
        return new BridgeFixture(bootstrap, topics, ingest);
    }

    public BridgeHttp http() {
        return new BridgeHttp(node.port());
    }

    public BridgeHttp admin() {
        return http().withToken(ADMIN_TOKEN);
    }

    public BridgeHttp agent() {
        return http().withToken(AGENT_TOKEN);
    }

    public BridgeHttp reader() {
        return http().withToken(READER_TOKEN);
    }

    public long writtenSoFar() {
        return TopicReader.endOffsetTotal(bootstrap, topics.all());
    }

    @Override
    public void close() {
        node.close();
    }

    private static Path stateDir() {
        try {
            return Files.createTempDirectory("bridge-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path authFile() {
        try {
            Path file = Files.createTempFile("bridge-auth", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    {"tokens": [
                      {"token": "%s", "principal": "ops", "role": "admin"},
                      {"token": "%s", "principal": "omniagent", "role": "service", "services": ["omniagent"]},
                      {"token": "%s", "principal": "dashboard", "role": "reader"}
                    ]}""".formatted(ADMIN_TOKEN, AGENT_TOKEN, READER_TOKEN));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
