package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** The one serde factory: JSON through {@link Json#MAPPER}, null values stay null (tombstones). */
public final class BridgeSerdes {

    private static final Serde<Envelope> ENVELOPE = jsonSerde(Envelope.class);
    private static final Serde<JsonNode> JSON = jsonSerde(JsonNode.class);

    private BridgeSerdes() {
    }

    public static Serde<Envelope> envelope() {
        return ENVELOPE;
    }

    public static Serde<JsonNode> json() {
        return JSON;
    }

    /** A JSON serde for any Jackson-mappable type (records included). */
    public static <T> Serde<T> jsonSerde(Class<T> type) {
        ObjectWriter writer = Json.MAPPER.writerFor(type);
        ObjectReader reader = Json.MAPPER.readerFor(type);
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot serialize " + type.getSimpleName() + " for " + topic, e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.readValue(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic
                        + ": " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
