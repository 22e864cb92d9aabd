package io.omninode.bridge.bench.jmh;

import io.omninode.bridge.schemas.BridgeSerdes;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.ToolWindowHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The performance windows' per-execution work and the sketch operations around it, on a window
 * that already holds {@value #WINDOW_EXECUTIONS} log-normal latencies: recording a latency,
 * encoding and decoding the sketch, the store round trip of one execution (read the key's
 * history and window through their serdes, record, write the window back, as
 * {@code PerformanceProcessor} does for the tool key and again for the executor key), and the
 * query summary's merge of an hour of windows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PerformanceWindowBench {

    static final int WINDOW_EXECUTIONS = 5_000;
    private static final int HOUR_OF_WINDOWS = 60;
    private static final String STORE_TOPIC = "tool-performance-changelog";

    private final Random random = new Random(42);
    private final Serde<ToolWindow> windowSerde = BridgeSerdes.jsonSerde(ToolWindow.class);
    private final Serde<ToolWindowHistory> historySerde = BridgeSerdes.jsonSerde(ToolWindowHistory.class);
    private LatencySketch sketch;
    private String encoded;
    private byte[] storedWindow;
    private byte[] storedHistory;
    private List<String> hour;

    @Setup
    public void setUp() {
        sketch = filled();
        encoded = sketch.encode();
        Instant start = Instant.parse("2026-11-26T10:15:00Z");
        ToolWindow window = ToolWindow.empty("code_generator", null, start, start.plusSeconds(60));
        LatencySketch windowSketch = new LatencySketch();
        for (int i = 0; i < WINDOW_EXECUTIONS; i++) {
            double latency = latency();
            windowSketch.record(latency);
            window = window.plus(i % 20 != 0, latency, 0, windowSketch);
        }
        storedWindow = windowSerde.serializer().serialize(STORE_TOPIC, window);
        storedHistory = historySerde.serializer().serialize(STORE_TOPIC, ToolWindowHistory.EMPTY
                .opened(start.toEpochMilli()));
        hour = new ArrayList<>();
        for (int i = 0; i < HOUR_OF_WINDOWS; i++) {
            hour.add(filled().encode());
        }
    }

    private LatencySketch filled() {
        LatencySketch filled = new LatencySketch();
        for (int i = 0; i < WINDOW_EXECUTIONS; i++) {
            filled.record(latency());
        }
        return filled;
    }

    private double latency() {
        return 850 * Math.exp(0.6 * random.nextGaussian());
    }

    @Benchmark
    public LatencySketch record() {
        return sketch.record(latency());
    }

    @Benchmark
    public String encode() {
        return sketch.encode();
    }

    @Benchmark
    public LatencySketch decode() {
        return LatencySketch.decode(encoded);
    }

    /** One execution on one key: history and window read through their serdes, recorded, window written back. */
    @Benchmark
    public byte[] windowStoreRoundTrip() {
        ToolWindowHistory history = historySerde.deserializer().deserialize(STORE_TOPIC, storedHistory);
        ToolWindow window = windowSerde.deserializer().deserialize(STORE_TOPIC, storedWindow);
        double latency = latency();
        sketch.record(latency);
        ToolWindow next = window.plus(true, latency, 0, sketch);
        return history.openWindowStarts().isEmpty() ? null : windowSerde.serializer().serialize(STORE_TOPIC, next);
    }

    /** What {@code GET /intelligence/performance/tools/{tool}} does for an hour's summary. */
    @Benchmark
    public double mergeHourOfWindows() {
        List<LatencySketch> sketches = new ArrayList<>(hour.size());
        for (String window : hour) {
            sketches.add(LatencySketch.decode(window));
        }
        return LatencySketch.mergeAll(sketches).percentile(99);
    }
}
