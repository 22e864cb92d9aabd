package io.omninode.bridge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.BridgeSerdes;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.time.Instant;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ToolWindowTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private final Serde<ToolWindow> serde = BridgeSerdes.jsonSerde(ToolWindow.class);

    @Test
    void shouldHoldEveryLatencyWhetherEncodedOrPendingAcrossTheStore() {
        // Given a window fed through its serde on every execution, as the processor does
        Random random = new Random(3);
        LatencySketch expected = new LatencySketch();
        ToolWindow window = ToolWindow.empty("t", null, START, START.plusSeconds(60));
        int encodings = 0;
        for (int i = 0; i < 1_000; i++) {
            double latency = 1 + random.nextDouble() * 500;
            expected.record(latency);
            LatencySketch sketch = window.sketch();
            sketch.record(latency);
            String before = window.latencySketch();
            window = roundTrip(window.plus(true, latency, 0, sketch));
            if (!window.latencySketch().equals(before)) {
                encodings++;
            }
            // Then at every step the window's sketch is exactly the sketch of all its latencies
            assertThat(window.sketch()).isEqualTo(expected);
            assertThat(window.pendingLatenciesMs().length).isLessThan(ToolWindow.ENCODE_EVERY);
        }
        // and the sketch was encoded once per ENCODE_EVERY executions, not on every one
        assertThat(encodings).isBetween(1_000 / ToolWindow.ENCODE_EVERY, 1_000 / ToolWindow.ENCODE_EVERY + 2);
    }

    @Test
    void shouldEncodeEverythingWhenClosed() {
        ToolWindow window = ToolWindow.empty("t", "x", START, START.plusSeconds(60));
        LatencySketch sketch = new LatencySketch();
        for (double latency : new double[] {5, 7, 11}) {
            sketch.record(latency);
            window = window.plus(true, latency, 0, sketch.copy());
        }
        assertThat(window.pendingLatenciesMs()).containsExactly(7, 11);

        ToolWindow closed = roundTrip(window.close(2));

        assertThat(closed.pendingLatenciesMs()).isEmpty();
        assertThat(LatencySketch.decode(closed.latencySketch())).isEqualTo(sketch);
        assertThat(closed.closed()).isTrue();
        assertThat(closed.lateEvents()).isEqualTo(2);
        assertThat(closed.count()).isEqualTo(3);
    }

    @Test
    void shouldReadWindowsStoredBeforePendingLatenciesExisted() {
        LatencySketch sketch = new LatencySketch();
        sketch.record(42);
        String stored = "{\"tool_name\":\"t\",\"executor_service\":null,\"window_start\":\"2026-11-26T10:00:00Z\","
                + "\"window_end\":\"2026-11-26T10:01:00Z\",\"count\":1,\"successes\":1,\"errors\":0,"
                + "\"duration_sum_ms\":42.0,\"queue_time_sum_ms\":0.0,\"max_ms\":42.0,\"latency_sketch\":\""
                + sketch.encode() + "\",\"late_events\":0,\"closed\":false}";

        ToolWindow window = serde.deserializer().deserialize("t", stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(window.pendingLatenciesMs()).isEmpty();
        assertThat(window.sketch()).isEqualTo(sketch);
    }

    private ToolWindow roundTrip(ToolWindow window) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", window));
    }
}
