package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.topology.ConfigKeys;
import io.omninode.bridge.topology.internal.BufferedKeyValues;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.WallClockTicks;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.BinaryReader;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * First stage of {@code tool_sequence}, keyed (repartitioned) by session: follows each session's
 * executions and sends on, keyed by the first tool, only what the counts need — a tool the session
 * used for the first time, and a pair A→B the session showed for the first time (B directly after
 * A within {@code max_gap_ms}, judged by the session's own event time). The second stage
 * ({@link ToolSequenceDetector}) counts them per tool, so neither stage funnels onto one key.
 * Sessions idle for {@link #SESSION_IDLE_MS} are forgotten by the wall clock while the task is
 * caught up ({@link CatchUp}).
 */
final class ToolSessions implements Processor<String, ToolSessions.Step, String, ToolSessions.Count> {

    static final String STORE = "pattern-tool-sequence-sessions";
    static final long SESSION_IDLE_MS = Duration.ofMinutes(30).toMillis();

    /** One execution of a session: the tool (the record key is the session id, the timestamp its time). */
    record Step(String tool) {
        static final Serde<Step> SERDE = InternalSerdes.binary(BinaryFormat.of("session step", 0x13,
                (value, out) -> out.writeString(value.tool()), in -> new Step(in.readString())));
    }

    /**
     * A change of the sessions counted for {@code toolA} ({@code toolB} null: sessions that used A) or
     * for the pair A→B: {@code delta} +1, or −1 when a step that arrived late showed the pair was not
     * a direct succession after all. The record timestamp is the event time of the change (the
     * session's first use of A; the time of B in the pair).
     */
    record Count(@JsonProperty("tool_a") String toolA, @JsonProperty("tool_b") String toolB,
                 @JsonProperty("delta") int delta) {
        static final Serde<Count> SERDE = InternalSerdes.smile(Count.class);

        Count {
            delta = delta == 0 ? 1 : delta;
        }
    }

    /** One execution of a session, as the session keeps it. */
    record Timed(long time, String tool) {
    }

    /**
     * A session: its executions in event-time order (the newest {@link #MAX_STEPS}), and the tools and
     * pairs already counted for it.
     */
    record Session(List<Timed> steps, List<String> seen) {
        static final Serde<Session> SERDE = InternalSerdes.binary(BinaryFormat.of("session", 0x15,
                Session::write, Session::read));

        private static void write(Session value, BinaryWriter out) {
            out.writeVarLong(value.steps().size());
            for (Timed step : value.steps()) {
                out.writeLong(step.time()).writeString(step.tool());
            }
            out.writeVarLong(value.seen().size());
            value.seen().forEach(out::writeString);
        }

        private static Session read(BinaryReader in) {
            List<Timed> steps = new ArrayList<>();
            for (long i = in.readVarLong(); i > 0; i--) {
                steps.add(new Timed(in.readLong(), in.readString()));
            }
            List<String> seen = new ArrayList<>();
            for (long i = in.readVarLong(); i > 0; i--) {
                seen.add(in.readString());
            }
            return new Session(steps, seen);
        }

        Session {
            steps = steps == null ? List.of() : steps;
            seen = seen == null ? List.of() : seen;
        }

        long lastTime() {
            return steps.isEmpty() ? Long.MIN_VALUE : steps.get(steps.size() - 1).time();
        }
    }

    /** Executions a session keeps (its newest); older ones only stay counted. */
    static final int MAX_STEPS = 200;

    static final String HOOK = "pattern-tool-sequence-sessions-commit-hook";
    /** Sessions held in memory; older ones are read back from the store when they return. */
    static final int SESSIONS_IN_MEMORY = 100_000;

    static ProcessorSupplier<String, Step, String, Count> supplier(Duration punctuation, LiveConfig config) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Step, String, Count> get() {
                return new ToolSessions(punctuation, config);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Session.SERDE), CommitHook.builder(HOOK));
            }
        };
    }

    private final Duration punctuation;
    private final LiveConfig config;
    private ProcessorContext<String, Count> context;
    private KeyValueStore<String, Session> store;
    private BufferedKeyValues<Session> sessions;
    private CatchUp catchUp;

    ToolSessions(Duration punctuation, LiveConfig config) {
        this.punctuation = punctuation;
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Count> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.sessions = new BufferedKeyValues<>(store, SESSIONS_IN_MEMORY);
        CommitHook hook = context.getStateStore(HOOK);
        hook.onCommit(sessions::flush);
        this.catchUp = new CatchUp(context.currentSystemTimeMs());
        WallClockTicks.every(context, punctuation, this::expire);
    }

    /**
     * Inserts the execution in event-time order and counts what changed: a tool the session had not
     * used, a direct succession A→B (different tools, within {@code max_gap_ms}) it had not shown, and
     * — when a late step splits one — the succession it no longer shows. So the counts end the same in
     * whatever order the steps of a session arrive from the tool partitions.
     */
    @Override
    public void process(Record<String, Step> record) {
        catchUp.record(context.currentSystemTimeMs(), record.timestamp());
        String session = record.key();
        String tool = record.value() == null ? null : record.value().tool();
        if (session == null || tool == null) {
            return;
        }
        Session s = sessions.get(session);
        List<Timed> steps = new ArrayList<>(s == null ? List.of() : s.steps());
        Timed step = new Timed(record.timestamp(), tool);
        int at = steps.size();
        while (at > 0 && steps.get(at - 1).time() > step.time()) {
            at--;
        }
        boolean newest = at == steps.size();
        steps.add(at, step);
        if (steps.size() > MAX_STEPS) {
            steps.remove(0);
        }
        List<String> before = s == null ? List.of() : s.seen();
        long maxGap = config.integer(ConfigKeys.TOOL_SEQUENCE_MAX_GAP_MS);
        List<String> seen = newest ? appended(steps, before, maxGap)
                : reordered(steps, before, maxGap, record.timestamp());
        sessions.put(session, new Session(steps, seen));
    }

    /** The common case, a step newer than every other: at most one new tool and one new pair. */
    private List<String> appended(List<Timed> steps, List<String> before, long maxGap) {
        List<String> seen = new ArrayList<>(before);
        Timed current = steps.get(steps.size() - 1);
        if (!seen.contains(current.tool())) {
            seen.add(current.tool());
            context.forward(new Record<>(current.tool(), new Count(current.tool(), null, 1), current.time()));
        }
        if (steps.size() > 1) {
            Timed previous = steps.get(steps.size() - 2);
            String pair = previous.tool() + ">" + current.tool();
            if (!previous.tool().equals(current.tool()) && current.time() - previous.time() <= maxGap
                    && !seen.contains(pair)) {
                seen.add(pair);
                context.forward(new Record<>(previous.tool(), new Count(previous.tool(), current.tool(), 1),
                        current.time()));
            }
        }
        return seen;
    }

    /** A step that arrived late: the session's tools and successions are worked out again from its steps. */
    private List<String> reordered(List<Timed> steps, List<String> before, long maxGap, long now) {
        List<String> seen = new ArrayList<>();
        Map<String, Long> firstUse = new LinkedHashMap<>();
        Map<String, Long> pairTime = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Timed current = steps.get(i);
            firstUse.putIfAbsent(current.tool(), current.time());
            if (i > 0) {
                Timed previous = steps.get(i - 1);
                if (!previous.tool().equals(current.tool()) && current.time() - previous.time() <= maxGap) {
                    pairTime.putIfAbsent(previous.tool() + ">" + current.tool(), current.time());
                }
            }
        }
        // tools stay counted (also those whose steps were dropped from the session's list)
        for (String known : before) {
            if (known.indexOf('>') < 0) {
                seen.add(known);
            }
        }
        firstUse.forEach((used, time) -> {
            if (!seen.contains(used)) {
                seen.add(used);
                context.forward(new Record<>(used, new Count(used, null, 1), time));
            }
        });
        for (String known : before) {
            if (known.indexOf('>') >= 0 && !pairTime.containsKey(known)) {
                if (steps.size() < MAX_STEPS) {
                    String[] tools = known.split(">", 2);
                    context.forward(new Record<>(tools[0], new Count(tools[0], tools[1], -1), now));
                } else {
                    // its steps may have been dropped: it stays counted
                    seen.add(known);
                }
            }
        }
        pairTime.forEach((pair, time) -> {
            seen.add(pair);
            if (!before.contains(pair)) {
                String[] tools = pair.split(">", 2);
                context.forward(new Record<>(tools[0], new Count(tools[0], tools[1], 1), time));
            }
        });
        return seen;
    }

    private void expire(long wallClockMs) {
        if (!catchUp.caughtUp(wallClockMs, SpanDetector.CATCH_UP_SLACK_MS)) {
            return;
        }
        sessions.flush();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, Session> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (wallClockMs - kv.value.lastTime() > SESSION_IDLE_MS) {
                    idle.add(kv.key);
                }
            });
        }
        idle.forEach(sessions::delete);
    }

    /** The input of the first stage: executions with a session, keyed by it. */
    static List<KeyValue<String, Step>> stepOf(ToolExecution e) {
        return e == null || e.sessionId() == null || e.tool() == null ? List.of()
                : List.of(KeyValue.pair(e.sessionId(), new Step(e.tool())));
    }
}
