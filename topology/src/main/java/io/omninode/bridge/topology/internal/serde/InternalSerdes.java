package io.omninode.bridge.topology.internal.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serdes of the topology's internal records (DESIGN.md §4): store values, changelogs and
 * repartition topics. Every value starts with a format byte, so formats can evolve while old
 * values stay readable:
 * <ul>
 *   <li>{@value #SMILE_V1}: the record as Jackson Smile (binary JSON with back-referenced field
 *       names), for the low-volume records (registry, health, patterns, detector state);</li>
 *   <li>{@code 0x10}–{@code 0x1f}: hand-written layouts of the hot records ({@link BinaryFormat});</li>
 *   <li>{@code '{'}: plain JSON, what versions before the binary formats wrote. It is still read,
 *       so an existing data dir keeps its state across the upgrade.</li>
 * </ul>
 * Null stays null (tombstones).
 */
public final class InternalSerdes {

    /** Format byte of a Smile-encoded record. */
    public static final byte SMILE_V1 = 0x01;
    private static final byte JSON_OBJECT = '{';

    private static final ObjectMapper SMILE = SmileMapper.builder(SmileFactory.builder().build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private InternalSerdes() {
    }

    /** A versioned binary serde (Smile) for a Jackson-mappable record that also reads its legacy JSON. */
    public static <T> Serde<T> smile(Class<T> type) {
        ObjectWriter writer = SMILE.writerFor(type);
        ObjectReader reader = SMILE.readerFor(type);
        ObjectReader legacy = Json.MAPPER.readerFor(type);
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                byte[] body = writer.writeValueAsBytes(value);
                byte[] out = new byte[body.length + 1];
                out[0] = SMILE_V1;
                System.arraycopy(body, 0, out, 1, body.length);
                return out;
            } catch (IOException e) {
                throw new SerializationException("cannot serialize " + type.getSimpleName() + " for " + topic, e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                if (bytes.length > 0 && bytes[0] == SMILE_V1) {
                    return reader.readValue(bytes, 1, bytes.length - 1);
                }
                if (bytes.length > 0 && isJson(bytes)) {
                    return legacy.readValue(bytes);
                }
                throw new SerializationException("unknown format byte " + (bytes.length == 0 ? "(empty)"
                        : Integer.toHexString(bytes[0] & 0xff)) + " of " + type.getSimpleName() + " in " + topic);
            } catch (IOException | RuntimeException e) {
                if (e instanceof SerializationException se) {
                    throw se;
                }
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic
                        + ": " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A serde of a hand-written {@link BinaryFormat}. */
    public static <T> Serde<T> binary(BinaryFormat<T> format) {
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            BinaryWriter out = BinaryWriter.local();
            out.writeByte(format.formatByte());
            format.write(value, out);
            return out.toByteArray();
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                if (bytes.length > 0 && bytes[0] == format.formatByte()) {
                    return format.read(new BinaryReader(bytes, 1));
                }
                if (bytes.length > 0 && isJson(bytes)) {
                    return format.readLegacyJson(bytes);
                }
                T earlier = bytes.length == 0 ? null : format.readEarlier(bytes[0], new BinaryReader(bytes, 1));
                if (earlier != null) {
                    return earlier;
                }
                throw new SerializationException("unknown format byte of " + format.name() + " in " + topic + ": "
                        + (bytes.length == 0 ? "(empty)" : Integer.toHexString(bytes[0] & 0xff)));
            } catch (IOException | RuntimeException e) {
                if (e instanceof SerializationException se) {
                    throw se;
                }
                throw new SerializationException("cannot read " + format.name() + " from " + topic + ": "
                        + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /**
     * A {@link #binary} serde of a record that earlier versions stored as Smile ({@link #smile}):
     * writes the binary layout, reads both.
     */
    public static <T> Serde<T> binary(BinaryFormat<T> format, Class<T> earlierSmile) {
        Serde<T> binary = binary(format);
        Deserializer<T> smile = smile(earlierSmile).deserializer();
        Deserializer<T> binaryReader = binary.deserializer();
        Deserializer<T> deserializer = (topic, bytes) -> bytes != null && bytes.length > 0 && bytes[0] == SMILE_V1
                ? smile.deserialize(topic, bytes) : binaryReader.deserialize(topic, bytes);
        return Serdes.serdeFrom(binary.serializer(), deserializer);
    }

    private static boolean isJson(byte[] bytes) {
        for (byte b : Arrays.copyOf(bytes, Math.min(bytes.length, 8))) {
            if (b == JSON_OBJECT) {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }
}
