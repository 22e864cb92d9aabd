package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.topology.ConfigKeys;
import io.omninode.bridge.topology.internal.BufferedKeyValues;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.BinaryReader;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
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
        static final Serde<Step> SERDE = InternalSerdes.binary(new BinaryFormat<>() {
            @Override
            public String name() {
                return "session step";
            }

            @Override
            public byte formatByte() {
                return 0x13;
            }

            @Override
            public void write(Step value, BinaryWriter out) {
                out.writeString(value.tool());
            }

            @Override
            public Step read(BinaryReader in) {
                return new Step(in.readString());
            }
        });
    }

    /** A first use of {@code toolA} in a session ({@code toolB} null), or a first A→B of a session. */
    record Count(@JsonProperty("tool_a") String toolA, @JsonProperty("tool_b") String toolB) {
        static final Serde<Count> SERDE = InternalSerdes.smile(Count.class);
    }

    /** A session: its last tool and time, and the tools and pairs it has shown. */
    record Session(String lastTool, long lastTime, List<String> seen) {
        static final Serde<Session> SERDE = InternalSerdes.binary(new BinaryFormat<>() {
            @Override
            public String name() {
                return "session";
            }

            @Override
            public byte formatByte() {
                return 0x14;
            }

            @Override
            public void write(Session value, BinaryWriter out) {
                out.writeString(value.lastTool()).writeLong(value.lastTime()).writeVarLong(value.seen().size());
                value.seen().forEach(out::writeString);
            }

            @Override
            public Session read(BinaryReader in) {
                String last = in.readString();
                long time = in.readLong();
                List<String> seen = new ArrayList<>();
                for (long i = in.readVarLong(); i > 0; i--) {
                    seen.add(in.readString());
                }
                return new Session(last, time, seen);
            }
        });

        Session {
            seen = seen == null ? List.of() : seen;
        }
    }

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
        this.catchUp = new CatchUp(context.currentSystemTimeMs(), SpanDetector.CATCH_UP_SLACK_MS);
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, Step> record) {
        catchUp.record(context.currentSystemTimeMs(), record.timestamp());
        String session = record.key();
        String tool = record.value() == null ? null : record.value().tool();
        if (session == null || tool == null) {
            return;
        }
        long t = record.timestamp();
        Session s = sessions.get(session);
        List<String> seen = new ArrayList<>(s == null ? List.of() : s.seen());
        if (s != null && s.lastTool() != null && !s.lastTool().equals(tool)
                && t - s.lastTime() <= config.integer(ConfigKeys.TOOL_SEQUENCE_MAX_GAP_MS)
                && !seen.contains(s.lastTool() + ">" + tool)) {
            seen.add(s.lastTool() + ">" + tool);
            context.forward(record.withKey(s.lastTool()).withValue(new Count(s.lastTool(), tool)));
        }
        if (!seen.contains(tool)) {
            seen.add(tool);
            context.forward(record.withKey(tool).withValue(new Count(tool, null)));
        }
        long last = s == null ? t : Math.max(s.lastTime(), t);
        sessions.put(session, new Session(tool, last, seen));
    }

    private void expire(long wallClockMs) {
        if (!catchUp.caughtUp(wallClockMs)) {
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
    static List<KeyValue<String, Step>> stepOf(io.omninode.bridge.topology.internal.execution.ToolExecution e) {
        return e == null || e.sessionId() == null || e.tool() == null ? List.of()
                : List.of(KeyValue.pair(e.sessionId(), new Step(e.tool())));
    }
}
