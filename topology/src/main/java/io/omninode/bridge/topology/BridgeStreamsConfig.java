package io.omninode.bridge.topology;

import io.omninode.bridge.schemas.Topics;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams configuration the bridge runs {@link BridgeTopology} with (DESIGN.md §6–§7):
 * exactly-once v2, a short commit interval, poison records to {@code bridge.dlq} through Kafka's
 * built-in dead-letter queue (KIP-1034) while processing continues, and RocksDB memory bounded by
 * {@link BoundedRocksDbConfig}.
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

    private BridgeStreamsConfig() {
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
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.config().replicationFactor());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.dlq.name());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.OnDeserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.OnProcessing.class);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, rocksDbMemoryBytes);
        return props;
    }
}
