package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.topology.internal.BufferedKeyValues;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.CommitForwarder;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.WallClockTicks;
import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.BinaryReader;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * First stage of {@code tool_sequence}, partitioned by session (its executions arrive in batches
 * per partition from {@link SessionSteps}): follows each session's executions and sends on, keyed
 * by the first tool, only what the counts need — a tool the session used for the first time, a
 * pair A→B the session showed for the first time (B directly after A within {@code max_gap_ms},
 * judged by the session's own event time), and its withdrawal when a late execution splits the
 * last succession that showed it. These changes are summed per tool and pair and sent when the
 * task commits (a few records per commit, not one per change: aggregated before the shuffle). The
 * second stage ({@link ToolSequenceDetector}) counts them per tool, so neither stage funnels onto
 * one key.
 * Sessions idle for {@link #SESSION_IDLE_MS} are forgotten by the wall clock while the task is
 * caught up ({@link CatchUp}).
 */
final class ToolSessions implements Processor<String, SessionSteps.Batch, String, ToolSessions.Count> {

    static final String STORE = "pattern-tool-sequence-sessions";
    static final long SESSION_IDLE_MS = Duration.ofMinutes(30).toMillis();
    /** How often idle sessions are looked for (a scan of the store: far less often than they idle). */
    static final Duration EXPIRY_SCAN = Duration.ofMinutes(1);

    /**
     * A change of the sessions counted for {@code toolA} ({@code toolB} null: sessions that used A) or
     * for the pair A→B, summed over the changes one task saw since its last commit: {@code delta}
     * (+1 per session that newly shows it, −1 per session in which a step that arrived late showed
     * the pair was not a direct succession after all; never 0, since no change is not sent). The
     * record timestamp is the event time of the newest of those changes (the session's first use of
     * A; the time of B in the pair), {@code first} that of the oldest ({@link Long#MIN_VALUE}:
     * the record timestamp, as in the layouts before the aggregation).
     */
    record Count(@JsonProperty("tool_a") String toolA, @JsonProperty("tool_b") String toolB,
                 @JsonProperty("delta") int delta, @JsonProperty("first") long first) {
        /**
         * Binary (0x19: tool A, tool B or null, delta, first); 0x18 before the aggregation (no first),
         * Smile before 2026-12-02: both still read.
         */
        static final Serde<Count> SERDE = InternalSerdes.binary(new Format(), Count.class);

        Count {
            // a Smile count of the first layouts had no delta (+1) and no first (0 when read)
            delta = delta == 0 ? 1 : delta;
            first = first == 0 ? Long.MIN_VALUE : first;
        }

        Count(String toolA, String toolB, int delta) {
            this(toolA, toolB, delta, Long.MIN_VALUE);
        }

        /** The event time of the oldest change summed here, given the record's timestamp. */
        long firstOr(long timestamp) {
            return first == Long.MIN_VALUE ? timestamp : first;
        }

        private static final class Format implements BinaryFormat<Count> {
            @Override
            public String name() {
                return "sequence count";
            }

            @Override
            public byte formatByte() {
                return 0x19;
            }

            @Override
            public void write(Count value, BinaryWriter out) {
                // an unknown first as 0, which reads back as unknown
                out.writeString(value.toolA()).writeString(value.toolB()).writeSignedVarLong(value.delta())
                        .writeSignedVarLong(value.first() == Long.MIN_VALUE ? 0 : value.first());
            }

            @Override
            public Count read(BinaryReader in) {
                return new Count(in.readString(), in.readString(), (int) in.readSignedVarLong(), in.readSignedVarLong());
            }

            @Override
            public Count readEarlier(byte formatByte, BinaryReader in) {
                return formatByte == 0x18
                        ? new Count(in.readString(), in.readString(), (int) in.readSignedVarLong()) : null;
            }
        }
    }

    /**
     * A session as the first stage keeps it: the tools it used (each counted once), its newest
     * {@link #MAX_STEPS} executions in event-time order, and for each pair A→B it showed how many
     * direct successions of its kept executions show it. A pair whose successions all left with the
     * oldest executions stays counted ({@code sticky}); one whose last succession a late execution
     * split is no longer counted. Mutable: the processor changes it in place and puts it again.
     */
    static final class Session {
        static final Serde<Session> SERDE = InternalSerdes.binary(new Format());

        private final List<String> tools;
        private long[] times;
        private int[] toolOf;
        private int size;
        /** (index of A) << 32 | (index of B) → successions of the kept steps showing A→B */
        private final Map<Long, Succession> pairs;

        /** How many kept successions show a pair, and whether it stays counted without any. */
        static final class Succession {
            int occurrences;
            boolean sticky;

            Succession(int occurrences, boolean sticky) {
                this.occurrences = occurrences;
                this.sticky = sticky;
            }
        }

        Session() {
            this(new ArrayList<>(), new long[8], new int[8], 0, new HashMap<>());
        }

        private Session(List<String> tools, long[] times, int[] toolOf, int size, Map<Long, Succession> pairs) {
            this.tools = tools;
            this.times = times;
            this.toolOf = toolOf;
            this.size = size;
            this.pairs = pairs;
        }

        int size() {
            return size;
        }

        long time(int i) {
            return times[i];
        }

        String tool(int i) {
            return tools.get(toolOf[i]);
        }

        long lastTime() {
            return size == 0 ? Long.MIN_VALUE : times[size - 1];
        }

        /** Whether the session counts the pair {@code a → b}. */
        boolean counts(String a, String b) {
            int ia = tools.indexOf(a);
            int ib = tools.indexOf(b);
            return ia >= 0 && ib >= 0 && pairs.containsKey(pair(ia, ib));
        }

        private static long pair(int a, int b) {
            return ((long) a << 32) | (b & 0xffffffffL);
        }

        private void insert(int at, long time, int tool) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                toolOf = Arrays.copyOf(toolOf, size * 2);
            }
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(toolOf, at, toolOf, at + 1, size - at);
            times[at] = time;
            toolOf[at] = tool;
            size++;
        }

        private void removeOldest() {
            System.arraycopy(times, 1, times, 0, size - 1);
            System.arraycopy(toolOf, 1, toolOf, 0, size - 1);
            size--;
        }

        /** The binary layout: tools, then steps (tool index, time as a delta), then pair counts. */
        private static final class Format implements BinaryFormat<Session> {
            @Override
            public String name() {
                return "session";
            }

            @Override
            public byte formatByte() {
                return 0x16;
            }

            @Override
            public void write(Session value, BinaryWriter out) {
                out.writeVarLong(value.tools.size());
                value.tools.forEach(out::writeString);
                out.writeSignedVarLong(value.size);
                long previous = 0;
                for (int i = 0; i < value.size; i++) {
                    out.writeVarLong(value.toolOf[i]);
                    out.writeSignedVarLong(value.times[i] - previous);
                    previous = value.times[i];
                }
                out.writeVarLong(value.pairs.size());
                value.pairs.forEach((key, succession) -> out.writeVarLong(key >>> 32).writeVarLong(key & 0xffffffffL)
                        .writeVarLong(succession.occurrences).writeBoolean(succession.sticky));
            }

            @Override
            public Session read(BinaryReader in) {
                List<String> tools = new ArrayList<>();
                for (long i = in.readVarLong(); i > 0; i--) {
                    tools.add(in.readString());
                }
                int size = in.readSize();
                long[] times = new long[Math.max(8, size)];
                int[] toolOf = new int[Math.max(8, size)];
                long previous = 0;
                for (int i = 0; i < size; i++) {
                    toolOf[i] = (int) in.readVarLong();
                    previous += in.readSignedVarLong();
                    times[i] = previous;
                }
                Map<Long, Succession> pairs = new HashMap<>();
                for (long i = in.readVarLong(); i > 0; i--) {
                    long a = in.readVarLong();
                    long b = in.readVarLong();
                    pairs.put(pair((int) a, (int) b), new Succession((int) in.readVarLong(), in.readBoolean()));
                }
                return new Session(tools, times, toolOf, size, pairs);
            }

            /**
             * The layout before (format byte 0x15): steps with their tool names, then the tools and
             * {@code A>B} pairs counted. Its pairs become sticky (their successions were not kept).
             */
            @Override
            public Session readEarlier(byte formatByte, BinaryReader in) {
                if (formatByte != 0x15) {
                    return null;
                }
                Session session = new Session();
                for (long i = in.readVarLong(); i > 0; i--) {
                    long time = in.readLong();
                    int tool = session.toolIndex(in.readString());
                    session.insert(session.size, time, tool);
                }
                for (long i = in.readVarLong(); i > 0; i--) {
                    String seen = in.readString();
                    int gt = seen.indexOf('>');
                    if (gt < 0) {
                        session.toolIndex(seen);
                    } else {
                        int a = session.toolIndex(seen.substring(0, gt));
                        int b = session.toolIndex(seen.substring(gt + 1));
                        session.pairs.put(pair(a, b), new Succession(0, true));
                    }
                }
                return session;
            }
        }

        private int toolIndex(String tool) {
            int i = tools.indexOf(tool);
            if (i < 0) {
                tools.add(tool);
                i = tools.size() - 1;
            }
            return i;
        }
    }

    /** Executions a session keeps (its newest); older ones only stay counted. */
    static final int MAX_STEPS = 200;

    static final String HOOK = "pattern-tool-sequence-sessions-commit-hook";
    /** Sessions held in memory; older ones are read back from the store when they return. */
    static final int SESSIONS_IN_MEMORY = 100_000;

    static ProcessorSupplier<String, SessionSteps.Batch, String, Count> supplier(LiveConfig config) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, SessionSteps.Batch, String, Count> get() {
                return new ToolSessions(config);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Session.SERDE), CommitHook.builder(HOOK));
            }
        };
    }

    /** Distinct counts held until the commit; past this many they are sent at once. */
    static final int MAX_PENDING_COUNTS = 4_096;

    private final LiveConfig config;
    /** The counts changed since the last commit, by tool A and tool B ("" for the tool's own count). */
    private final Map<String, Map<String, PendingCount>> pending = new HashMap<>();
    private int pendingSize;
    private ProcessorContext<String, Count> context;
    private CommitForwarder<String, Count> onCommit;
    private KeyValueStore<String, Session> store;
    private BufferedKeyValues<Session> sessions;
    private CatchUp catchUp;

    ToolSessions(LiveConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Count> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.sessions = new BufferedKeyValues<>(store, SESSIONS_IN_MEMORY);
        this.onCommit = new CommitForwarder<>(context);
        CommitHook hook = context.getStateStore(HOOK);
        hook.onCommit(sessions::flush);
        hook.onCommit(() -> sendCounts(onCommit::forward));
        this.catchUp = new CatchUp(context.currentSystemTimeMs(), config.inputs());
        WallClockTicks.every(context, EXPIRY_SCAN, this::expire);
    }

    /**
     * Inserts the execution in event-time order and counts what changed: a tool the session had not
     * used, a direct succession A→B (different tools, within {@code max_gap_ms}) it had not shown, and
     * — when a late execution splits the last succession showing a pair — the pair it no longer
     * shows. Only the execution's neighbours are looked at, so the counts end the same in whatever
     * order the executions of a session arrive from the tool partitions, at the cost of a few array
     * moves.
     */
    @Override
    public void process(Record<String, SessionSteps.Batch> record) {
        SessionSteps.Batch batch = record.value();
        if (batch == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        for (int i = 0; i < batch.size(); i++) {
            catchUp.record(now, batch.times()[i]);
            if (batch.sessions().get(i) != null && batch.tools().get(i) != null) {
                step(batch.sessions().get(i), batch.tools().get(i), batch.times()[i]);
            }
        }
    }

    private void step(String sessionId, String tool, long time) {
        Session session = sessions.get(sessionId);
        if (session == null) {
            session = new Session();
        }
        int known = session.tools.size();
        int toolIndex = session.toolIndex(tool);
        if (toolIndex == known) {
            count(tool, null, 1, time);
        }
        int at = session.size;
        // event-time order; executions of one millisecond by tool name, so arrival order never matters
        while (at > 0 && (session.times[at - 1] > time
                || session.times[at - 1] == time && session.tool(at - 1).compareTo(tool) > 0)) {
            at--;
        }
        if (at == 0 && session.size >= MAX_STEPS) {
            // older than every kept execution: only its tool counts
            sessions.put(sessionId, session);
            return;
        }
        long maxGap = config.integer(ConfigKeys.TOOL_SEQUENCE_MAX_GAP_MS);
        if (at > 0 && at < session.size) {
            leave(session, at - 1, at, maxGap, time, false);
        }
        session.insert(at, time, toolIndex);
        if (at > 0) {
            arrive(session, at - 1, at, maxGap);
        }
        if (at + 1 < session.size) {
            arrive(session, at, at + 1, maxGap);
        }
        if (session.size > MAX_STEPS) {
            leave(session, 0, 1, maxGap, time, true);
            session.removeOldest();
        }
        sessions.put(sessionId, session);
    }

    /** A change of the count of {@code a} (or of the pair a→b) at event time {@code time}, sent at the commit. */
    private void count(String a, String b, int delta, long time) {
        PendingCount count = pending.computeIfAbsent(a, tool -> new HashMap<>())
                .computeIfAbsent(b == null ? "" : b, tool -> {
                    pendingSize++;
                    return new PendingCount(time);
                });
        count.delta += delta;
        count.first = Math.min(count.first, time);
        count.last = Math.max(count.last, time);
        if (pendingSize >= MAX_PENDING_COUNTS) {
            sendCounts(context::forward);
        }
    }

    /**
     * Sends the counts changed since the last commit, one record per tool and per pair, keyed by tool
     * A: the second stage reads a few records per commit, not one per change. Called by the task's
     * commit, so they are in the transaction of the input offsets and of the session changes that
     * made them; a crash before it loses both, and the executions are read again.
     */
    private void sendCounts(Consumer<Record<String, Count>> send) {
        // the tools' own counts first: a pair's probability is judged against the count of its first tool
        pending.forEach((a, byB) -> send(send, a, "", byB.get("")));
        pending.forEach((a, byB) -> byB.forEach((b, count) -> {
            if (!b.isEmpty()) {
                send(send, a, b, count);
            }
        }));
        pending.clear();
        pendingSize = 0;
    }

    private static void send(Consumer<Record<String, Count>> send, String a, String b, PendingCount count) {
        if (count != null && count.delta != 0) {
            send.accept(new Record<>(a, new Count(a, b.isEmpty() ? null : b, count.delta, count.first), count.last));
        }
    }

    /** A count being summed until the commit. */
    private static final class PendingCount {
        int delta;
        long first;
        long last;

        PendingCount(long time) {
            this.first = time;
            this.last = time;
        }
    }

    private static boolean succession(Session session, int from, int to, long maxGap) {
        return session.toolOf[from] != session.toolOf[to] && session.times[to] - session.times[from] <= maxGap;
    }

    /** The succession {@code from → to} now shows its pair: counted at {@code to}'s time when new. */
    private void arrive(Session session, int from, int to, long maxGap) {
        if (!succession(session, from, to, maxGap)) {
            return;
        }
        long key = Session.pair(session.toolOf[from], session.toolOf[to]);
        Session.Succession succession = session.pairs.get(key);
        if (succession != null) {
            succession.occurrences++;
            return;
        }
        session.pairs.put(key, new Session.Succession(1, false));
        String a = session.tool(from);
        count(a, session.tool(to), 1, session.times[to]);
    }

    /**
     * The succession {@code from → to} no longer shows its pair: split by a late execution
     * (retracted at {@code now} when it was the last), or left with the oldest execution
     * ({@code dropped}: the pair stays counted).
     */
    private void leave(Session session, int from, int to, long maxGap, long now, boolean dropped) {
        if (!succession(session, from, to, maxGap)) {
            return;
        }
        long key = Session.pair(session.toolOf[from], session.toolOf[to]);
        Session.Succession succession = session.pairs.get(key);
        if (succession == null || succession.occurrences == 0) {
            return;
        }
        if (--succession.occurrences > 0 || succession.sticky) {
            return;
        }
        if (dropped) {
            succession.sticky = true;
            return;
        }
        session.pairs.remove(key);
        String a = session.tool(from);
        count(a, session.tool(to), -1, now);
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
}
