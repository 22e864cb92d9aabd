package io.omninode.bridge.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.topology.InputReadiness;
import org.junit.jupiter.api.Test;

/** When the wall clock may end state: caught up with live input, and every input readable. */
class CatchUpTest {

    private static final long T = 1_800_000_000_000L;
    private static final long SLACK = 5_000;

    @Test
    void shouldBeCaughtUpAfterALiveRecordOnlyWhileEveryInputIsReadable() {
        long[] readableSince = {Long.MIN_VALUE};
        CatchUp catchUp = new CatchUp(T, wallClockMs -> readableSince[0]);
        catchUp.record(T + 1_000, T + 900);
        assertThat(catchUp.caughtUp(T + 1_000, SLACK)).as("live record, inputs readable since ever").isTrue();

        readableSince[0] = Long.MAX_VALUE;
        assertThat(catchUp.caughtUp(T + 2_000, SLACK)).as("an input is not readable").isFalse();

        readableSince[0] = T + 3_000;
        assertThat(catchUp.caughtUp(T + 3_000 + InputReadiness.READABLE_AGAIN_MS - 1, SLACK))
                .as("readable again, not yet for long").isFalse();
        assertThat(catchUp.caughtUp(T + 3_000 + InputReadiness.READABLE_AGAIN_MS, SLACK))
                .as("readable again for long enough").isTrue();
    }

    @Test
    void shouldWaitForABacklogToStallAndForTheFirstRecordAfterAssignment() {
        CatchUp catchUp = new CatchUp(T, InputReadiness.ALWAYS);
        assertThat(catchUp.caughtUp(T + CatchUp.FIRST_RECORD_MS - 1, SLACK)).as("no record yet").isFalse();
        assertThat(catchUp.caughtUp(T + CatchUp.FIRST_RECORD_MS, SLACK)).as("no record for a while").isTrue();

        catchUp.record(T + 40_000, T);
        assertThat(catchUp.caughtUp(T + 40_000 + CatchUp.BACKLOG_IDLE_MS - 1, SLACK)).as("backlog").isFalse();
        assertThat(catchUp.caughtUp(T + 40_000 + CatchUp.BACKLOG_IDLE_MS, SLACK)).as("backlog stalled").isTrue();
    }

    @Test
    void shouldTellWhetherTheInputsHaveBeenReadableLongEnough() {
        assertThat(CatchUp.readable(InputReadiness.ALWAYS, 0)).isTrue();
        assertThat(CatchUp.readable(now -> Long.MAX_VALUE, T)).isFalse();
        assertThat(CatchUp.readable(now -> T, T + InputReadiness.READABLE_AGAIN_MS)).isTrue();
    }
}
