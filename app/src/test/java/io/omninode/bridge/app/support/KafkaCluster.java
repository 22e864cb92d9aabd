package io.omninode.bridge.app.support;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.omninode.bridge.app.kafka.KafkaClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.LoggerFactory;

/**
 * A real multi-broker Kafka cluster inside the test JVM, from the same Apache Kafka jars as the
 * embedded broker: one KRaft controller and brokers {@code 1..n} on free ports of 127.0.0.1, each
 * node with its own log directory, all formatted with one cluster id. Internal topics
 * ({@code __consumer_offsets}, {@code __transaction_state}) have replication factor 3 (the latter
 * with {@code min.insync.replicas} 2), as on a production cluster; other topics get Kafka's
 * defaults (replication factor 1, {@code min.insync.replicas} 1) unless their creator says otherwise.
 *
 * <p>{@link #kill(int)} stops a broker abruptly: no controlled shutdown, so its partitions keep it
 * as leader and in their ISR until the controller fences it when its session expires, as after a
 * crash. {@link #restart(int)} starts it again on the same log directory. The controller is never
 * stopped.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int CONTROLLER_ID = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * Logs every append refused below {@code min.insync.replicas} with its stack trace: tens of
     * thousands of lines while two of three brokers are down and the writers of Kafka Streams'
     * transactions retry. Silenced while a cluster runs.
     */
    private static final Logger REPLICA_MANAGER = (Logger) LoggerFactory.getLogger("kafka.server.ReplicaManager");

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int controllerPort;
    private final Map<Integer, Integer> brokerPorts = new TreeMap<>();
    private final Map<Integer, KafkaRaftServer> running = new TreeMap<>();
    private final Level replicaManagerLevel = REPLICA_MANAGER.getLevel();
    private Admin admin;

    private KafkaCluster(Path dir, int brokers) {
        this.dir = dir;
        int[] ports = FreePorts.pick(brokers + 1);
        controllerPort = ports[0];
        for (int id = 1; id <= brokers; id++) {
            brokerPorts.put(id, ports[id]);
        }
        REPLICA_MANAGER.setLevel(Level.OFF);
        try {
            start(CONTROLLER_ID, controllerProperties());
            brokerPorts.keySet().forEach(this::restart);
            admin = KafkaClients.admin(bootstrapServers(), "kafka-cluster-test-admin", KafkaClients.DEFAULT_TIMEOUT);
            await().atMost(TIMEOUT).until(() -> liveBrokers().size() == brokers);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a controller and {@code brokers} brokers with their data under {@code dir}; returns once all are live. */
    public static KafkaCluster start(Path dir, int brokers) {
        return new KafkaCluster(dir, brokers);
    }

    /** Every broker, stopped or not: {@code 127.0.0.1:p1,127.0.0.1:p2,…}. */
    public String bootstrapServers() {
        return brokerPorts.values().stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** An admin client of the cluster; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** Ids of the brokers the cluster metadata lists as live (registered and not fenced). */
    public Collection<Integer> liveBrokers() {
        return KafkaClients.describeCluster(admin, bootstrapServers(), KafkaClients.DEFAULT_TIMEOUT).stream()
                .map(Node::id).toList();
    }

    /** Stops broker {@code id} abruptly (no controlled shutdown) and waits until it has stopped. */
    public synchronized void kill(int id) {
        KafkaRaftServer server = running.remove(requireBroker(id));
        if (server == null) {
            throw new IllegalStateException("broker " + id + " is not running");
        }
        server.shutdown();
        server.awaitShutdown();
    }

    /** Starts broker {@code id} (again) on its log directory; returns once it has joined the cluster. */
    public synchronized void restart(int id) {
        if (running.containsKey(requireBroker(id))) {
            throw new IllegalStateException("broker " + id + " is running");
        }
        start(id, brokerProperties(id));
    }

    /** Stops every node still running, brokers first. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        for (int id : running.keySet().stream().filter(brokerPorts::containsKey).toList()) {
            kill(id);
        }
        KafkaRaftServer controller = running.remove(CONTROLLER_ID);
        if (controller != null) {
            controller.shutdown();
            controller.awaitShutdown();
        }
        REPLICA_MANAGER.setLevel(replicaManagerLevel);
    }

    private void start(int id, Properties props) {
        Path logDir = logDir(id);
        format(id, logDir);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        running.put(id, server);
    }

    private int requireBroker(int id) {
        if (!brokerPorts.containsKey(id)) {
            throw new IllegalArgumentException("no broker " + id + "; brokers are " + brokerPorts.keySet());
        }
        return id;
    }

    private Path logDir(int id) {
        return dir.resolve(id == CONTROLLER_ID ? "controller" : "broker-" + id);
    }

    /** Formats a node's log directory with the cluster's id, once. */
    private void format(int id, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(id)
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + output, e);
        }
    }

    private Properties controllerProperties() {
        Properties props = common(CONTROLLER_ID);
        props.put("process.roles", "controller");
        props.put("listeners", "CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
        return props;
    }

    private Properties brokerProperties(int id) {
        Properties props = common(id);
        String listener = "PLAINTEXT://" + HOST + ":" + brokerPorts.get(id);
        props.put("process.roles", "broker");
        props.put("listeners", listener);
        props.put("advertised.listeners", listener);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        // a stop is a crash: no leadership hand-over, the controller finds out when the session expires
        props.put("controlled.shutdown.enable", "false");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.replica.fetchers", "1");
        props.put("background.threads", "2");
        return props;
    }

    private Properties common(int id) {
        Properties props = new Properties();
        props.put("node.id", Integer.toString(id));
        props.put("controller.quorum.voters", CONTROLLER_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("log.dirs", logDir(id).toString());
        props.put("offsets.topic.replication.factor", "3");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "3");
        props.put("transaction.state.log.min.isr", "2");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        // the controller fences a silent broker after this long (default 9 s / 2 s)
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("server.max.startup.time.ms", Long.toString(TIMEOUT.toMillis()));
        return props;
    }
}
