package io.omninode.bridge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class BridgeStreamsConfigTest {

    @Test
    void shouldRunExactlyOnceWithDeadLettersToTheCatalogDlqAndBoundedRocksDb() {
        // Given
        Topics topics = new Topics(new TopicsConfig("prod.", 1.0, (short) 3));

        // When
        StreamsConfig config = new StreamsConfig(BridgeStreamsConfig.properties("bridge", "kafka:9092",
                Path.of("/var/lib/bridge"), "10.0.0.5:8080", topics, 64L << 20));

        // Then
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.getString(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo("prod.bridge.dlq");
        assertThat(config.getClass(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetters.OnDeserialization.class);
        assertThat(config.getClass(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetters.OnProcessing.class);
        assertThat(config.getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedRocksDbConfig.class);
        assertThat(config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
        assertThat(config.getString(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("10.0.0.5:8080");
        assertThat(config.getString(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/var/lib/bridge");
        assertThat(config.originals()).containsEntry(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, 64L << 20);
    }

    @Test
    void shouldBatchOnlyTheMainConsumersFetches() {
        // When
        StreamsConfig config = new StreamsConfig(BridgeStreamsConfig.properties("bridge", "kafka:9092",
                Path.of("state"), null, Topics.defaults(), 1L << 20));

        // Then
        assertThat(config.getMainConsumerConfigs("bridge", "bridge-StreamThread-1", 1))
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)
                // fetch responses stay under half a 1 MB G1 region (not humongous)
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 384 * 1024)
                .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 384 * 1024);
        assertThat(config.getRestoreConsumerConfigs("bridge-restore"))
                .doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)
                .doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
        assertThat(config.getGlobalConsumerConfigs("bridge-global"))
                .doesNotContainKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
    }

    @Test
    void shouldLeaveApplicationServerUnsetWithoutOne() {
        // When
        Properties props = BridgeStreamsConfig.properties("bridge", "kafka:9092", Path.of("state"), null,
                Topics.defaults(), 1L << 20);

        // Then
        assertThat(props).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }
}
