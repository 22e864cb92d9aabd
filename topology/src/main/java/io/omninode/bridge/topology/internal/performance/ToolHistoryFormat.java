package io.omninode.bridge.topology.internal.performance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.BinaryReader;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Binary layout of {@link ToolHistory} (format byte {@code 0x11}); also reads the JSON
 * {@code ToolWindowHistory} that versions before it stored (without executor baselines and the
 * tool's own event time, which start afresh from the next windows).
 */
final class ToolHistoryFormat implements BinaryFormat<ToolHistory> {

    static final ToolHistoryFormat INSTANCE = new ToolHistoryFormat();

    @Override
    public String name() {
        return "tool history";
    }

    @Override
    public byte formatByte() {
        return 0x11;
    }

    @Override
    public void write(ToolHistory h, BinaryWriter out) {
        out.writeVarLong(h.openStarts.size());
        h.openStarts.forEach(out::writeLong);
        out.writeLong(h.closedThrough);
        out.writeLong(h.maxEventTime);
        out.writeVarLong(h.recent.size());
        for (WindowSummary s : h.recent) {
            out.writeLong(s.windowStart().toEpochMilli());
            out.writeVarLong(s.count());
            out.writeDouble(s.errorRate());
            out.writeDouble(s.p95());
            out.writeDouble(s.queueTimeMeanMs());
            out.writeBoolean(s.anomalous());
        }
        out.writeVarLong(h.executorP95.size());
        for (Map.Entry<String, Deque<ToolHistory.ExecutorP95>> e : h.executorP95.entrySet()) {
            out.writeString(e.getKey());
            out.writeVarLong(e.getValue().size());
            for (ToolHistory.ExecutorP95 p : e.getValue()) {
                out.writeLong(p.windowStart());
                out.writeDouble(p.p95());
            }
        }
        out.writeVarLong(h.pendingLate);
        out.writeVarLong(h.lateTotal);
    }

    @Override
    public ToolHistory read(BinaryReader in) {
        ToolHistory h = new ToolHistory();
        for (long i = in.readVarLong(); i > 0; i--) {
            h.openStarts.add(in.readLong());
        }
        h.closedThrough = in.readLong();
        h.maxEventTime = in.readLong();
        for (long i = in.readVarLong(); i > 0; i--) {
            h.recent.addLast(new WindowSummary(Instant.ofEpochMilli(in.readLong()), in.readVarLong(),
                    in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean()));
        }
        for (long i = in.readVarLong(); i > 0; i--) {
            String executor = in.readString();
            Deque<ToolHistory.ExecutorP95> list = new ArrayDeque<>();
            for (long j = in.readVarLong(); j > 0; j--) {
                list.addLast(new ToolHistory.ExecutorP95(in.readLong(), in.readDouble()));
            }
            h.executorP95.put(executor, list);
        }
        h.pendingLate = in.readVarLong();
        h.lateTotal = in.readVarLong();
        return h;
    }

    /** The JSON of earlier versions. */
    record Legacy(@JsonProperty("open_window_starts") List<Long> openWindowStarts,
                  @JsonProperty("closed_through") Instant closedThrough,
                  @JsonProperty("recent") List<LegacySummary> recent,
                  @JsonProperty("pending_late") long pendingLate,
                  @JsonProperty("late_total") long lateTotal) {
    }

    record LegacySummary(@JsonProperty("window_start") Instant windowStart, @JsonProperty("count") long count,
                         @JsonProperty("error_rate") double errorRate, @JsonProperty("p95") double p95,
                         @JsonProperty("queue_time_mean_ms") double queueTimeMeanMs,
                         @JsonProperty("anomalous") boolean anomalous) {
    }

    @Override
    public ToolHistory readLegacyJson(byte[] json) throws IOException {
        Legacy legacy = Json.MAPPER.readValue(json, Legacy.class);
        ToolHistory h = new ToolHistory();
        if (legacy.openWindowStarts() != null) {
            h.openStarts.addAll(legacy.openWindowStarts());
        }
        if (legacy.closedThrough() != null) {
            h.closedThrough = legacy.closedThrough().toEpochMilli();
            h.maxEventTime = h.closedThrough;
        }
        if (legacy.recent() != null) {
            for (LegacySummary s : legacy.recent()) {
                h.recent.addLast(new WindowSummary(s.windowStart(), s.count(), s.errorRate(), s.p95(),
                        s.queueTimeMeanMs(), s.anomalous()));
            }
        }
        h.pendingLate = legacy.pendingLate();
        h.lateTotal = legacy.lateTotal();
        return h;
    }
}
