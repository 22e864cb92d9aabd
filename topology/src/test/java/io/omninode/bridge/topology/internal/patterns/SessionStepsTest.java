package io.omninode.bridge.topology.internal.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tool_sequence's input aggregated before the shuffle: one batch per destination partition per commit. */
class SessionStepsTest {

    static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    static final int PARTITIONS = 6;

    MockProcessorContext<String, SessionSteps.Batch> context;
    SessionSteps processor;
    CommitHook hook;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        hook = CommitHook.builder(SessionSteps.HOOK).build();
        hook.init(context.getStateStoreContext(), hook);
        context.addStateStore(hook);
        processor = new SessionSteps(PARTITIONS);
        processor.init(context);
    }

    @Test
    void shouldSendOneBatchPerPartitionWhenTheTaskCommits() {
        // Given: 40 executions of 10 sessions, and some without a session
        for (int i = 0; i < 40; i++) {
            execute("sess-" + (i % 10), "tool-" + (i % 3), T0 + i);
            execute(null, "tool-x", T0 + i);
        }

        // Then: nothing is sent before the commit
        assertThat(context.forwarded()).isEmpty();

        // When
        hook.flushCache();

        // Then: one batch per partition that has sessions, each session on its own partition, in arrival order
        List<SessionSteps.Batch> batches = batches();
        assertThat(batches).extracting(SessionSteps.Batch::partition).doesNotHaveDuplicates();
        assertThat(batches.stream().mapToInt(SessionSteps.Batch::size).sum()).isEqualTo(40);
        for (SessionSteps.Batch batch : batches) {
            assertThat(batch.sessions()).allSatisfy(s ->
                    assertThat(SessionSteps.partitionOf(s, PARTITIONS)).isEqualTo(batch.partition()));
            assertThat(batch.times()).isSorted();
        }
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().timestamp())
                .isEqualTo(((SessionSteps.Batch) f.record().value()).times()[((SessionSteps.Batch) f.record().value()).size() - 1]));

        // And: a second commit sends nothing new
        context.resetForwards();
        hook.flushCache();
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldSendABatchThatReachesItsLimitAtOnce() {
        // Given / When: one session, one step more than a batch holds
        for (int i = 0; i <= SessionSteps.MAX_BATCH; i++) {
            execute("sess-1", "plan", T0 + i);
        }

        // Then
        assertThat(batches()).singleElement().satisfies(b -> assertThat(b.size()).isEqualTo(SessionSteps.MAX_BATCH));
        hook.flushCache();
        assertThat(batches()).hasSize(2).last().satisfies(b -> assertThat(b.size()).isEqualTo(1));
    }

    @Test
    void shouldRoundTripABatchAndRouteItToItsPartition() {
        // Given
        SessionSteps.Batch batch = new SessionSteps.Batch(4, List.of("s1", "s2", "s1"), List.of("plan", "edit", "plan"),
                new long[] {T0 + 5, T0, T0 + 9});

        // When
        SessionSteps.Batch read = SessionSteps.Batch.SERDE.deserializer().deserialize("t",
                SessionSteps.Batch.SERDE.serializer().serialize("t", batch));

        // Then
        assertThat(read.partition()).isEqualTo(4);
        assertThat(read.sessions()).containsExactly("s1", "s2", "s1");
        assertThat(read.tools()).containsExactly("plan", "edit", "plan");
        assertThat(read.times()).containsExactly(T0 + 5, T0, T0 + 9);
        assertThat(SessionSteps.Batch.PARTITIONER.partitions("t", "steps-4", read, PARTITIONS))
                .isEqualTo(Optional.of(Set.of(4)));
    }

    private void execute(String session, String tool, long time) {
        processor.process(new Record<>(tool, new ToolExecution(tool, "svc", session, "success", null, 10, 0, null,
                null, false), time));
    }

    private List<SessionSteps.Batch> batches() {
        return context.forwarded().stream().map(f -> (SessionSteps.Batch) f.record().value()).toList();
    }
}
