package io.omninode.bridge.topology.internal.serde;

import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A hand-written, versioned binary layout of one internal record type: its format byte (the first
 * byte of every value, {@code 0x10}–{@code 0x1f}), how to write and read the rest, and how to read
 * the JSON that versions before the binary layouts stored.
 *
 * @param <T> the record type
 */
public interface BinaryFormat<T> {

    /** A format without a legacy JSON form, from its parts. */
    static <T> BinaryFormat<T> of(String name, int formatByte, BiConsumer<T, BinaryWriter> writer,
                                  Function<BinaryReader, T> reader) {
        return new BinaryFormat<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte formatByte() {
                return (byte) formatByte;
            }

            @Override
            public void write(T value, BinaryWriter out) {
                writer.accept(value, out);
            }

            @Override
            public T read(BinaryReader in) {
                return reader.apply(in);
            }
        };
    }

    /** Name used in error messages. */
    String name();

    byte formatByte();

    void write(T value, BinaryWriter out);

    T read(BinaryReader in);

    /**
     * The value from an earlier binary layout of this record, which had format byte {@code
     * formatByte}; null when there was no such layout (the default).
     */
    default T readEarlier(byte formatByte, BinaryReader in) {
        return null;
    }

    /** The value from the JSON an earlier version stored; by default there was none. */
    default T readLegacyJson(byte[] json) throws IOException {
        throw new IOException(name() + " has no legacy JSON form");
    }
}
