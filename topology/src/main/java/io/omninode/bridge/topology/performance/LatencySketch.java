package io.omninode.bridge.topology.performance;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A mergeable latency sketch: an HdrHistogram with {@value #SIGNIFICANT_DIGITS} significant
 * digits over microseconds, read and written in milliseconds. Percentiles are exact to within
 * 0.1 % (relative) of the recorded values; merging two sketches gives exactly the sketch of the
 * union of their values. Not thread-safe.
 *
 * <p>Encoded form ({@link #encode()}): HdrHistogram's V2 encoding (zero runs collapsed, not
 * deflated): {@link #toBytes()} in the binary store values, base64 (RFC 4648, with padding) in
 * {@link #encode()} for JSON. {@link #decode} also reads HdrHistogram's compressed V2 encoding, which earlier
 * versions wrote, so existing stores stay readable.
 */
public final class LatencySketch {

    public static final int SIGNIFICANT_DIGITS = 3;
    private static final double MICROS_PER_MS = 1000.0;
    /** HdrHistogram's cookie of a compressed encoding, with the word-size bits masked out ({@code & ~0xf0}). */
    private static final int COMPRESSED_COOKIE_BASE = 0x1c849304;
    /** Encoding scratch space, grown as needed: sketches are encoded on every window update. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private final Histogram histogram;

    public LatencySketch() {
        this(new Histogram(SIGNIFICANT_DIGITS));
    }

    private LatencySketch(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Records one latency; negative or non-finite values count as 0. */
    public LatencySketch record(double millis) {
        double value = Double.isFinite(millis) && millis > 0 ? millis : 0;
        histogram.recordValue(Math.round(value * MICROS_PER_MS));
        return this;
    }

    /** Adds every value of {@code other} to this sketch. */
    public LatencySketch merge(LatencySketch other) {
        histogram.add(other.histogram);
        return this;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency (ms) at or below which {@code percentile} % of the values lie; 0 when empty. */
    public double percentile(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / MICROS_PER_MS;
    }

    /** The largest value (ms), within the sketch's precision; 0 when empty. */
    public double max() {
        return count() == 0 ? 0 : histogram.getMaxValue() / MICROS_PER_MS;
    }

    /** The mean (ms), within the sketch's precision; 0 when empty. */
    public double mean() {
        return count() == 0 ? 0 : histogram.getMean() / MICROS_PER_MS;
    }

    public LatencySketch copy() {
        return new LatencySketch(histogram.copy());
    }

    /** The base64-encoded V2 form. */
    public String encode() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /** The V2 form as bytes (what the binary store formats hold). */
    public byte[] toBytes() {
        ByteBuffer buffer = SCRATCH.get();
        int needed = histogram.getNeededByteBufferCapacity();
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(needed);
            SCRATCH.set(buffer);
        }
        buffer.clear();
        int length = histogram.encodeIntoByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** The sketch {@link #toBytes()} wrote (or HdrHistogram's compressed V2 form); empty for null or no bytes. */
    public static LatencySketch fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new LatencySketch();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            boolean compressed = buffer.remaining() >= Integer.BYTES
                    && (buffer.getInt(0) & ~0xf0) == COMPRESSED_COOKIE_BASE;
            return new LatencySketch(compressed ? Histogram.decodeFromCompressedByteBuffer(buffer, 0)
                    : Histogram.decodeFromByteBuffer(buffer, 0));
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded latency sketch", e);
        }
    }

    /** The sketch {@link #encode()} (or an earlier, compressing version) wrote; an empty sketch for null or empty text. */
    public static LatencySketch decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return new LatencySketch();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded latency sketch", e);
        }
        return fromBytes(bytes);
    }

    /** The merge of all {@code sketches} (none: empty). */
    public static LatencySketch mergeAll(Iterable<LatencySketch> sketches) {
        LatencySketch merged = new LatencySketch();
        sketches.forEach(merged::merge);
        return merged;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencySketch sketch && histogram.equals(sketch.histogram);
    }

    @Override
    public int hashCode() {
        return histogram.hashCode();
    }

    @Override
    public String toString() {
        return "LatencySketch[count=" + count() + ", p50=" + percentile(50) + ", p99=" + percentile(99) + "]";
    }
}
