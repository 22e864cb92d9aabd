package io.omninode.bridge.bench.jmh;

import io.omninode.bridge.topology.internal.performance.ToolWindowFormat;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.WindowShare;
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
 * that already holds {@value #WINDOW_EXECUTIONS} log-normal latencies: recording a latency (what an
 * execution costs a window held in memory, twice: total and executor share), encoding and decoding
 * the sketch, the write of one busy window with {@value #EXECUTORS} executor shares through its
 * binary serde (what a commit costs per window that changed), and the query summary's merge of an
 * hour of windows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PerformanceWindowBench {

    static final int WINDOW_EXECUTIONS = 5_000;
    private static final int HOUR_OF_WINDOWS = 60;
    static final int EXECUTORS = 5;
    private static final String STORE_TOPIC = "tool-performance-changelog";

    private final Random random = new Random(42);
    private final Serde<ToolWindow> windowSerde = ToolWindowFormat.serde();
    private LatencySketch sketch;
    private String encoded;
    private LatencySketch[] shares;
    private ToolWindow busy;
    private List<String> hour;

    @Setup
    public void setUp() {
        sketch = filled();
        encoded = sketch.encode();
        Instant start = Instant.parse("2026-11-26T10:15:00Z");
        shares = new LatencySketch[EXECUTORS];
        List<WindowShare> executors = new ArrayList<>();
        for (int e = 0; e < EXECUTORS; e++) {
            shares[e] = new LatencySketch();
            for (int i = 0; i < WINDOW_EXECUTIONS / EXECUTORS; i++) {
                shares[e].record(latency());
            }
            executors.add(share("svc-" + e, shares[e]));
        }
        busy = new ToolWindow("code_generator", null, start, start.plusSeconds(60), share(null, sketch), executors,
                0, false);
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

    private static WindowShare share(String executor, LatencySketch sketch) {
        return new WindowShare(executor, sketch.count(), sketch.count(), 0, sketch.mean() * sketch.count(), 0,
                sketch.max(), sketch.toBytes());
    }

    /** What one commit costs per window that changed: its sketches encoded and the value serialized. */
    @Benchmark
    public byte[] windowCommitWrite() {
        List<WindowShare> executors = new ArrayList<>(EXECUTORS);
        for (int e = 0; e < EXECUTORS; e++) {
            executors.add(share("svc-" + e, shares[e]));
        }
        ToolWindow window = new ToolWindow(busy.toolName(), null, busy.windowStart(), busy.windowEnd(),
                share(null, sketch), executors, 0, false);
        return windowSerde.serializer().serialize(STORE_TOPIC, window);
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
