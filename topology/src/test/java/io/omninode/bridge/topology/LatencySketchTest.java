package io.omninode.bridge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.omninode.bridge.topology.performance.LatencySketch;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    /** 3 significant digits: relative error of a percentile ≤ 0.1 % (plus the 1 µs unit). */
    static final double PRECISION = 0.001;

    @Test
    void shouldMatchExactPercentilesWithinHdrPrecision() {
        // Given: 10 000 log-normal latencies between ~1 ms and ~10 s
        double[] latencies = latencies(new Random(42), 10_000);
        LatencySketch sketch = new LatencySketch();
        Arrays.stream(latencies).forEach(sketch::record);

        // When / Then
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        for (double percentile : new double[] {50, 90, 95, 99, 99.9}) {
            // nearest rank, as HdrHistogram counts it
            double exact = sorted[(int) Math.max(1, Math.round(percentile / 100 * sorted.length)) - 1];
            assertThat(sketch.percentile(percentile)).as("p%s", percentile)
                    .isCloseTo(exact, within(exact * PRECISION + 0.001));
        }
        assertThat(sketch.max()).isCloseTo(sorted[sorted.length - 1], within(sorted[sorted.length - 1] * PRECISION));
        assertThat(sketch.count()).isEqualTo(10_000);
    }

    @Test
    void shouldMergeTwoWindowsIntoTheSketchOfTheirUnion() {
        // Given
        Random random = new Random(7);
        double[] first = latencies(random, 3_000);
        double[] second = latencies(random, 5_000);
        LatencySketch a = new LatencySketch();
        LatencySketch b = new LatencySketch();
        LatencySketch union = new LatencySketch();
        Arrays.stream(first).forEach(v -> {
            a.record(v);
            union.record(v);
        });
        Arrays.stream(second).forEach(v -> {
            b.record(v);
            union.record(v);
        });

        // When: merged as the read API will, from the stored (encoded) form
        LatencySketch merged = LatencySketch.mergeAll(List.of(LatencySketch.decode(a.encode()),
                LatencySketch.decode(b.encode())));

        // Then
        assertThat(merged).isEqualTo(union);
        assertThat(merged.count()).isEqualTo(8_000);
        for (double percentile : new double[] {50, 95, 99}) {
            assertThat(merged.percentile(percentile)).isEqualTo(union.percentile(percentile));
        }
    }

    @Test
    void shouldEncodeCompactly() {
        // Given
        LatencySketch sketch = new LatencySketch();
        Arrays.stream(latencies(new Random(1), 1_000)).forEach(sketch::record);

        // When
        String encoded = sketch.encode();

        // Then
        assertThat(encoded.length()).isLessThan(4_000);
        assertThat(LatencySketch.decode(encoded)).isEqualTo(sketch);
        assertThat(LatencySketch.decode(null).count()).isZero();
    }

    @Test
    void shouldDecodeTheCompressedEncodingOfEarlierVersions() {
        // Given a sketch stored as HdrHistogram's compressed V2 encoding
        double[] values = latencies(new Random(2), 1_000);
        LatencySketch sketch = new LatencySketch();
        Histogram histogram = new Histogram(LatencySketch.SIGNIFICANT_DIGITS);
        for (double value : values) {
            sketch.record(value);
            histogram.recordValue(Math.round(value * 1000));
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        String compressed = Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));

        // When
        LatencySketch decoded = LatencySketch.decode(compressed);

        // Then
        assertThat(decoded).isEqualTo(sketch);
        assertThat(LatencySketch.decode(decoded.encode())).isEqualTo(sketch);
    }

    @Test
    void shouldRejectTextThatIsNoSketch() {
        assertThatThrownBy(() -> LatencySketch.decode("bm90IGEgc2tldGNo"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] latencies(Random random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.round(Math.exp(random.nextGaussian() * 1.2 + 4.5) * 1000) / 1000.0;
        }
        return values;
    }
}
