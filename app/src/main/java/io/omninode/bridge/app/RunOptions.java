package io.omninode.bridge.app;

import io.omninode.bridge.consul.ConsulSettings;
import io.omninode.bridge.http.tls.CertificateSource;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.proxy.AddressPolicy;
import io.omninode.bridge.schemas.TopicsConfig;
import io.omninode.bridge.topology.BridgeStreamsConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * Options of {@code bridge run}, parsed by picocli and read by {@link BridgeRuntime}. Every
 * option is documented in {@code bridge run --help}.
 */
public final class RunOptions {

    @Option(names = RunDefaults.CONFIG_OPTION, paramLabel = "FILE",
            description = "A YAML file of options: keys are the option names without dashes (data-dir: /var/lib/bridge); "
                    + "flags and BRIDGE_* environment variables (BRIDGE_DATA_DIR) override it.")
    private Path config;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "HTTP port of the bridge API (0 = any free port; default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface the HTTP API binds to (default: ${DEFAULT-VALUE}; 0.0.0.0 = all).")
    private String host;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain of the HTTP port, this instance's certificate first; with --tls-key "
                    + "the port speaks HTTPS only. Reloaded when the files change (default: plain HTTP).")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key of --tls-cert, unencrypted (PKCS#8, PKCS#1 or SEC1).")
    private Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "A PKCS12 keystore with the key and certificate chain of the HTTPS port, instead of "
                    + "--tls-cert/--tls-key; reloaded when it changes.")
    private Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD",
            description = "Password of --tls-keystore and of its key (default: $BRIDGE_TLS_KEYSTORE_PASSWORD, else none).")
    private String tlsKeystorePassword;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "PEM CA certificates that other instances' certificates are checked against when queries "
                    + "are forwarded over HTTPS, besides the JDK's own (default: the JDK's only).")
    private Path tlsCa;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded Kafka broker on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT",
            description = "Port of the embedded KRaft controller on 127.0.0.1 (default: --kafka-port + 1).")
    private Integer controllerPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Directory for all local state; the embedded broker keeps its logs in DIR/kafka "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this external Kafka cluster and start no embedded broker.")
    private String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Kafka client properties file (security.protocol, sasl.*, ssl.*, ...) applied to every "
                    + "client the bridge makes; values may read ${env:NAME}. Needs --bootstrap-servers.")
    private Path kafkaConfig;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "Prepended to every topic name, e.g. 'prod.' (default: none).")
    private String topicPrefix;

    @Option(names = "--partitions-scale", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "Multiplies every topic's default partition count, at least 1 each (default: ${DEFAULT-VALUE}).")
    private double partitionsScale;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replication factor of the topics the bridge creates (default: 3 when the cluster has "
                    + "3 brokers or more, with min.insync.replicas 2; else as many as it has).")
    private Short replicationFactor;

    @Option(names = "--auth-file", paramLabel = "FILE",
            description = "JSON file of API tokens: {\"tokens\": [{\"token\", \"principal\", \"role\", \"services\"}]}. "
                    + "Without it an admin token is generated and stored in DATA-DIR/admin-token.")
    private Path authFile;

    @Option(names = "--insecure",
            description = "Disable authentication entirely (development only).")
    private boolean insecure;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest accepted request body; bigger ones get 413 (default: ${DEFAULT-VALUE}).")
    private long maxBodyBytes;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "5000",
            description = "Requests per second per principal before 429; 0 = no limit (default: ${DEFAULT-VALUE}).")
    private int rateLimit;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "omninode-bridge",
            description = "Kafka Streams application id; bridge processes sharing it (and the topics) form one "
                    + "application (default: ${DEFAULT-VALUE}).")
    private String applicationId;

    @Option(names = "--rocksdb-memory-bytes", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Memory shared by all RocksDB stores of the process: block cache plus write buffers "
                    + "(default: ${DEFAULT-VALUE}).")
    private long rocksDbMemoryBytes;

    @Option(names = "--compression", paramLabel = "TYPE", defaultValue = EventPublisher.DEFAULT_COMPRESSION,
            description = "Producer compression of what the bridge writes to Kafka: none, gzip, snappy, lz4 or zstd; "
                    + "every consumer of the public topics must then read it (default: ${DEFAULT-VALUE}).")
    private String compression;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "" + BridgeStreamsConfig.COMMIT_INTERVAL_MS,
            description = "Kafka Streams commit (exactly-once transaction) interval: derived events are visible "
                    + "within about this long; longer drains a backlog faster (default: ${DEFAULT-VALUE}).")
    private long commitIntervalMs;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "" + BridgeStreamsConfig.STREAM_THREADS,
            description = "Kafka Streams threads of this instance: while one waits for its exactly-once commit, "
                    + "another processes (default: ${DEFAULT-VALUE}).")
    private int streamThreads;

    @Option(names = "--standby-replicas", paramLabel = "N", defaultValue = "" + BridgeStreamsConfig.STANDBY_REPLICAS,
            description = "Warm copies of every state store partition on other instances of the application: reads "
                    + "of a crashed instance's keys are answered from them at once (marked stale), and it takes "
                    + "over from them without a full restore. A single instance has none (default: ${DEFAULT-VALUE}).")
    private int standbyReplicas;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "6s",
            description = "How long the group waits for a silent instance before moving its partitions (Kafka "
                    + "consumer session.timeout.ms, at least the broker's group.min.session.timeout.ms, 6s by "
                    + "default; heartbeats every quarter of it) (default: ${DEFAULT-VALUE}).")
    private Duration sessionTimeout;

    @Option(names = "--application-server", paramLabel = "HOST:PORT",
            description = "Where other bridge instances reach this one's HTTP API to forward queries for keys it "
                    + "owns (default: --host:--port, the host name when binding 0.0.0.0).")
    private String applicationServer;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Name of this instance in replies' metadata.served_by (default: the application server).")
    private String instanceId;

    @Option(names = "--cluster-secret", paramLabel = "SECRET", defaultValue = "${env:BRIDGE_CLUSTER_SECRET}",
            description = "Shared by all instances of one application; forwarded queries must carry it (at least "
                    + "16 characters; default: $BRIDGE_CLUSTER_SECRET, else the one the application's instances share "
                    + "through Kafka, generated by the first).")
    private String clusterSecret;

    @Option(names = "--proxy-deny", paramLabel = "CIDR", split = ",",
            description = "Address ranges the proxy never calls, besides link-local and cloud-metadata addresses "
                    + "(e.g. 10.0.0.0/8,192.168.0.0/16).")
    private List<String> proxyDeny = new ArrayList<>();

    @Option(names = "--consul-url", paramLabel = "URL",
            description = "Consul agent to mirror registrations to and read KV configuration from, "
                    + "e.g. http://127.0.0.1:8500 (default: off).")
    private URI consulUrl;

    @Option(names = "--consul-token", paramLabel = "TOKEN", defaultValue = "${env:CONSUL_HTTP_TOKEN}",
            description = "ACL token for the Consul agent (default: $CONSUL_HTTP_TOKEN, else none).")
    private String consulToken;

    @Option(names = "--consul-deregister-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Consul removes a mirrored instance whose TTL check stayed critical this long "
                    + "(default: 10 × its ttl_seconds).")
    private Duration consulDeregisterAfter;

    /** Rejects inconsistent or out-of-range values with a picocli usage error. */
    public void validate(CommandLine commandLine) {
        requirePort(commandLine, "--port", port, true);
        requirePort(commandLine, "--kafka-port", kafkaPort, false);
        requirePort(commandLine, "--controller-port", controllerPort(), false);
        if (embeddedKafka() && controllerPort() == kafkaPort) {
            throw new ParameterException(commandLine, "--controller-port must differ from --kafka-port");
        }
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            throw new ParameterException(commandLine, "--bootstrap-servers must not be empty");
        }
        if (!(partitionsScale > 0) || Double.isInfinite(partitionsScale)) {
            throw new ParameterException(commandLine, "--partitions-scale must be a positive number");
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(commandLine, "--replication-factor must be at least 1");
        }
        if (maxBodyBytes < 1) {
            throw new ParameterException(commandLine, "--max-body-bytes must be at least 1");
        }
        if (rateLimit < 0) {
            throw new ParameterException(commandLine, "--rate-limit must be 0 (off) or positive");
        }
        if (!applicationId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ParameterException(commandLine, "--application-id may contain only letters, digits, '.', '_' and '-'");
        }
        if (rocksDbMemoryBytes < 8L * 1024 * 1024) {
            throw new ParameterException(commandLine, "--rocksdb-memory-bytes must be at least 8 MiB");
        }
        if (!EventPublisher.COMPRESSION_TYPES.contains(compression)) {
            throw new ParameterException(commandLine, "--compression must be one of "
                    + String.join(", ", EventPublisher.COMPRESSION_TYPES) + ", not " + compression);
        }
        if (commitIntervalMs < 10 || commitIntervalMs > 60_000) {
            throw new ParameterException(commandLine, "--commit-interval-ms must be between 10 and 60000");
        }
        if (streamThreads < 1 || streamThreads > 64) {
            throw new ParameterException(commandLine, "--stream-threads must be between 1 and 64");
        }
        if (kafkaConfig != null && embeddedKafka()) {
            throw new ParameterException(commandLine, "--kafka-config is for an external cluster: give --bootstrap-servers");
        }
        if (standbyReplicas < 0 || standbyReplicas > 10) {
            throw new ParameterException(commandLine, "--standby-replicas must be between 0 and 10");
        }
        if (sessionTimeout.toMillis() < 1_000 || sessionTimeout.toMillis() > 600_000) {
            throw new ParameterException(commandLine, "--session-timeout must be between 1s and 10m");
        }
        if (applicationServer != null && !applicationServer.matches("[^:\\s]+:\\d{1,5}")) {
            throw new ParameterException(commandLine, "--application-server must be HOST:PORT, not " + applicationServer);
        }
        if (clusterSecret != null && clusterSecret.length() < 16) {
            throw new ParameterException(commandLine, "--cluster-secret must have at least 16 characters");
        }
        try {
            new AddressPolicy(proxyDeny);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--proxy-deny: " + e.getMessage());
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(commandLine, "--tls-cert and --tls-key go together: give both or neither");
        }
        if (tlsCert != null && tlsKeystore != null) {
            throw new ParameterException(commandLine, "give --tls-cert/--tls-key or --tls-keystore, not both");
        }
        if (tlsCa != null && certificateSource() == null) {
            throw new ParameterException(commandLine, "--tls-ca is for forwarding between instances that serve HTTPS: "
                    + "give --tls-cert/--tls-key or --tls-keystore too");
        }
        if (insecure && authFile != null) {
            throw new ParameterException(commandLine, "--insecure and --auth-file contradict each other; choose one");
        }
        if (authFile != null && !Files.isReadable(authFile)) {
            throw new ParameterException(commandLine, "--auth-file " + authFile + " does not exist or is not readable");
        }
        if (consulUrl == null && consulDeregisterAfter != null) {
            throw new ParameterException(commandLine, "--consul-deregister-after needs --consul-url");
        }
        try {
            consulSettings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--consul-url/--consul-deregister-after: " + e.getMessage());
        }
        try {
            topicsConfig();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, "--topic-prefix: " + e.getMessage());
        }
    }

    /** How to build the topic catalog on a one-broker cluster (the embedded one). */
    public TopicsConfig topicsConfig() {
        return topicsConfig(1);
    }

    /**
     * How to build the topic catalog on a cluster of {@code brokers}: prefix, partition scale, and
     * {@code --replication-factor}, else 3 where there are 3 brokers or more, else one per broker.
     */
    public TopicsConfig topicsConfig(int brokers) {
        short factor = replicationFactor != null ? replicationFactor
                : (short) Math.max(1, Math.min(TopicsConfig.PRODUCTION_REPLICATION_FACTOR, brokers));
        return new TopicsConfig(topicPrefix, partitionsScale, factor);
    }

    /** True unless {@code --bootstrap-servers} names an external cluster. */
    public boolean embeddedKafka() {
        return bootstrapServers == null;
    }

    public int httpPort() {
        return port;
    }

    public String host() {
        return host;
    }

    /** Where the HTTPS port's certificate comes from, or null for plain HTTP. */
    public CertificateSource certificateSource() {
        if (tlsCert != null && tlsKey != null) {
            return CertificateSource.pem(tlsCert, tlsKey);
        }
        return tlsKeystore == null ? null : CertificateSource.pkcs12(tlsKeystore, tlsKeystorePassword);
    }

    /** The {@code --tls-ca} file, or null. */
    public Path tlsCa() {
        return tlsCa;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int controllerPort() {
        return controllerPort != null ? controllerPort : kafkaPort + 1;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The external cluster, or null when the bridge runs its embedded broker. */
    /** The {@code --kafka-config} file, or null. */
    public Path kafkaConfig() {
        return kafkaConfig;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    public double partitionsScale() {
        return partitionsScale;
    }

    /** {@code --replication-factor}, or null for the automatic choice of {@link #topicsConfig(int)}. */
    public Short replicationFactor() {
        return replicationFactor;
    }

    /** The token file, or null: then an admin token is generated (unless {@link #insecure()}). */
    public Path authFile() {
        return authFile;
    }

    public boolean insecure() {
        return insecure;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Requests per second per principal; 0 means unlimited. */
    public int rateLimit() {
        return rateLimit;
    }

    /** The Kafka Streams application id, prefixed like the topics so prefixed runs stay apart. */
    public String applicationId() {
        return topicPrefix + applicationId;
    }

    /** Where Kafka Streams keeps its RocksDB stores: {@code DATA-DIR/streams}. */
    public Path stateDir() {
        return dataDir.resolve("streams");
    }

    public String compression() {
        return compression;
    }

    public long commitIntervalMs() {
        return commitIntervalMs;
    }

    public int streamThreads() {
        return streamThreads;
    }

    public int standbyReplicas() {
        return standbyReplicas;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public long rocksDbMemoryBytes() {
        return rocksDbMemoryBytes;
    }

    /** Extra CIDRs the proxy refuses to call. */
    public List<String> proxyDeny() {
        return List.copyOf(proxyDeny);
    }

    /** Identity of this node among the instances of the application. */
    public BridgeNode.ClusterSettings clusterSettings() {
        return new BridgeNode.ClusterSettings(instanceId, applicationServer, clusterSecret);
    }

    /** Consul settings, or null when {@code --consul-url} is not given (Consul disabled). */
    public ConsulSettings consulSettings() {
        return consulUrl == null ? null : ConsulSettings.of(consulUrl, consulToken, consulDeregisterAfter);
    }

    private static void requirePort(CommandLine commandLine, String option, int value, boolean zeroAllowed) {
        if (value > 65535 || value < (zeroAllowed ? 0 : 1)) {
            throw new ParameterException(commandLine, option + " must be a port between "
                    + (zeroAllowed ? 0 : 1) + " and 65535, not " + value);
        }
    }
}
