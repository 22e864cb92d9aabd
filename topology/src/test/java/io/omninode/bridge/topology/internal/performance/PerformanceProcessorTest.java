package io.omninode.bridge.topology.internal.performance;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.InputReadiness;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The performance processor alone (manual punctuation, manual commits): windows in memory and in the
 * store once per commit, closed by each tool's own event time, by the wall clock only once caught up.
 */
class PerformanceProcessorTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Duration SIZE = Duration.ofSeconds(60);

    MockProcessorContext<String, Envelope> context;
    PerformanceProcessor processor;
    MapWindowStore<ToolWindow> windows;
    KeyValueStore<String, ToolHistory> histories;
    CommitHook hook;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        windows = new MapWindowStore<>(StoreNames.TOOL_PERFORMANCE);
        histories = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.TOOL_PERFORMANCE_HISTORY),
                Serdes.String(), ToolHistorySerde.SERDE).withLoggingDisabled().build();
        hook = CommitHook.builder(StoreNames.TOOL_PERFORMANCE_COMMIT_HOOK).build();
        for (var store : List.of(windows, histories, hook)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        // the backlog case by default: the wall clock is a day past the records
        context.setCurrentSystemTimeMs(T0.plus(Duration.ofDays(1)).toEpochMilli());
        processor = new PerformanceProcessor(SIZE, Duration.ofSeconds(1), new LiveConfig());
        processor.init(context);
    }

    @Test
    void shouldKeepOpenWindowsInMemoryAndWriteThemOnlyWhenTheTaskCommits() {
        // Given: three executions of one window
        for (int i = 0; i < 3; i++) {
            execute("a", T0.plusSeconds(i), "svc", true, 100 + i);
        }

        // Then: nothing is in the store yet
        assertThat(windows.fetch("a", T0.toEpochMilli())).isNull();
        assertThat(histories.get("a")).isNull();

        // When: the task commits
        hook.flushCache();

        // Then: the window and the history are stored, once
        assertThat(windows.puts).isEqualTo(1);
        ToolWindow stored = windows.fetch("a", T0.toEpochMilli());
        assertThat(stored.count()).isEqualTo(3);
        assertThat(stored.closed()).isFalse();
        assertThat(stored.executors()).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(3));
        assertThat(histories.get("a").openStarts).containsExactly(T0.toEpochMilli());
        assertThat(histories.get("a").maxEventTime).isEqualTo(T0.plusSeconds(2).toEpochMilli());
    }

    @Test
    void shouldCloseAToolsWindowByItsOwnEventTimeAndIgnoreOtherToolsAhead() {
        // Given: tool a in the first window, tool b an hour ahead
        execute("a", T0.plusSeconds(10), "svc", true, 100);
        execute("b", T0.plusSeconds(3600), "svc", true, 100);

        // Then: a's window is still open (b's time is not a's)
        assertThat(windowEvents()).isEmpty();
        execute("a", T0.plusSeconds(50), "svc", true, 200);

        // When: a's own event time passes end + grace (60 s + 10 s)
        execute("a", T0.plusSeconds(70), "svc", false, 300);

        // Then: a's first window closes with both executions, executor share first
        List<Envelope> events = windowEvents();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).payload().path("executor_service").asText()).isEqualTo("svc");
        assertThat(events.get(1).payload().path("executor_service").isNull()).isTrue();
        assertThat(events.get(1).payload().path("count").asLong()).isEqualTo(2);
        assertThat(context.forwarded().get(1).record().timestamp()).as("event time of a window event: its end")
                .isEqualTo(T0.plusSeconds(60).toEpochMilli());
        // and the window is stored closed right away
        assertThat(windows.fetch("a", T0.toEpochMilli()).closed()).isTrue();
    }

    @Test
    void shouldCountAnExecutionLateOnlyWhenItsToolsWindowHasClosed() {
        // Given: a's first window closed by a's own time
        execute("a", T0.plusSeconds(1), "svc", true, 100);
        execute("a", T0.plusSeconds(71), "svc", true, 100);
        context.resetForwards();

        // When: an execution of the closed window arrives, and one of b's first window (b has no closed window)
        execute("a", T0.plusSeconds(30), "svc", true, 100);
        execute("b", T0.plusSeconds(30), "svc", true, 100);
        hook.flushCache();

        // Then: a counts one late event, b's execution lands in its window
        assertThat(histories.get("a").lateTotal).isEqualTo(1);
        assertThat(windows.fetch("b", T0.toEpochMilli()).count()).isEqualTo(1);

        // When: a's next window closes, it reports the late event once
        execute("a", T0.plusSeconds(131), "svc", true, 100);
        assertThat(toolWindowEvents()).singleElement()
                .satisfies(e -> assertThat(e.payload().path("late_events").asLong()).isEqualTo(1));
    }

    @Test
    void shouldCloseByWallClockOnlyOnceCaughtUp() {
        // Given: a backlog record a day old, just processed
        execute("a", T0.plusSeconds(5), "svc", true, 100);
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

        // When: the wall clock punctuates right after (the record arrived a day late: a backlog)
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());

        // Then: nothing closes: the backlog decides
        assertThat(windowEvents()).isEmpty();

        // When: the backlog stalls for a few seconds
        context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 5_000);
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());

        // Then: still nothing: a stalled backlog is no end of input
        assertThat(windowEvents()).isEmpty();

        // When: no record has come for 30 s
        context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 25_000);
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());

        // Then: the window no further input will close is closed
        assertThat(toolWindowEvents()).singleElement()
                .satisfies(e -> assertThat(e.payload().path("count").asLong()).isEqualTo(1));
    }

    @Test
    void shouldCloseAQuietToolsWindowByWallClockWhileOtherToolsAreLive() {
        // Given: live traffic: the wall clock is at the records' time
        long now = T0.plusSeconds(5).toEpochMilli();
        context.setCurrentSystemTimeMs(now);
        execute("quiet", T0.plusSeconds(5), "svc", true, 100);
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(0);

        // When: 70 s later, busy tool b is still sending (so the task is never idle)
        for (int s = 6; s <= 72; s++) {
            context.setCurrentSystemTimeMs(T0.plusSeconds(s).toEpochMilli());
            execute("busy", T0.plusSeconds(s).minusMillis(1), "svc", true, 10);
            punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());
        }

        // Then: quiet's window closed by the wall clock within grace + 2 s, busy's by its own time
        List<Envelope> tools = toolWindowEvents();
        assertThat(tools).extracting(e -> e.payload().path("tool_name").asText()).contains("quiet", "busy");
        assertThat(tools).filteredOn(e -> e.payload().path("tool_name").asText().equals("quiet")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("count").asLong()).isEqualTo(1));
    }

    @Test
    void shouldNotCloseByWallClockWhileAnInputCannotBeReadToItsEnd() {
        // Given: live traffic, then an input partition that cannot be read (below min.insync.replicas)
        long[] readableSince = {Long.MIN_VALUE};
        processor = new PerformanceProcessor(SIZE, Duration.ofSeconds(1),
                new LiveConfig(TopologyConfig.DEFAULTS, wallClockMs -> readableSince[0]));
        processor.init(context);
        context.setCurrentSystemTimeMs(T0.plusSeconds(5).toEpochMilli());
        execute("a", T0.plusSeconds(5), "svc", true, 100);
        CapturedPunctuator punctuator = context.scheduledPunctuators().get(1);
        readableSince[0] = Long.MAX_VALUE;

        // When: the window's end + grace passes on the wall clock while it stays unreadable
        context.setCurrentSystemTimeMs(T0.plusSeconds(75).toEpochMilli());
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());

        // Then: the window stays open
        assertThat(windowEvents()).isEmpty();

        // When: the partition is readable again, and what it held arrives
        readableSince[0] = T0.plusSeconds(80).toEpochMilli();
        context.setCurrentSystemTimeMs(T0.plusSeconds(81).toEpochMilli());
        execute("a", T0.plusSeconds(40), "svc", true, 200);
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());

        // Then: the window waits until the inputs have been readable for a while (and live input came),
        // then closes with it
        assertThat(windowEvents()).isEmpty();
        Instant settled = T0.plusSeconds(80).plusMillis(InputReadiness.READABLE_AGAIN_MS);
        context.setCurrentSystemTimeMs(settled.minusMillis(1).toEpochMilli());
        execute("b", settled.minusMillis(1), "svc", true, 10);
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());
        assertThat(windowEvents()).isEmpty();
        context.setCurrentSystemTimeMs(settled.toEpochMilli());
        punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());
        assertThat(toolWindowEvents()).singleElement().satisfies(e -> {
            assertThat(e.payload().path("tool_name").asText()).isEqualTo("a");
            assertThat(e.payload().path("count").asLong()).isEqualTo(2);
            assertThat(e.payload().path("late_events").asLong()).isZero();
        });
    }

    @Test
    void shouldResumeOpenWindowsFromTheStoreAfterARestart() {
        // Given: two executions, committed; then the task is lost and started again on the same stores
        execute("a", T0.plusSeconds(1), "svc", true, 100);
        execute("a", T0.plusSeconds(2), "other", false, 400);
        hook.flushCache();
        context.resetForwards();
        PerformanceProcessor restarted = new PerformanceProcessor(SIZE, Duration.ofSeconds(1), new LiveConfig());
        restarted.init(context);

        // When: the window's time passes by a new execution
        restarted.process(new Record<>("a", execution("a", "svc", true, 100), T0.plusSeconds(80).toEpochMilli()));

        // Then: the window closes with everything committed before the restart
        assertThat(toolWindowEvents()).singleElement().satisfies(e -> {
            assertThat(e.payload().path("count").asLong()).isEqualTo(2);
            assertThat(e.payload().path("errors").asLong()).isEqualTo(1);
        });
    }

    private void execute(String tool, Instant at, String executor, boolean success, double durationMs) {
        processor.process(new Record<>(tool, execution(tool, executor, success, durationMs), at.toEpochMilli()));
    }

    private static ToolExecution execution(String tool, String executor, boolean success, double durationMs) {
        return new ToolExecution(tool, executor, null, success ? "success" : "failed", null, durationMs, 0, null,
                null, false);
    }

    private List<Envelope> windowEvents() {
        return context.forwarded().stream().map(f -> (Envelope) f.record().value())
                .filter(e -> EventTypes.PERFORMANCE_WINDOW.equals(e.eventType())).toList();
    }

    private List<Envelope> toolWindowEvents() {
        return windowEvents().stream().filter(e -> e.payload().path("executor_service").isNull()).toList();
    }
}
