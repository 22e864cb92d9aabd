package io.omninode.bridge.topology.internal.serde;

import java.io.IOException;

/**
 * A hand-written, versioned binary layout of one internal record type: its format byte (the first
 * byte of every value, {@code 0x10}–{@code 0x1f}), how to write and read the rest, and how to read
 * the JSON that versions before the binary layouts stored.
 *
 * @param <T> the record type
 */
public interface BinaryFormat<T> {

    /** Name used in error messages. */
    String name();

    byte formatByte();

    void write(T value, BinaryWriter out);

    T read(BinaryReader in);

    /** The value from the JSON an earlier version stored; by default there was none. */
    default T readLegacyJson(byte[] json) throws IOException {
        throw new IOException(name() + " has no legacy JSON form");
    }
}
