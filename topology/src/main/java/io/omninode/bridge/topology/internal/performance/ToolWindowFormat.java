package io.omninode.bridge.topology.internal.performance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.BinaryReader;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.ToolWindow;
import io.omninode.bridge.topology.performance.WindowShare;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * Binary layout of {@link ToolWindow} (format byte {@code 0x10}): tool, start, end, late events,
 * closed, the total share, then each executor's share; a share is its counters and its sketch
 * ({@link LatencySketch#toBytes()}). Also reads the JSON window of earlier versions (one executor or
 * the whole tool per value, sketch base64 plus pending durations).
 */
public final class ToolWindowFormat implements BinaryFormat<ToolWindow> {

    public static final ToolWindowFormat INSTANCE = new ToolWindowFormat();
    private static final Serde<ToolWindow> SERDE = InternalSerdes.binary(INSTANCE);

    /** The serde of {@code tool-performance} values. */
    public static Serde<ToolWindow> serde() {
        return SERDE;
    }

    @Override
    public String name() {
        return "tool window";
    }

    @Override
    public byte formatByte() {
        return 0x10;
    }

    @Override
    public void write(ToolWindow w, BinaryWriter out) {
        out.writeString(w.toolName());
        out.writeString(w.executorService());
        out.writeLong(w.windowStart().toEpochMilli());
        out.writeLong(w.windowEnd().toEpochMilli());
        out.writeVarLong(w.lateEvents());
        out.writeBoolean(w.closed());
        writeShare(w.total(), out);
        out.writeVarLong(w.executors().size());
        for (WindowShare share : w.executors()) {
            writeShare(share, out);
        }
    }

    @Override
    public ToolWindow read(BinaryReader in) {
        String tool = in.readString();
        String executor = in.readString();
        Instant start = Instant.ofEpochMilli(in.readLong());
        Instant end = Instant.ofEpochMilli(in.readLong());
        long late = in.readVarLong();
        boolean closed = in.readBoolean();
        WindowShare total = readShare(in);
        List<WindowShare> executors = new ArrayList<>();
        for (long i = in.readVarLong(); i > 0; i--) {
            executors.add(readShare(in));
        }
        return new ToolWindow(tool, executor, start, end, total, executors, late, closed);
    }

    private static void writeShare(WindowShare s, BinaryWriter out) {
        out.writeString(s.executorService());
        out.writeVarLong(s.count());
        out.writeVarLong(s.successes());
        out.writeVarLong(s.errors());
        out.writeDouble(s.durationSumMs());
        out.writeDouble(s.queueTimeSumMs());
        out.writeDouble(s.maxMs());
        out.writeBytes(s.sketch());
    }

    private static WindowShare readShare(BinaryReader in) {
        return new WindowShare(in.readString(), in.readVarLong(), in.readVarLong(), in.readVarLong(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readBytes());
    }

    /** The JSON of earlier versions. */
    record Legacy(@JsonProperty("tool_name") String toolName,
                  @JsonProperty("executor_service") String executorService,
                  @JsonProperty("window_start") Instant windowStart,
                  @JsonProperty("window_end") Instant windowEnd,
                  @JsonProperty("count") long count,
                  @JsonProperty("successes") long successes,
                  @JsonProperty("errors") long errors,
                  @JsonProperty("duration_sum_ms") double durationSumMs,
                  @JsonProperty("queue_time_sum_ms") double queueTimeSumMs,
                  @JsonProperty("max_ms") double maxMs,
                  @JsonProperty("latency_sketch") String latencySketch,
                  @JsonProperty("late_events") long lateEvents,
                  @JsonProperty("closed") boolean closed,
                  @JsonProperty("pending_latencies_ms") double[] pendingLatenciesMs) {
    }

    @Override
    public ToolWindow readLegacyJson(byte[] json) throws IOException {
        Legacy l = Json.MAPPER.readValue(json, Legacy.class);
        LatencySketch sketch = LatencySketch.decode(l.latencySketch());
        if (l.pendingLatenciesMs() != null) {
            for (double pending : l.pendingLatenciesMs()) {
                sketch.record(pending);
            }
        }
        WindowShare total = new WindowShare(l.executorService(), l.count(), l.successes(), l.errors(),
                l.durationSumMs(), l.queueTimeSumMs(), l.maxMs(), sketch.toBytes());
        return new ToolWindow(l.toolName(), l.executorService(), l.windowStart(), l.windowEnd(), total, List.of(),
                l.lateEvents(), l.closed());
    }
}
