package io.omninode.bridge.topology;

import static io.omninode.bridge.topology.Events.INSTANCE;
import static io.omninode.bridge.topology.Events.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.internal.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Poison records go to {@code bridge.dlq} with their origin in the headers, and processing carries on. */
class DeadLetterQueueTest {

    @TempDir
    Path stateDir;
    HealthDriver bridge;
    TestOutputTopic<byte[], byte[]> dlq;

    @AfterEach
    void stop() {
        bridge.close();
    }

    /**
     * Runs at-least-once: under exactly-once the test driver loses a dead letter written while
     * no record was processed (its {@code MockProducer.clear()} drops the still open transaction),
     * which a broker would commit with the task's next commit.
     */
    @Test
    void shouldDeadLetterBytesThatAreNotJsonAndKeepProcessing() {
        // Given
        start(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
        TestInputTopic<String, byte[]> rawErrors = bridge.driver.createInputTopic(bridge.topics.errors.name(),
                new StringSerializer(), new ByteArraySerializer());
        byte[] poison = "not json {".getBytes(StandardCharsets.UTF_8);

        // When
        rawErrors.pipeInput(new TestRecord<>(SERVICE, poison, bridge.now()));
        bridge.error(SERVICE, Events.criticalError(SERVICE, INSTANCE, "critical"));

        // Then
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(SERVICE);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME))
                .isEqualTo(bridge.topics.errors.name());
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME)).isEqualTo("0");
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).isEqualTo("0");
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME))
                .isEqualTo(SerializationException.class.getName());
        assertThat(dlq.isEmpty()).isTrue();

        assertThat(bridge.changes()).singleElement()
                .satisfies(change -> assertThat(change.healthTransition().currentStatus())
                        .isEqualTo(HealthStatus.UNHEALTHY));
    }

    @Test
    void shouldDeadLetterAnEnvelopeWhoseProcessingFailsAndKeepProcessing() {
        // Given: exactly-once, and a heartbeat that names no instance at all
        start(Map.of());
        Envelope heartbeat = Events.heartbeat(SERVICE, INSTANCE, "degraded");
        ObjectNode payload = heartbeat.payload();
        payload.remove("instance_id");
        Envelope poison = new Envelope(heartbeat.eventId(), heartbeat.eventType(), heartbeat.eventVersion(),
                heartbeat.timestamp(), null, heartbeat.correlationId(), heartbeat.requestId(), payload);
        byte[] poisonBytes = bridge.topics.registryServices.valueSerde().serializer()
                .serialize(bridge.topics.registryServices.name(), poison);

        // When
        bridge.pipe(bridge.topics.registryServices, SERVICE, poison);
        bridge.heartbeat(SERVICE, INSTANCE, "degraded");

        // Then
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(SERVICE);
        assertThat(dead.value()).isEqualTo(poisonBytes);
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME))
                .isEqualTo(bridge.topics.registryServices.name());
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME)).isEqualTo("0");
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).isEqualTo("1");
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME))
                .isEqualTo(InvalidEventException.class.getName());
        assertThat(header(dead.headers(), ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME))
                .contains("has no instance_id");
        assertThat(dlq.isEmpty()).isTrue();

        assertThat(bridge.changes()).singleElement()
                .satisfies(change -> assertThat(change.healthTransition().currentStatus())
                        .isEqualTo(HealthStatus.DEGRADED));
    }

    /** A bridge with one registered, healthy instance. */
    private void start(Map<String, Object> overrides) {
        bridge = new HealthDriver(TopologyConfig.DEFAULTS, stateDir, HealthDriver.T0, "dlq-test", overrides);
        dlq = bridge.output(bridge.topics.dlq);
        bridge.register(SERVICE, INSTANCE);
        bridge.changes();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
