package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.BridgeStreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Under load, the ingest producer's requests and the stream threads' fetches stay under half a
 * 1 MB G1 region, the size from which an array is humongous on heaps up to 2 GB: the embedded
 * broker reads each produce request into one array, a consumer each fetch response. Measured with
 * the clients' own metrics ({@code request-size-max}, {@code fetch-size-max}) on the shared broker,
 * after writing several megabytes to the six partitions of {@code hooks.tool_execution} at once.
 */
class NetworkBufferSizeIntegrationTest {

    private static final int HALF_REGION = 512 * 1024;
    private static final int RECORDS = 6_000;

    @Test
    void shouldKeepProduceRequestsAndFetchResponsesUnderHalfAGcRegion() {
        // Given: ~2 KB envelopes on all six partitions, sent without waiting
        Topics topics = SharedKafka.freshTopics();
        Envelope envelope = Envelope.create(EventTypes.TOOL_EXECUTION_COMPLETED,
                new Source("omniagent", "omniagent-1", "1.0.0"), "corr", "req", SeedSamples.load(SeedSamples.TOOL_EXECUTION));
        double requestSizeMax;
        try (EventPublisher publisher = EventPublisher.create(SharedKafka.bootstrapServers(), "buffer-size-test")) {
            List<CompletableFuture<?>> sends = new ArrayList<>(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                sends.add(publisher.publish(topics.toolExecution, "tool-" + i % 60, envelope));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
            requestSizeMax = metric(publisher.producer().metrics(), "producer-metrics", "request-size-max");
        }

        // When: read back with the stream threads' fetch settings
        StreamsConfig streams = new StreamsConfig(BridgeStreamsConfig.properties("buffer-size-test",
                SharedKafka.bootstrapServers(), Path.of("unused"), null, topics, 1L << 20));
        Map<String, Object> main = streams.getMainConsumerConfigs("buffer-size-test", "buffer-size-test-StreamThread-1", 1);
        Map<String, Object> config = SharedKafka.consumerConfig();
        for (String key : List.of(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)) {
            config.put(key, main.get(key));
        }
        double fetchSizeMax;
        int read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topics.toolExecution.name())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < RECORDS && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            // a fetch's size is recorded once all its partitions were handed out, on a later poll
            read += consumer.poll(Duration.ofMillis(200)).count();
            fetchSizeMax = metric(consumer.metrics(), "consumer-fetch-manager-metrics", "fetch-size-max");
        }

        // Then: large enough to have batched, small enough not to be humongous
        assertThat(read).isEqualTo(RECORDS);
        assertThat(requestSizeMax).as("largest produce request").isGreaterThan(64 * 1024).isLessThan(HALF_REGION);
        assertThat(fetchSizeMax).as("largest fetch").isGreaterThan(64 * 1024).isLessThan(HALF_REGION);
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name)
                        && !e.getKey().tags().containsKey("topic"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .filter(v -> !Double.isNaN(v)) // a sensor without samples in its window
                .max().orElseThrow(() -> new AssertionError("no metric " + group + "/" + name));
    }
}
