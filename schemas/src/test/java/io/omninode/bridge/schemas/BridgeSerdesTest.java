package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class BridgeSerdesTest {

    private static final String TOPIC = "hooks.tool_execution";

    @Test
    void shouldRoundTripAnEnvelope() {
        // Given
        Serde<Envelope> serde = BridgeSerdes.envelope();
        Envelope envelope = Envelope.create(EventTypes.TOOL_EXECUTION_COMPLETED,
                new Source("omniagent", "omniagent-host1-42", null), "corr-1", "req-1",
                SeedSamples.load(SeedSamples.TOOL_EXECUTION));

        // When
        byte[] bytes = serde.serializer().serialize(TOPIC, envelope);
        Envelope read = serde.deserializer().deserialize(TOPIC, bytes);

        // Then
        assertThat(read).isEqualTo(envelope);
        assertThat(Validation.violations(BodySchema.ENVELOPE, BridgeSerdes.json().deserializer().deserialize(TOPIC, bytes)))
                .isEmpty();
    }

    @Test
    void shouldKeepTombstonesNull() {
        // Then
        assertThat(BridgeSerdes.envelope().serializer().serialize(TOPIC, null)).isNull();
        assertThat(BridgeSerdes.envelope().deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(BridgeSerdes.json().deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldRoundTripPlainJson() {
        // Given
        JsonNode json = SeedSamples.load(SeedSamples.REGISTRATION);

        // When
        byte[] bytes = BridgeSerdes.json().serializer().serialize(TOPIC, json);

        // Then
        assertThat(BridgeSerdes.json().deserializer().deserialize(TOPIC, bytes)).isEqualTo(json);
    }

    @Test
    void shouldReportUnreadableRecordsAsSerializationErrors() {
        // Given
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        // Then
        assertThatThrownBy(() -> BridgeSerdes.envelope().deserializer().deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC);
    }
}
