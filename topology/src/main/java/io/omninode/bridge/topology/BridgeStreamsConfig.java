package io.omninode.bridge.topology;

import io.omninode.bridge.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams configuration the bridge runs {@link BridgeTopology} with (DESIGN.md §6–§7):
 * exactly-once v2, a short commit interval, poison records to {@code bridge.dlq} through Kafka's
 * built-in dead-letter queue (KIP-1034) while processing continues, RocksDB memory bounded by
 * {@link BoundedRocksDbConfig} (standby copies included), one standby copy of every stateful task
 * and a short session timeout, so reads survive an instance crash and its work moves in seconds.
 */
public final class BridgeStreamsConfig {

    /**
     * Default commit (and so EOS transaction) interval: derived events become visible within about
     * this long. Each commit blocks the stream thread until the producer's records are acknowledged
     * and the transaction is committed; a longer interval drains a backlog faster (bench/run topology
     * on 2 cores: 24-25k executions/s at 100 ms, 26-30k at 250 ms) but sends the broker larger bursts,
     * which slowed batch ingest on the same cores by about a fifth. {@code bridge run
     * --commit-interval-ms} chooses.
     */
    public static final long COMMIT_INTERVAL_MS = 100;

    /**
     * Default stream threads per instance: two. Under exactly-once each commit blocks its thread until
     * the broker has acknowledged every record and committed the transaction; with a second thread the
     * other half of the tasks is processed meanwhile (bench/run topology on 2 cores, in turn: 16.1k
     * against 12.4k executions/s in a quiet pair, 10.7k against 9.9k in a noisy one; four threads were
     * slower than two). Each thread has its own transactional producer.
     */
    public static final int STREAM_THREADS = 2;

    /**
     * Default standby copies of each stateful task (KIP-535 reads and warm takeover): one, on
     * another instance. A single instance has nowhere to put it and runs without (the bridge drops
     * Streams' warning about that and says how many copies exist after each rebalance instead).
     */
    public static final int STANDBY_REPLICAS = 1;

    /**
     * Default consumer session timeout: a crashed instance's partitions move after this long (the
     * Streams default is 45 s). 6 s is the broker's default {@code group.min.session.timeout.ms};
     * heartbeats go every quarter of it from the consumer's heartbeat thread, independent of
     * processing, so only a stalled JVM or a network partition of that length moves partitions.
     * The classic rebalance protocol is kept: the Streams rebalance protocol of Kafka 4.2 (KIP-1071)
     * has no warm-up replicas, configures standbys on the broker and needs a new group when the
     * topology changes.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    /**
     * The main consumer's fetches wait for 64 KiB or 20 ms, whichever comes first. Under load the
     * bytes are there at once and nothing changes; at a trickle (the proxy's captures, a quiet
     * fleet) a stream thread otherwise runs a pass per record or two, and each pass costs every
     * multi-input task a readiness check that Kafka Streams 4.2 formats log text for with
     * {@code String.format}, whether or not it is logged: a third of the bridge's allocations at
     * 150 proxied calls/s, and the young collections that come with them. A record waits at most
     * 20 ms more per hop for it.
     */
    static final int FETCH_MIN_BYTES = 64 * 1024;
    static final int FETCH_MAX_WAIT_MS = 20;
    /**
     * At most this much per fetch of the main consumer (the consumer's default is 50 MB, and 1 MB per
     * partition). A consumer reads each fetch response into one array: three busy partitions made a
     * 3 MB one, a humongous object on a heap of up to 2 GB (1 MB G1 regions, half a region is
     * humongous) and, with the heap well used, a concurrent marking cycle each. A larger record batch
     * still comes whole: Kafka returns the first batch of a fetch whatever its size.
     */
    static final int FETCH_MAX_BYTES = 384 * 1024;

    private BridgeStreamsConfig() {
    }

    /** Sets the standby copies and the failure detection of {@code props}. */
    public static void failover(Properties props, int standbyReplicas, Duration sessionTimeout) {
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) sessionTimeout.toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(250, sessionTimeout.toMillis() / 4));
    }

    /**
     * @param applicationId      Streams {@code application.id}; instances sharing it share the work
     * @param bootstrapServers   Kafka bootstrap servers
     * @param stateDir           directory of the local RocksDB state
     * @param applicationServer  {@code host:port} this instance answers interactive queries on, or null
     * @param topics             the topic catalog (dead-letter topic, replication factor)
     * @param rocksDbMemoryBytes process-wide RocksDB memory budget ({@link BoundedRocksDbConfig})
     */
    public static Properties properties(String applicationId, String bootstrapServers, Path stateDir,
                                        String applicationServer, Topics topics, long rocksDbMemoryBytes) {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(topics, "topics");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        if (applicationServer != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.config().replicationFactor());
        // changelogs and repartition topics as durable as the bridge's own topics
        props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), topics.config().minInsyncReplicas());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.dlq.name());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.OnDeserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.OnProcessing.class);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), FETCH_MIN_BYTES);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), FETCH_MAX_WAIT_MS);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), FETCH_MAX_BYTES);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), FETCH_MAX_BYTES);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, rocksDbMemoryBytes);
        failover(props, STANDBY_REPLICAS, SESSION_TIMEOUT);
        return props;
    }
}
