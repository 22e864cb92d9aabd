package io.omninode.bridge.app.kafka;

import io.omninode.bridge.app.BridgeException;
import io.omninode.bridge.schemas.KafkaConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker inside this JVM: one KRaft node in combined mode (broker and
 * controller), listening on {@value #HOST}, with all data under {@code <dataDir>/kafka}.
 *
 * <p>The storage is formatted on first start (a fresh cluster id is written to Kafka's
 * {@code meta.properties}); later starts on the same directory reuse it and keep every record.
 * An instance is started once and closed once; to restart, create a new instance on the same
 * directory. While running it holds an exclusive lock on {@code <dataDir>/kafka.lock}. Failures
 * the operator can fix (port in use, unusable directory, directory used by another bridge) are
 * reported as {@link BridgeException}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The only interface the embedded broker listens on. */
    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

    private final Path dataDir;
    private final int kafkaPort;
    private final int controllerPort;
    private final Map<String, String> brokerOverrides;
    private final Map<String, String> clientProperties;
    private final List<String> scramCredentials;

    private DataDirLock lock;
    private KafkaRaftServer server;
    private String clusterId;
    private boolean started;

    /**
     * @param dataDir        the bridge data directory; the broker keeps its logs in {@code dataDir/kafka}
     * @param kafkaPort      port of the client listener
     * @param controllerPort port of the KRaft controller listener
     */
    public EmbeddedKafka(Path dataDir, int kafkaPort, int controllerPort) {
        this(dataDir, kafkaPort, controllerPort, Map.of());
    }

    /** As {@link #EmbeddedKafka(Path, int, int)}, with extra broker configs that override the defaults. */
    public EmbeddedKafka(Path dataDir, int kafkaPort, int controllerPort, Map<String, String> brokerOverrides) {
        this(dataDir, kafkaPort, controllerPort, brokerOverrides, Map.of());
    }

    /**
     * As {@link #EmbeddedKafka(Path, int, int, Map)} for a broker whose client listener needs client
     * settings (a SASL or TLS listener): {@code clientProperties} are what its own readiness check
     * connects with.
     */
    public EmbeddedKafka(Path dataDir, int kafkaPort, int controllerPort, Map<String, String> brokerOverrides,
                         Map<String, String> clientProperties) {
        this(dataDir, kafkaPort, controllerPort, brokerOverrides, clientProperties, List.of());
    }

    /**
     * As {@link #EmbeddedKafka(Path, int, int, Map, Map)} for a broker with SCRAM users from its first
     * start: {@code scramCredentials} are written into the metadata when the storage is formatted, in
     * {@code kafka-storage.sh format --add-scram} syntax ({@code SCRAM-SHA-512=[name=admin,password=secret]}).
     */
    public EmbeddedKafka(Path dataDir, int kafkaPort, int controllerPort, Map<String, String> brokerOverrides,
                         Map<String, String> clientProperties, List<String> scramCredentials) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.kafkaPort = requireValidPort(kafkaPort, "Kafka");
        this.controllerPort = requireValidPort(controllerPort, "controller");
        if (kafkaPort == controllerPort) {
            throw new BridgeException("the Kafka and controller ports must differ (both are " + kafkaPort + ")");
        }
        this.brokerOverrides = Map.copyOf(brokerOverrides);
        this.clientProperties = Map.copyOf(clientProperties);
        this.scramCredentials = List.copyOf(scramCredentials);
    }

    /**
     * Formats the storage if needed, starts the broker and returns once it answers clients.
     *
     * @return this, for try-with-resources
     * @throws BridgeException when the broker cannot start for a reason the operator can fix
     */
    public synchronized EmbeddedKafka start() {
        if (started) {
            throw new IllegalStateException("an EmbeddedKafka starts once; create a new one to restart");
        }
        started = true;
        Path logDir = prepareLogDir();
        lock = DataDirLock.acquire(logDir.getParent());
        try {
            requirePortFree(kafkaPort, "Kafka");
            requirePortFree(controllerPort, "KRaft controller");
            KafkaConfig config = KafkaConfig.fromProps(
                    BrokerProperties.create(HOST, logDir, kafkaPort, controllerPort, brokerOverrides), false);
            boolean fresh = formatIfNeeded(logDir);
            server = startServer(config);
            awaitReady();
            log.debug("embedded Kafka started on {} (cluster {}, {} storage in {})", bootstrapServers(),
                    clusterId, fresh ? "new" : "existing", logDir);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<kafkaPort>}. */
    public String bootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Where the broker keeps its logs and metadata: {@code <dataDir>/kafka}. */
    public Path logDir() {
        return dataDir.resolve("kafka");
    }

    /** The cluster id, known once started. */
    public synchronized String clusterId() {
        return clusterId;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly, waits until it has stopped and releases the data dir. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            if (server != null) {
                KafkaRaftServer stopping = server;
                server = null;
                stopping.shutdown();
                stopping.awaitShutdown();
                log.debug("embedded Kafka on {} stopped", bootstrapServers());
            }
        } finally {
            if (lock != null) {
                lock.close();
                lock = null;
            }
        }
    }

    private KafkaRaftServer startServer(KafkaConfig config) {
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            return candidate;
        } catch (RuntimeException e) {
            stopQuietly(candidate);
            throw startFailure(e);
        }
    }

    private Path prepareLogDir() {
        Path logDir = logDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(logDir);
        } catch (FileAlreadyExistsException e) {
            throw new BridgeException("cannot use data dir " + dataDir + ": " + e.getFile() + " exists and is not a directory", e);
        } catch (AccessDeniedException e) {
            throw new BridgeException("cannot use data dir " + dataDir + ": permission denied on " + e.getFile(), e);
        } catch (FileSystemException e) {
            throw new BridgeException("cannot use data dir " + dataDir + ": " + e.getFile() + ": " + e.getReason(), e);
        } catch (IOException e) {
            throw new BridgeException("cannot use data dir " + dataDir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(logDir)) {
            throw new BridgeException("cannot use data dir " + dataDir + ": " + logDir + " is not writable");
        }
        return logDir;
    }

    /** Formats {@code logDir} unless Kafka's {@code meta.properties} shows it already was. */
    private boolean formatIfNeeded(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setScramArguments(scramCredentials)
                    .run();
        } catch (Exception e) {
            throw new BridgeException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        log.debug("formatted {}: {}", logDir, output.toString(StandardCharsets.UTF_8).strip());
        return true;
    }

    /** Returns once a client sees this node as a live broker (startup() normally waits for that already). */
    private void awaitReady() {
        try (Admin admin = KafkaClients.admin(new KafkaConnection(bootstrapServers(), clientProperties),
                "bridge-embedded-ready", READY_TIMEOUT)) {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (KafkaClients.describeCluster(admin, bootstrapServers(), READY_TIMEOUT).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new BridgeException("embedded Kafka on " + bootstrapServers() + " started but its broker never registered");
                }
                pause(RETRY_PAUSE);
            }
            clusterId = KafkaClients.await(admin.describeCluster().clusterId(), READY_TIMEOUT, "reading the cluster id");
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while waiting for embedded Kafka", e);
        }
    }

    private BridgeException startFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")) {
                return new BridgeException("cannot start embedded Kafka: port " + kafkaPort + " or " + controllerPort
                        + " on " + HOST + " is already in use", e);
            }
            if (message.contains("Failed to acquire lock")) {
                return new BridgeException("cannot start embedded Kafka: " + logDir()
                        + " is in use by another Kafka or bridge process", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new BridgeException("embedded Kafka failed to start: " + root.getMessage(), e);
    }

    private static void stopQuietly(KafkaRaftServer candidate) {
        try {
            candidate.shutdown();
            candidate.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("while stopping a broker that failed to start", e);
        }
    }

    private static void requirePortFree(int port, String role) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new BridgeException(role + " port " + HOST + ":" + port
                    + " is already in use (another bridge or Kafka running?); choose a different port", e);
        }
    }

    private static int requireValidPort(int port, String role) {
        if (port < 1 || port > 65535) {
            throw new BridgeException(role + " port must be between 1 and 65535, not " + port);
        }
        return port;
    }
}
