package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.FileRecords;
import org.junit.jupiter.api.Test;

/**
 * Public topics are written without producer compression by default (DESIGN.md §4), by ingest and
 * by the topology alike; {@code --compression} reaches the producer. Checked on the batches in the
 * embedded broker's log segments, which a consumer would never show.
 */
class PublicTopicCompressionIntegrationTest {

    @Test
    void shouldWriteHooksAndDerivedEventsUncompressedByDefault() {
        // Given
        try (BridgeFixture bridge = BridgeFixture.start(IngestConfig.defaults("test"))) {
            // When: a registration (ingest writes registry.services, the topology intelligence.health)
            Reply registered = bridge.agent().post("/registry/services", SeedSamples.load(SeedSamples.REGISTRATION));
            assertThat(registered.status()).as(registered.text()).isEqualTo(200);
            Reply hook = bridge.agent().post("/hooks/tool/execution", SeedSamples.load(SeedSamples.TOOL_EXECUTION));
            assertThat(hook.status()).as(hook.text()).isEqualTo(200);
            TopicReader.readAtLeast(bridge.bootstrap, bridge.topics.intelligenceHealth, 1, Duration.ofSeconds(30));

            // Then
            for (Topic<?, ?> topic : List.of(bridge.topics.registryServices, bridge.topics.toolExecution,
                    bridge.topics.intelligenceHealth)) {
                assertThat(compressionOf(topic.name())).as(topic.name()).isNotEmpty().containsOnly(CompressionType.NONE);
            }
        }
    }

    @Test
    void shouldCompressWithTheChosenType() {
        // Given
        Topics topics = SharedKafka.freshTopics();

        // When
        try (EventPublisher publisher = EventPublisher.create(SharedKafka.bootstrapServers(), "compression-test", "lz4")) {
            Envelope envelope = Envelope.create(EventTypes.TOOL_EXECUTION_COMPLETED, new Source("omniagent", "omniagent-1",
                    "1.0.0"), "corr", "req", SeedSamples.load(SeedSamples.TOOL_EXECUTION));
            publisher.publish(topics.toolExecution, "code_generator", envelope).join();
        }

        // Then
        assertThat(compressionOf(topics.toolExecution.name())).containsOnly(CompressionType.LZ4);
    }

    /** The compression of every batch in the log segments of {@code topic}'s partitions. */
    private static List<CompressionType> compressionOf(String topic) {
        List<CompressionType> types = new ArrayList<>();
        // <log dir>/<topic>-<partition>/<offset>.log
        try (Stream<Path> files = Files.walk(SharedKafka.broker().logDir(), 2)) {
            for (Path segment : files.filter(f -> f.toString().endsWith(".log")
                    && f.getParent().getFileName().toString().startsWith(topic + "-")).toList()) {
                try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
                    records.batches().forEach(batch -> {
                        if (!batch.isControlBatch()) {
                            types.add(batch.compressionType());
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }
}
