package io.omninode.bridge.topology.internal.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first stage of tool_sequence alone: what it counts per session, in whatever order executions arrive. */
class ToolSessionsTest {

    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    static final long MAX_GAP = Duration.ofMinutes(5).toMillis();
    static final String[] TOOLS = {"plan", "search", "edit", "test", "deploy"};

    MockProcessorContext<String, ToolSessions.Count> context;
    ToolSessions processor;
    KeyValueStore<String, ToolSessions.Session> store;
    CommitHook hook;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ToolSessions.STORE), Serdes.String(),
                ToolSessions.Session.SERDE).withLoggingDisabled().build();
        hook = CommitHook.builder(ToolSessions.HOOK).build();
        for (var s : List.of(store, hook)) {
            s.init(context.getStateStoreContext(), s);
            context.addStateStore(s);
        }
        context.setCurrentSystemTimeMs(T0 + Duration.ofDays(1).toMillis());
        processor = new ToolSessions(new LiveConfig());
        processor.init(context);
    }

    @Test
    void shouldCountAToolOnceAndEachNewDirectSuccessionWithinTheGap() {
        // Given / When: plan, search 1 min later, plan again, search 10 min later (too late)
        step("s1", "plan", T0);
        step("s1", "search", T0 + 60_000);
        step("s1", "plan", T0 + 120_000);
        step("s1", "search", T0 + 120_000 + Duration.ofMinutes(10).toMillis());

        // Then: two tools and the pairs plan→search and search→plan, each once
        assertThat(counts()).containsExactly("plan", "plan>search", "search", "search>plan");
        assertThat(netCounts()).containsOnly(Map.entry("plan", 1), Map.entry("plan>search", 1),
                Map.entry("search", 1), Map.entry("search>plan", 1));
    }

    @Test
    void shouldRetractAPairWhenALateExecutionSplitsItsOnlySuccession() {
        // Given: plan → edit
        step("s1", "plan", T0);
        step("s1", "edit", T0 + 20_000);
        context.resetForwards();

        // When: a search between them arrives late
        step("s1", "search", T0 + 10_000);

        // Then: plan→edit is withdrawn at the late record's time, plan→search and search→edit are new
        assertThat(forwardedCounts().get(0)).as("the tool's own count first").isEqualTo(new ToolSessions.Count("search", null, 1));
        assertThat(forwardedCounts())
                .containsExactlyInAnyOrder(new ToolSessions.Count("search", null, 1), new ToolSessions.Count("plan", "edit", -1),
                        new ToolSessions.Count("plan", "search", 1), new ToolSessions.Count("search", "edit", 1));
        assertThat(timeOf("plan", "edit")).isEqualTo(T0 + 10_000);
        assertThat(timeOf("search", "edit")).isEqualTo(T0 + 20_000);
    }

    @Test
    void shouldSendTheChangesSummedPerToolAndPairWhenTheTaskCommits() {
        // Given: three sessions show plan → edit, a fourth shows it and then loses it to a late search
        for (int s = 0; s < 3; s++) {
            send("s" + s, "plan", T0 + s * 1_000);
            send("s" + s, "edit", T0 + s * 1_000 + 500);
        }
        send("s3", "plan", T0 + 10_000);
        send("s3", "edit", T0 + 20_000);
        send("s3", "search", T0 + 15_000);

        // Then: nothing is sent before the commit
        assertThat(context.forwarded()).isEmpty();

        // When
        hook.flushCache();

        // Then: one record per tool and per pair, the tools' own counts first; s3's plan→edit came and went
        assertThat(forwardedCounts()).hasSize(6);
        assertThat(forwardedCounts().subList(0, 3)).containsExactlyInAnyOrder(new ToolSessions.Count("plan", null, 4),
                new ToolSessions.Count("edit", null, 4), new ToolSessions.Count("search", null, 1));
        assertThat(forwardedCounts().subList(3, 6)).containsExactlyInAnyOrder(new ToolSessions.Count("plan", "edit", 3),
                new ToolSessions.Count("plan", "search", 1), new ToolSessions.Count("search", "edit", 1));
        // stamped with the newest change, carrying the oldest
        ToolSessions.Count planEdit = (ToolSessions.Count) context.forwarded().stream()
                .filter(f -> "plan".equals(((ToolSessions.Count) f.record().value()).toolA())
                        && "edit".equals(((ToolSessions.Count) f.record().value()).toolB())).findFirst().orElseThrow()
                .record().value();
        assertThat(planEdit.first()).isEqualTo(T0 + 500);
        assertThat(timeOf("plan", "edit")).isEqualTo(T0 + 20_000);
        assertThat(timeOf("plan", null)).isEqualTo(T0 + 10_000);

        // And: a commit with nothing changed sends nothing
        context.resetForwards();
        hook.flushCache();
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldKeepAPairCountedWhileAnotherSuccessionStillShowsIt() {
        // Given: plan → edit twice
        step("s1", "plan", T0);
        step("s1", "edit", T0 + 20_000);
        step("s1", "plan", T0 + 40_000);
        step("s1", "edit", T0 + 60_000);
        context.resetForwards();

        // When: a late search splits the first one
        step("s1", "search", T0 + 10_000);

        // Then: plan→edit stays counted
        assertThat(forwardedCounts())
                .doesNotContain(new ToolSessions.Count("plan", "edit", -1));
    }

    @Test
    void shouldEndWithTheSameCountsInWhateverOrderTheExecutionsArrive() {
        // Given: 20 sessions of 40 executions, some gaps longer than max_gap_ms, some in one millisecond
        Random random = new Random(7);
        List<Step> records = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            long t = T0;
            for (int i = 0; i < 40; i++) {
                t += random.nextInt(10) == 0 ? MAX_GAP + 1 : random.nextInt(4) == 0 ? 0 : random.nextInt(60_000);
                records.add(new Step("s" + s, TOOLS[random.nextInt(TOOLS.length)], t));
            }
        }
        records.forEach(r -> step(r.session(), r.tool(), r.time()));
        Map<String, Integer> inOrder = netCounts();
        assertThat(inOrder).isEqualTo(expected(records));

        for (int run = 0; run < 5; run++) {
            // When: the same executions arrive shuffled, through a fresh processor and store
            start();
            List<Step> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, new Random(run));
            // some one at a time, the rest in batches as SessionSteps sends them, with commits between
            // every batch or only every few
            shuffled.subList(0, 100).forEach(r -> step(r.session(), r.tool(), r.time()));
            for (int from = 100; from < shuffled.size(); from += 37) {
                process(shuffled.subList(from, Math.min(shuffled.size(), from + 37)));
                if (run % 2 == 0 || from % 3 == 0) {
                    hook.flushCache();
                }
            }
            hook.flushCache();

            // Then: the same net counts
            assertThat(netCounts()).isEqualTo(inOrder);
        }
    }

    @Test
    void shouldKeepSessionsInTheStoreOnCommitAndReadThemBack() {
        // Given
        step("s1", "plan", T0);
        step("s1", "edit", T0 + 20_000);

        // When: the task commits, and a new processor (a restarted task) continues the session
        hook.flushCache();
        ToolSessions.Session stored = store.get("s1");
        assertThat(stored.size()).isEqualTo(2);
        assertThat(ToolSessions.Session.SERDE.deserializer().deserialize("t",
                ToolSessions.Session.SERDE.serializer().serialize("t", stored)).counts("plan", "edit")).isTrue();
        context.resetForwards();
        processor = new ToolSessions(new LiveConfig());
        processor.init(context);
        step("s1", "search", T0 + 10_000);

        // Then: it knew plan→edit and withdraws it
        assertThat(forwardedCounts())
                .contains(new ToolSessions.Count("plan", "edit", -1));
    }

    @Test
    void shouldReadSessionsStoredInTheEarlierLayoutWithTheirPairsStillCounted() {
        // Given: format 0x15 — steps with tool names, then the tools and pairs counted
        BinaryWriter out = BinaryWriter.local();
        out.writeByte(0x15);
        out.writeVarLong(2).writeLong(T0).writeString("plan").writeLong(T0 + 20_000).writeString("edit");
        out.writeVarLong(3).writeString("plan").writeString("edit").writeString("plan>edit");

        // When
        ToolSessions.Session session = ToolSessions.Session.SERDE.deserializer().deserialize("t", out.toByteArray());

        // Then
        assertThat(session.size()).isEqualTo(2);
        assertThat(session.tool(1)).isEqualTo("edit");
        assertThat(session.time(1)).isEqualTo(T0 + 20_000);
        assertThat(session.counts("plan", "edit")).isTrue();
    }

    @Test
    void shouldWriteCountsInTheirBinaryLayoutAndStillReadTheSmileOfEarlierVersions() {
        // Given
        ToolSessions.Count pair = new ToolSessions.Count("plan", "edit", -1);
        ToolSessions.Count tool = new ToolSessions.Count("plan", null, 1);
        byte[] smile = InternalSerdes.smile(ToolSessions.Count.class).serializer().serialize("t", pair);

        // When
        byte[] written = ToolSessions.Count.SERDE.serializer().serialize("t", pair);

        // Then
        assertThat(written[0]).isEqualTo((byte) 0x19);
        assertThat(ToolSessions.Count.SERDE.deserializer().deserialize("t", written)).isEqualTo(pair);
        assertThat(ToolSessions.Count.SERDE.deserializer().deserialize("t",
                ToolSessions.Count.SERDE.serializer().serialize("t", tool))).isEqualTo(tool);
        assertThat(ToolSessions.Count.SERDE.deserializer().deserialize("t", smile)).isEqualTo(pair);
        ToolSessions.Count summed = new ToolSessions.Count("plan", "edit", 3, T0);
        assertThat(ToolSessions.Count.SERDE.deserializer().deserialize("t",
                ToolSessions.Count.SERDE.serializer().serialize("t", summed))).isEqualTo(summed);
    }

    @Test
    void shouldReadCountsOfTheLayoutBeforeTheSumsAsStampedByTheirRecord() {
        // Given: format 0x18 — tool A, tool B, delta
        BinaryWriter out = BinaryWriter.local();
        out.writeByte(0x18);
        out.writeString("plan").writeString("edit").writeSignedVarLong(-1);

        // When
        ToolSessions.Count count = ToolSessions.Count.SERDE.deserializer().deserialize("t", out.toByteArray());

        // Then
        assertThat(count).isEqualTo(new ToolSessions.Count("plan", "edit", -1));
        assertThat(count.firstOr(T0)).isEqualTo(T0);
    }

    record Step(String session, String tool, long time) {
    }

    /** One execution, then a commit. */
    private void step(String session, String tool, long time) {
        process(List.of(new Step(session, tool, time)));
        hook.flushCache();
    }

    /** One execution, without a commit. */
    private void send(String session, String tool, long time) {
        process(List.of(new Step(session, tool, time)));
    }

    private void process(List<Step> steps) {
        long[] times = steps.stream().mapToLong(Step::time).toArray();
        processor.process(new Record<>("steps-0", new SessionSteps.Batch(0, steps.stream().map(Step::session).toList(),
                steps.stream().map(Step::tool).toList(), times), LongStream.of(times).max().orElseThrow()));
    }

    /** What was sent, without the time of the oldest change (see {@link #timeOf}). */
    private List<ToolSessions.Count> forwardedCounts() {
        return context.forwarded().stream().map(f -> (ToolSessions.Count) f.record().value())
                .map(c -> new ToolSessions.Count(c.toolA(), c.toolB(), c.delta())).toList();
    }

    /** The timestamp of the record sent for the tool ({@code b} null) or pair. */
    private long timeOf(String a, String b) {
        return context.forwarded().stream().filter(f -> {
            ToolSessions.Count c = (ToolSessions.Count) f.record().value();
            return c.toolA().equals(a) && java.util.Objects.equals(c.toolB(), b);
        }).findFirst().orElseThrow().record().timestamp();
    }

    private List<String> counts() {
        return context.forwarded().stream().map(f -> name(f.record().value())).sorted().toList();
    }

    private Map<String, Integer> netCounts() {
        Map<String, Integer> net = new TreeMap<>();
        context.forwarded().forEach(f -> net.merge(name(f.record().value()), f.record().value().delta(), Integer::sum));
        net.values().removeIf(n -> n == 0);
        return net;
    }

    private static String name(ToolSessions.Count c) {
        return c.toolB() == null ? c.toolA() : c.toolA() + ">" + c.toolB();
    }

    /** What a session counts, from all its executions at once: tools, and pairs of direct successions. */
    private static Map<String, Integer> expected(List<Step> records) {
        Map<String, List<Step>> bySession = new TreeMap<>();
        records.forEach(r -> bySession.computeIfAbsent(r.session(), k -> new ArrayList<>()).add(r));
        Map<String, Integer> net = new TreeMap<>();
        bySession.values().forEach(steps -> {
            List<Step> sorted = new ArrayList<>(steps);
            sorted.sort((x, y) -> x.time() != y.time() ? Long.compare(x.time(), y.time()) : x.tool().compareTo(y.tool()));
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (int i = 0; i < sorted.size(); i++) {
                seen.add(sorted.get(i).tool());
                if (i > 0) {
                    Step a = sorted.get(i - 1);
                    Step b = sorted.get(i);
                    if (!a.tool().equals(b.tool()) && b.time() - a.time() <= MAX_GAP) {
                        seen.add(a.tool() + ">" + b.tool());
                    }
                }
            }
            seen.forEach(k -> net.merge(k, 1, Integer::sum));
        });
        return net;
    }
}
