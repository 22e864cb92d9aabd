package io.omninode.bridge.topology.internal.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ToolWindowFormatTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
    private final Serde<ToolWindow> serde = ToolWindowFormat.serde();

    @Test
    void shouldRoundTripAWindowWithItsExecutorBreakdownExactly() {
        // Given: an open window fed with 1 000 executions over three executors (one execution names none)
        OpenWindow open = new OpenWindow("t", START.toEpochMilli(), START.plusSeconds(60).toEpochMilli());
        Random random = new Random(3);
        LatencySketch all = new LatencySketch();
        LatencySketch onA = new LatencySketch();
        for (int i = 0; i < 1_000; i++) {
            double latency = 1 + random.nextDouble() * 500;
            String executor = i == 0 ? null : "svc-" + (char) ('a' + i % 3);
            all.record(latency);
            if ("svc-a".equals(executor)) {
                onA.record(latency);
            }
            open.add(new ToolExecution("t", executor, null, i % 10 == 0 ? "failed" : "success", null, latency, 2,
                    null, null, false));
        }

        // When
        ToolWindow window = roundTrip(open.snapshot(4, true));

        // Then: counts, sketches and executor shares survive, sorted by executor
        assertThat(window.count()).isEqualTo(1_000);
        assertThat(window.errors()).isEqualTo(100);
        assertThat(window.sketch()).isEqualTo(all);
        assertThat(window.lateEvents()).isEqualTo(4);
        assertThat(window.closed()).isTrue();
        assertThat(window.executors()).extracting(s -> s.executorService()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(window.executors().get(0).latencySketch()).isEqualTo(onA);
        assertThat(window.executors().stream().mapToLong(s -> s.count()).sum()).isEqualTo(999);
        // and a window reloaded into memory snapshots to the same value
        assertThat(OpenWindow.of(window).snapshot(4, true)).isEqualTo(window);
    }

    @Test
    void shouldReadTheJsonWindowsOfEarlierVersionsPendingLatenciesIncluded() {
        LatencySketch sketch = new LatencySketch().record(42);
        String stored = "{\"tool_name\":\"t\",\"executor_service\":null,\"window_start\":\"2026-11-26T10:00:00Z\","
                + "\"window_end\":\"2026-11-26T10:01:00Z\",\"count\":2,\"successes\":1,\"errors\":1,"
                + "\"duration_sum_ms\":49.0,\"queue_time_sum_ms\":0.0,\"max_ms\":42.0,\"latency_sketch\":\""
                + sketch.encode() + "\",\"late_events\":0,\"closed\":false,\"pending_latencies_ms\":[7.0]}";

        ToolWindow window = serde.deserializer().deserialize("t", stored.getBytes(StandardCharsets.UTF_8));

        assertThat(window.count()).isEqualTo(2);
        assertThat(window.sketch()).isEqualTo(new LatencySketch().record(42).record(7));
        assertThat(window.executors()).isEmpty();
        assertThat(window.windowEnd()).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void shouldRefuseATruncatedOrUnknownValueWithAClearError() {
        byte[] bytes = serde.serializer().serialize("t", new OpenWindow("t", 0, 60_000).snapshot(0, false));

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0x7f, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown format byte");
    }

    private ToolWindow roundTrip(ToolWindow window) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", window));
    }
}
