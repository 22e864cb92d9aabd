package io.omninode.bridge.topology.internal.serde;

import java.nio.charset.StandardCharsets;

/** Reads what {@link BinaryWriter} wrote; a truncated value throws {@link IllegalArgumentException}. */
public final class BinaryReader {

    private final byte[] bytes;
    private int position;

    public BinaryReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    private void need(int n) {
        if (n < 0 || position + n > bytes.length) {
            throw new IllegalArgumentException("truncated value: " + n + " more bytes needed at " + position
                    + " of " + bytes.length);
        }
    }

    public int readByte() {
        need(1);
        return bytes[position++] & 0xff;
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xff);
        }
        return value;
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varlong at " + position);
    }

    public long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public int readSize() {
        long size = readSignedVarLong();
        if (size < -1 || size > bytes.length) {
            throw new IllegalArgumentException("malformed length " + size + " at " + position);
        }
        return (int) size;
    }

    public String readString() {
        int size = readSize();
        if (size < 0) {
            return null;
        }
        need(size);
        String value = new String(bytes, position, size, StandardCharsets.UTF_8);
        position += size;
        return value;
    }

    public byte[] readBytes() {
        int size = readSize();
        if (size < 0) {
            return null;
        }
        need(size);
        byte[] value = new byte[size];
        System.arraycopy(bytes, position, value, 0, size);
        position += size;
        return value;
    }
}
