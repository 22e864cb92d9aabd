package io.omninode.bridge.app;

import io.omninode.bridge.console.ConsoleRoutes;
import io.omninode.bridge.app.kafka.ClusterSecret;
import io.omninode.bridge.consul.ConsulIntegration;
import io.omninode.bridge.app.kafka.EmbeddedKafka;
import io.omninode.bridge.app.kafka.KafkaClients;
import io.omninode.bridge.app.kafka.TopicProvisioner;
import io.omninode.bridge.http.tls.Https;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.proxy.AddressPolicy;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code bridge run} starts, in order — Kafka (embedded or external), the topics,
 * then the HTTP API — and stops in reverse order on {@link #close()}. Each step prints one
 * line to {@code out}.
 */
public final class BridgeRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeRuntime.class);
    private static final int STEPS = 4;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** Reported in every reply's metadata. */
    public static final String VERSION = versionOf(BridgeRuntime.class);

    private final RunOptions options;
    private final PrintWriter out;
    /** Started components, most recent first; {@link #close()} stops them in this order. */
    private final Deque<Component> started = new ArrayDeque<>();

    private String bootstrapServers;
    private KafkaConnection connection;
    private int brokers = 1;
    private Topics topics;
    private Admin admin;
    private String clusterSecret;
    private Https https;
    private BridgeNode node;
    private ConsulIntegration consul;
    private boolean closed;
    private int step;

    public BridgeRuntime(RunOptions options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /**
     * Starts every component; on failure stops what had started and rethrows.
     *
     * @throws BridgeException for failures the operator can fix
     */
    public synchronized BridgeRuntime start() {
        if (closed || step > 0) {
            throw new IllegalStateException("a BridgeRuntime starts once");
        }
        try {
            loadCertificate();
            startKafka();
            createTopics();
            shareClusterSecret();
            startConsul();
            startHttp();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        printf("Bridge ready on %s (console %s%s; %.1f s since JVM start; Kafka at %s); press Ctrl-C to stop",
                url(), url(), ConsoleRoutes.PATH, ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, bootstrapServers);
        return this;
    }

    /** The HTTPS port's certificate and the trust of forwarded queries, checked before anything starts. */
    private void loadCertificate() {
        if (options.certificateSource() == null) {
            return;
        }
        try {
            https = Https.load(options.certificateSource(), options.tlsCa());
        } catch (IllegalArgumentException e) {
            throw new BridgeException(e.getMessage(), e);
        }
    }

    private void startKafka() {
        if (options.embeddedKafka()) {
            step("starting embedded Kafka (KRaft) on %s:%d, data in %s", EmbeddedKafka.HOST,
                    options.kafkaPort(), options.dataDir().resolve("kafka"));
            EmbeddedKafka kafka = register("embedded Kafka",
                    new EmbeddedKafka(options.dataDir(), options.kafkaPort(), options.controllerPort()).start());
            bootstrapServers = kafka.bootstrapServers();
            connection = KafkaConnection.plain(bootstrapServers);
        } else {
            bootstrapServers = options.bootstrapServers();
            connection = options.kafkaConfig() == null ? KafkaConnection.plain(bootstrapServers)
                    : loadKafkaConfig(options.kafkaConfig());
            step("connecting to external Kafka at %s (%s%s)", bootstrapServers, connection.securityProtocol(),
                    options.kafkaConfig() == null ? "" : ", client settings from " + options.kafkaConfig());
        }
        admin = register("Kafka admin client",
                KafkaClients.admin(connection, "bridge-admin", KafkaClients.DEFAULT_TIMEOUT));
        brokers = KafkaClients.describeCluster(admin, bootstrapServers, KafkaClients.DEFAULT_TIMEOUT).size();
        log.debug("Kafka at {} has {} broker(s)", bootstrapServers, brokers);
    }

    /** The {@code --kafka-config} file, refused with one line when it cannot be applied. */
    private KafkaConnection loadKafkaConfig(Path file) {
        KafkaConnection loaded;
        try {
            loaded = KafkaConnection.load(bootstrapServers, file, System::getenv);
        } catch (IllegalArgumentException e) {
            throw new BridgeException(e.getMessage(), e);
        }
        try {
            // every client the bridge makes takes these settings: refuse values a client would refuse
            new AdminClientConfig(loaded.clientProperties());
        } catch (ConfigException e) {
            throw new BridgeException("the Kafka client config " + file + " cannot be applied: " + e.getMessage(), e);
        }
        return loaded;
    }

    private void createTopics() {
        topics = new Topics(options.topicsConfig(brokers));
        TopicProvisioner.Result result = TopicProvisioner.ensureTopics(admin, topics);
        String prefix = options.topicPrefix().isEmpty() ? "" : " (prefix '" + options.topicPrefix() + "')";
        step("creating topics%s: %d created, %d existing", prefix, result.created().size(), result.existing().size());
    }

    /** The embedded KRaft controller and the Consul agent, which the proxy must never call (DESIGN.md §7). */
    private List<AddressPolicy.Listener> neverCall() {
        List<AddressPolicy.Listener> out = new ArrayList<>();
        if (options.embeddedKafka()) {
            out.add(new AddressPolicy.Listener("the bridge's KRaft controller", EmbeddedKafka.HOST, options.controllerPort()));
        }
        if (options.consulSettings() != null) {
            URI agent = options.consulSettings().url();
            out.add(new AddressPolicy.Listener("the Consul agent", agent.getHost(),
                    agent.getPort() > 0 ? agent.getPort() : "https".equals(agent.getScheme()) ? 443 : 80));
        }
        return out;
    }

    /**
     * The secret of forwarded queries: {@code --cluster-secret}, else the one every instance of the
     * application shares through Kafka ({@link ClusterSecret}).
     */
    private void shareClusterSecret() {
        if (options.clusterSettings().clusterSecret() != null) {
            clusterSecret = options.clusterSettings().clusterSecret();
            step("cluster secret of forwarded queries: from --cluster-secret");
            return;
        }
        ClusterSecret.Shared shared = ClusterSecret.resolve(admin, connection, options.applicationId(),
                topics.config().replicationFactor());
        clusterSecret = shared.secret();
        step("cluster secret of forwarded queries: %s %s", shared.generated() ? "generated and kept in" : "shared through",
                shared.topic());
    }

    /** Starts the optional Consul mirror and KV watcher; without {@code --consul-url} nothing starts. */
    private void startConsul() {
        if (options.consulSettings() != null) {
            printf("      mirroring the registry to Consul at %s and watching its KV", options.consulSettings().url());
        }
        consul = register("Consul integration", ConsulIntegration.start(options.consulSettings(), connection,
                topics, options.applicationId()));
    }

    /** Starts Kafka Streams and the HTTP API, then waits until {@code /ready} would answer 200. */
    private void startHttp() {
        AuthSetup auth;
        try {
            auth = AuthSetup.resolve(options.authFile(), options.insecure(), options.dataDir());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new BridgeException(e.getMessage(), e);
        }
        step("starting topology (application id %s, state in %s) and %s API on %s:%d; %s",
                options.applicationId(), options.stateDir(), https == null ? "HTTP" : "HTTPS", options.host(),
                options.httpPort(), auth.description());
        if (https != null) {
            printf("      HTTPS only: %s", https.describe());
        }
        BridgeNode.Settings settings = new BridgeNode.Settings(bootstrapServers, topics, options.host(),
                options.httpPort(), new IngestConfig(options.maxBodyBytes(), options.rateLimit(), VERSION, options.proxyDeny()),
                auth.authenticator(), new BridgeNode.StreamsSettings(options.applicationId(), options.stateDir(),
                        TopologyConfig.DEFAULTS, options.rocksDbMemoryBytes(), options.commitIntervalMs(),
                        options.streamThreads(), options.standbyReplicas(), options.sessionTimeout()),
                new BridgeNode.ClusterSettings(options.clusterSettings().instanceId(),
                        options.clusterSettings().applicationServer(), clusterSecret),
                consul.status()::awaitRegistered, options.compression(), neverCall(), connection.properties(), https);
        node = register("bridge node (HTTP, Streams, producer)", BridgeNode.start(settings));
        try {
            if (!node.awaitReady(READY_TIMEOUT)) {
                throw new BridgeException("the bridge did not become ready within " + READY_TIMEOUT.toSeconds()
                        + " s; GET /health shows which component is down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while waiting for the bridge to become ready");
        }
    }

    /** The running node (HTTP, Streams, producer) once {@link #start()} returned. */
    public BridgeNode node() {
        return node;
    }

    /** The URL clients use: {@code https://} when the port has a certificate. */
    public String url() {
        return node.http().scheme() + "://" + options.host() + ":" + node.port();
    }

    public RunOptions options() {
        return options;
    }

    /** Where clients reach Kafka: the embedded broker's address or {@code --bootstrap-servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** An admin client on {@link #bootstrapServers()}, open until {@link #close()}. */
    public Admin admin() {
        return admin;
    }

    /** The topic catalog, built with the run's prefix, partition scale and replication factor. */
    public Topics topics() {
        return topics;
    }

    /** Stops everything that was started, most recent first. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!started.isEmpty()) {
            Component component = started.pop();
            try {
                component.resource().close();
                log.info("stopped {}", component.name());
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", component.name(), e.toString());
            }
        }
    }

    /** True while something is running that {@link #close()} would stop. */
    public synchronized boolean hasRunningComponents() {
        return !started.isEmpty();
    }

    private <T extends AutoCloseable> T register(String name, T resource) {
        started.push(new Component(name, resource));
        return resource;
    }

    private void step(String format, Object... args) {
        printf("[" + ++step + "/" + STEPS + "] " + format, args);
    }

    private void printf(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    private record Component(String name, AutoCloseable resource) {
    }
}
