package io.omninode.bridge.app.support;

import static org.awaitility.Awaitility.await;

import io.omninode.bridge.app.BridgeNode;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.TokenStore;
import io.omninode.bridge.ingest.registry.ConsulRegistrations;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A running bridge node on the shared broker with its own topics and the test tokens:
 * {@link #ADMIN_TOKEN}, {@link #AGENT_TOKEN} (service token for {@code omniagent}),
 * {@link #READER_TOKEN}.
 */
public final class BridgeFixture implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final String AGENT_TOKEN = "test-omniagent-token-0123456789";
    public static final String READER_TOKEN = "test-reader-token-0123456789";
    public static final String CLUSTER_SECRET = "test-cluster-secret-0123456789";

    public final Topics topics;
    public final BridgeNode node;
    public final String bootstrap;
    public final Path stateDir;
    private final IngestConfig ingest;

    private BridgeFixture(String bootstrap, Topics topics, IngestConfig ingest, Path stateDir) {
        this(bootstrap, topics, ingest, stateDir, null);
    }

    private BridgeFixture(String bootstrap, Topics topics, IngestConfig ingest, Path stateDir, String anonymous) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.ingest = ingest;
        this.stateDir = stateDir;
        this.node = BridgeNode.start(new BridgeNode.Settings(bootstrap, topics, "127.0.0.1", 0, ingest,
                Authenticator.withTokens(TokenStore.load(authFile(anonymous))),
                new BridgeNode.StreamsSettings(applicationId(topics), stateDir, TopologyConfig.DEFAULTS,
                        16L * 1024 * 1024), new BridgeNode.ClusterSettings(null, null, CLUSTER_SECRET),
                ConsulRegistrations.NONE));
        await().atMost(Duration.ofSeconds(60)).until(() -> http().get("/ready").status() == 200);
    }

    /** A node with fresh topics on the shared broker and the given limits. */
    public static BridgeFixture start(IngestConfig ingest) {
        return new BridgeFixture(SharedKafka.bootstrapServers(), SharedKafka.freshTopics(), ingest, tempStateDir());
    }

    /** A node with fresh topics whose auth file also has {@code anonymous} (the JSON of DESIGN.md §7's entry). */
    public static BridgeFixture startWithAnonymous(String anonymous) {
        return new BridgeFixture(SharedKafka.bootstrapServers(), SharedKafka.freshTopics(),
                IngestConfig.defaults("test"), tempStateDir(), anonymous);
    }

    /** A node on an explicit broker and topics (which must exist). */
    public static BridgeFixture start(String bootstrap, Topics topics, IngestConfig ingest) {
        return new BridgeFixture(bootstrap, topics, ingest, tempStateDir());
    }

    /** The Streams application id the fixture uses for {@code topics}. */
    public static String applicationId(Topics topics) {
        return topics.config().prefix() + "bridge";
    }

    /** Another node of the same application (same topics and application id), with its own state. */
    public BridgeFixture anotherInstance() {
        return new BridgeFixture(bootstrap, topics, ingest, tempStateDir());
    }

    /** Closes this node and starts a new one on the same topics, Streams application and state. */
    public BridgeFixture restart() {
        close();
        return new BridgeFixture(bootstrap, topics, ingest, stateDir);
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

    /** Records on the topics that HTTP requests write (hooks and registry), for "nothing was written" checks. */
    public long writtenSoFar() {
        return TopicReader.endOffsetTotal(bootstrap, List.of(topics.serviceLifecycle, topics.toolExecution,
                topics.toolRegistration, topics.errors, topics.registryServices, topics.registryTools));
    }

    @Override
    public void close() {
        node.close();
    }

    /**
     * A fresh Streams state dir, removed when the test JVM exits: not on {@link #close}, since
     * {@link #restart} starts the next node on the same state.
     */
    private static Path tempStateDir() {
        try {
            Path dir = Files.createTempDirectory("bridge-streams-");
            TEMP_STATE_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Set<Path> TEMP_STATE_DIRS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMP_STATE_DIRS.forEach(BridgeFixture::deleteQuietly),
                "bridge-fixture-cleanup"));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // the JVM is exiting; a leftover temp dir is all that is lost
        }
    }

    private static Path authFile(String anonymous) {
        try {
            Path file = Files.createTempFile("bridge-auth", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    {"tokens": [
                      {"token": "%s", "principal": "ops", "role": "admin"},
                      {"token": "%s", "principal": "omniagent", "role": "service", "services": ["omniagent"]},
                      {"token": "%s", "principal": "dashboard", "role": "reader"}
                    ]%s}""".formatted(ADMIN_TOKEN, AGENT_TOKEN, READER_TOKEN,
                    anonymous == null ? "" : ", \"anonymous\": " + anonymous));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
