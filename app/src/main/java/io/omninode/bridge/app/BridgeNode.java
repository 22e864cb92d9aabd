package io.omninode.bridge.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omninode.bridge.app.kafka.InputWatch;
import io.omninode.bridge.app.kafka.KafkaClients;
import io.omninode.bridge.console.ConsoleRoutes;
import io.omninode.bridge.http.BridgeServer;
import io.omninode.bridge.http.HttpMetrics;
import io.omninode.bridge.http.JsonBodies;
import io.omninode.bridge.http.WriteRoutes;
import io.omninode.bridge.http.auth.Authenticator;
import io.omninode.bridge.http.auth.RateLimiter;
import io.omninode.bridge.http.ops.HealthCheck;
import io.omninode.bridge.http.ops.OpsController;
import io.omninode.bridge.http.tls.Https;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.ingest.IngestRoutes;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.ingest.kafka.KafkaHealth;
import io.omninode.bridge.ingest.kafka.TopicFollower;
import io.omninode.bridge.ingest.registry.ConsulRegistrations;
import io.omninode.bridge.ingest.registry.RegistrationIndex;
import io.omninode.bridge.proxy.AddressPolicy;
import io.omninode.bridge.proxy.InstanceDirectory;
import io.omninode.bridge.proxy.ProxyRoutes;
import io.omninode.bridge.queries.StorePartitions;
import io.omninode.bridge.queries.ClusterConfig;
import io.omninode.bridge.queries.Forwarder;
import io.omninode.bridge.queries.LocalStores;
import io.omninode.bridge.queries.ReadController;
import io.omninode.bridge.queries.stream.EventStream;
import io.omninode.bridge.queries.stream.EventStreamRoutes;
import io.omninode.bridge.queries.ReadService;
import io.omninode.bridge.queries.Restorations;
import io.omninode.bridge.queries.RoutedQueries;
import io.omninode.bridge.queries.StoreLocator;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.BridgeStreamsConfig;
import io.omninode.bridge.topology.BridgeTopology;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge process's services on top of a running Kafka: the producer, the registration
 * index, health checks and the HTTP server. {@link #close()} stops them in reverse order —
 * HTTP first (draining in-flight requests), then the producer (flushing), then the readers.
 */
public final class BridgeNode implements AutoCloseable {

    /**
     * Everything a node needs to start.
     *
     * @param bootstrapServers Kafka to use
     * @param topics           the topic catalog (topics must exist)
     * @param host             HTTP bind address
     * @param port             HTTP port, 0 for any free port
     * @param ingest           HTTP limits
     * @param authenticator    who may call
     * @param streams          the Kafka Streams application of this node
     * @param cluster          identity of this node among the instances of the application
     * @param consul           whether registrations reached Consul ({@link ConsulRegistrations#NONE} without Consul)
     * @param compression      producer compression of everything the node writes
     * @param neverCall        endpoints besides this node's HTTP port and Kafka that the proxy must
     *                         never call (the embedded KRaft controller, the Consul agent)
     * @param kafkaProperties  client settings of every Kafka client (security; {@code --kafka-config})
     * @param https            the port's certificate and the trust of forwarded queries; null = plain HTTP
     */
    public record Settings(String bootstrapServers, Topics topics, String host, int port, IngestConfig ingest,
                           Authenticator authenticator, StreamsSettings streams, ClusterSettings cluster,
                           ConsulRegistrations consul, String compression, List<AddressPolicy.Listener> neverCall,
                           Map<String, String> kafkaProperties, Https https) {
        /** The connection every Kafka client of the node uses. */
        KafkaConnection kafka() {
            return new KafkaConnection(bootstrapServers, kafkaProperties);
        }

        /** Without producer compression (the default, DESIGN.md §4) and no further endpoints. */
        public Settings(String bootstrapServers, Topics topics, String host, int port, IngestConfig ingest,
                        Authenticator authenticator, StreamsSettings streams, ClusterSettings cluster,
                        ConsulRegistrations consul) {
            this(bootstrapServers, topics, host, port, ingest, authenticator, streams, cluster, consul,
                    EventPublisher.DEFAULT_COMPRESSION, List.of(), Map.of(), null);
        }
    }

    /**
     * @param instanceId        reported as {@code metadata.served_by}; null = the application server
     * @param applicationServer {@code host:port} other instances forward queries to; null = this
     *                          node's own HTTP address
     * @param clusterSecret     shared secret of forwarded queries; null = a random one, which is
     *                          only right for a single instance
     */
    public record ClusterSettings(String instanceId, String applicationServer, String clusterSecret) {
        public static final ClusterSettings SINGLE = new ClusterSettings(null, null, null);
    }

    /**
     * @param applicationId     Streams application id, shared by every node of one bridge
     * @param stateDir          where the RocksDB stores live
     * @param topology          thresholds and intervals of the derivations
     * @param rocksDbMemoryBytes memory bound of all RocksDB stores of the process
     * @param commitIntervalMs  Streams commit (EOS transaction) interval
     * @param streamThreads     Streams threads of this instance
     * @param standbyReplicas   standby copies of each stateful task on other instances
     * @param sessionTimeout    how long the group waits for a silent instance
     */
    public record StreamsSettings(String applicationId, Path stateDir, TopologyConfig topology,
                                  long rocksDbMemoryBytes, long commitIntervalMs, int streamThreads,
                                  int standbyReplicas, Duration sessionTimeout) {
        public StreamsSettings(String applicationId, Path stateDir, TopologyConfig topology, long rocksDbMemoryBytes) {
            this(applicationId, stateDir, topology, rocksDbMemoryBytes, BridgeStreamsConfig.COMMIT_INTERVAL_MS,
                    BridgeStreamsConfig.STREAM_THREADS, BridgeStreamsConfig.STANDBY_REPLICAS, BridgeStreamsConfig.SESSION_TIMEOUT);
        }
    }

    private final Restorations restorations = new Restorations();
    private static final Logger LOG = LoggerFactory.getLogger(BridgeNode.class);
    private static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUERY_RETRY_BUDGET = Duration.ofSeconds(4);

    private final Closer resources = new Closer(LOG, "bridge node");
    private KafkaStreamsMetrics kafkaStreamsMetrics;
    private final BridgeServer http;
    private final PrometheusMeterRegistry metrics;
    private final KafkaStreams streams;
    private final List<HealthCheck> readiness;
    private final ClusterConfig cluster;

    private BridgeNode(Settings settings) {
        try {
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics.config().meterFilter(new StoreMetricTags());
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(metrics);
            resources.push(gc);
            resources.push(metrics::close);

            RegistrationIndex index = new RegistrationIndex();
            InstanceDirectory instances = new InstanceDirectory();
            TopicFollower follower = new TopicFollower("registry", settings.kafka(),
                    settings.topics().registryServices, event -> {
                        index.apply(event);
                        instances.applyRegistry(event);
                    }).start();
            resources.push(follower);
            TopicFollower healthFollower = new TopicFollower("health", settings.kafka(),
                    settings.topics().intelligenceHealth, instances::applyHealth).start();
            resources.push(healthFollower);
            // one admin client for the health check and the input watch (both poll the cluster)
            Admin admin = KafkaClients.admin(settings.kafka(), "bridge-watch", InputWatch.TIMEOUT);
            resources.push(() -> admin.close(Duration.ofSeconds(1)));
            KafkaHealth kafka = new KafkaHealth(admin);
            EventPublisher publisher = EventPublisher.create(settings.kafka(), "bridge-ingest",
                    settings.compression());
            resources.push(publisher);
            int port = settings.port() == 0 ? freePort() : settings.port();
            cluster = clusterConfig(settings, port);
            // the wall clock of the derivations waits while an input partition cannot be read to its end
            InputWatch inputs = resources.push(InputWatch.start(admin,
                    settings.topics().all().stream().map(Topic::name).toList(), settings.streams().applicationId()));
            Gauge.builder("bridge_inputs_readable", inputs, InputWatch::readableNow)
                    .description("1 while every partition the topology reads can be read to its end, else 0"
                            + " (windows wait for it to close by the wall clock)").register(metrics);
            Topology built = BridgeTopology.build(settings.streams().topology(), settings.topics(), inputs);
            streams = startStreams(settings, cluster, built);
            // leave the group on a graceful stop so the partitions move at once, not after the session timeout
            resources.push(() -> streams.close(CloseOptions.timeout(STREAMS_CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
            StorePartitions assigned = new StorePartitions(streams, cluster.applicationServer(), built.describe(),
                    settings.streams().applicationId());
            LocalStores stores = new LocalStores(streams, assigned, restorations);

            HealthCheck registry = HealthCheck.of("registry_index", () -> follower.caughtUp() && healthFollower.caughtUp()
                    ? HealthCheck.Status.up(index.size() + " registrations")
                    : HealthCheck.Status.down("loading registry.services"));
            HealthCheck topology = HealthCheck.of("streams", () -> {
                KafkaStreams.State state = streams.state();
                return state == KafkaStreams.State.RUNNING ? HealthCheck.Status.up(state.name())
                        : HealthCheck.Status.down(state.name());
            });
            readiness = List.of(kafka, topology, registry);
            // the HTTP server and every module's routes; the server is closed first (it drains requests)
            IngestConfig limits = settings.ingest();
            BridgeServer server = new BridgeServer(limits.maxBodyBytes(), limits.version(), settings.https());
            WriteRoutes writes = new WriteRoutes(settings.authenticator(), new RateLimiter(limits.rateLimitPerSecond()),
                    new JsonBodies(limits.maxBodyBytes()), server.responses(), server.threads());
            IngestRoutes ingest = new IngestRoutes(writes, settings.topics(), publisher, index, settings.consul());
            ProxyRoutes proxy = resources.push(new ProxyRoutes(writes, settings.authenticator(), server.responses(),
                    instances, new AddressPolicy(limits.proxyDeny(), neverCall(settings, port)), publisher, settings.topics(),
                    new GlobalStores(stores),
                    key -> GlobalStores.config(stores, key), metrics));
            OpsController ops = new OpsController(server.responses(), metrics, readiness, readiness);
            KafkaClientMetrics producerMetrics = resources.push(new KafkaClientMetrics(publisher.producer()));
            producerMetrics.bindTo(metrics);
            ReadController reads = new ReadController(
                    new ReadService(new RoutedQueries(new StoreLocator(streams, cluster.applicationServer(), assigned),
                            new Forwarder(cluster.clusterSecret(), settings.https() == null ? null
                                    : settings.https().peers()), QUERY_RETRY_BUDGET), stores),
                    server.responses(), settings.authenticator()::authenticate, cluster);
            EventStream events = new EventStream(settings.kafka(), settings.topics(), EventStream.Limits.DEFAULT);
            EventStreamRoutes stream = new EventStreamRoutes(events, settings.authenticator()::authenticate);
            bindStreamMetrics(events);
            ConsoleRoutes console = new ConsoleRoutes();
            http = resources.push(server);
            // closed before the server, which would otherwise wait for the streams' requests to end
            resources.push(events);
            http.start(settings.host(), port, new HttpMetrics(metrics),
                    List.of(ingest::register, proxy::register, ops::register, reads::register, stream::register,
                            console::register));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bindStreamMetrics(EventStream events) {
        Gauge.builder("bridge_event_stream_clients", events, EventStream::connected)
                .description("clients connected to GET /events/stream").register(metrics);
        Gauge.builder("bridge_event_stream_buffered_bytes", events, EventStream::bufferedBytes)
                .description("events buffered for the stream's clients, all clients together").register(metrics);
        FunctionCounter.builder("bridge_event_stream_cut_offs", events, EventStream::cutOffs)
                .description("stream clients cut off because their buffer was full").register(metrics);
    }

    private static ClusterConfig clusterConfig(Settings settings, int port) {
        ClusterSettings c = settings.cluster();
        String server = c.applicationServer();
        if (server == null) {
            String host = settings.host();
            if (host.equals("0.0.0.0") || host.equals("::")) {
                try {
                    host = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    host = "127.0.0.1";
                }
            }
            server = host + ":" + port;
        }
        HostInfo hostInfo = HostInfo.buildFromEndpoint(server);
        String secret = c.clusterSecret();
        if (secret == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            secret = HexFormat.of().formatHex(random);
        }
        return new ClusterConfig(c.instanceId() != null ? c.instanceId() : server, hostInfo, secret);
    }

    /** This node's HTTP port, every Kafka bootstrap server and {@link Settings#neverCall}: no proxy target. */
    private static List<AddressPolicy.Listener> neverCall(Settings settings, int port) {
        List<AddressPolicy.Listener> out = new ArrayList<>();
        out.add(new AddressPolicy.Listener("the bridge's HTTP API", settings.host(), port));
        for (String server : settings.bootstrapServers().split(",")) {
            HostInfo broker = HostInfo.buildFromEndpoint(server.trim());
            if (broker != null) {
                out.add(new AddressPolicy.Listener("a Kafka broker of the bridge", broker.host(), broker.port()));
            }
        }
        out.addAll(settings.neverCall());
        return out;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private KafkaStreams startStreams(Settings settings, ClusterConfig cluster, Topology topology) {
        StreamsSettings s = settings.streams();
        Properties props = BridgeStreamsConfig.properties(s.applicationId(), settings.bootstrapServers(),
                s.stateDir(), cluster.applicationServerString(), settings.topics(), s.rocksDbMemoryBytes());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, s.commitIntervalMs());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.streamThreads());
        // security settings without a prefix reach every client Streams makes
        props.putAll(settings.kafkaProperties());
        BridgeStreamsConfig.failover(props, s.standbyReplicas(), s.sessionTimeout());
        // intelligence.* are public topics too
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), settings.compression());
        KafkaStreams kafkaStreams = new KafkaStreams(topology, props);
        kafkaStreams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, replacing it: {}", e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        kafkaStreamsMetrics = new KafkaStreamsMetrics(kafkaStreams);
        kafkaStreamsMetrics.bindTo(metrics);
        resources.push(kafkaStreamsMetrics);
        kafkaStreams.setGlobalStateRestoreListener(restorations);
        StandbyWarningFilter.install();
        kafkaStreams.setStateListener(new StandbyCopies(kafkaStreams, s.applicationId(), s.standbyReplicas()));
        kafkaStreams.start();
        return kafkaStreams;
    }

    /** True once every readiness check passes: Kafka answers, Streams is RUNNING, the index is loaded. */
    public boolean ready() {
        return readiness.stream().allMatch(check -> check.check().up());
    }

    /** Waits until {@link #ready()}; false when {@code timeout} passed first. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    public ClusterConfig cluster() {
        return cluster;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Starts every service and binds the HTTP port; the caller waits for {@code /ready}. */
    public static BridgeNode start(Settings settings) {
        return new BridgeNode(settings);
    }

    public BridgeServer http() {
        return http;
    }

    public int port() {
        return http.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

@Override
    public void close() {
        resources.close();
    }
}
