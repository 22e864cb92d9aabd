package io.omninode.bridge.topology.internal.serde;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for {@link BinaryFormat}s: fixed-width numbers big-endian, variable-length
 * unsigned longs (LEB128), strings as length + UTF-8 (length -1 for null). One per thread, reused.
 */
public final class BinaryWriter {

    private static final ThreadLocal<BinaryWriter> LOCAL = ThreadLocal.withInitial(BinaryWriter::new);

    private byte[] buffer = new byte[256];
    private int length;

    /** This thread's writer, emptied. */
    public static BinaryWriter local() {
        BinaryWriter writer = LOCAL.get();
        writer.length = 0;
        return writer;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    public BinaryWriter writeByte(int value) {
        ensure(1);
        buffer[length++] = (byte) value;
        return this;
    }

    public BinaryWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public BinaryWriter writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    public BinaryWriter writeDouble(double value) {
        return writeLong(Double.doubleToLongBits(value));
    }

    /** A non-negative long in 1–10 bytes. */
    public BinaryWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varlong " + value);
        }
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[length++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[length++] = (byte) value;
        return this;
    }

    /** A long that may be negative (zig-zag). */
    public BinaryWriter writeSignedVarLong(long value) {
        return writeVarLong((value << 1) ^ (value >> 63));
    }

    public BinaryWriter writeString(String value) {
        if (value == null) {
            return writeSignedVarLong(-1);
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeSignedVarLong(bytes.length);
        return writeBytesRaw(bytes);
    }

    /** Length-prefixed bytes; null allowed. */
    public BinaryWriter writeBytes(byte[] value) {
        if (value == null) {
            return writeSignedVarLong(-1);
        }
        writeSignedVarLong(value.length);
        return writeBytesRaw(value);
    }

    private BinaryWriter writeBytesRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }
}
