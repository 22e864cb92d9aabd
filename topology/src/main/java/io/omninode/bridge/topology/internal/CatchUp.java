package io.omninode.bridge.topology.internal;

/**
 * Whether a task has caught up with its input, the condition under which the wall clock may close
 * or expire state (DESIGN.md §6: the wall clock only ends the state of subjects that get no further
 * input). Caught up means: the newest record processed is within {@code slackMs} of the wall clock
 * (live traffic), or no record has arrived for {@link #IDLE_MS} (after (re)assignment, for
 * {@link #FIRST_RECORD_MS}, so the backlog of a restart is read first). While a backlog is being read,
 * neither holds, and only the records' own event time moves the state on.
 */
public final class CatchUp {

    public static final long IDLE_MS = 1_000;
    public static final long FIRST_RECORD_MS = 30_000;

    private final long slackMs;
    private long lastRecordWallClockMs;
    private long lastRecordTimestamp;
    private boolean recordSinceInit;

    /** @param initWallClockMs the wall clock when the task was (re)assigned */
    public CatchUp(long initWallClockMs, long slackMs) {
        this.lastRecordWallClockMs = initWallClockMs;
        this.slackMs = slackMs;
    }

    public void record(long wallClockMs, long timestamp) {
        lastRecordWallClockMs = wallClockMs;
        lastRecordTimestamp = timestamp;
        recordSinceInit = true;
    }

    public boolean caughtUp(long wallClockMs) {
        boolean idle = wallClockMs - lastRecordWallClockMs >= (recordSinceInit ? IDLE_MS : FIRST_RECORD_MS);
        return idle || recordSinceInit && wallClockMs - lastRecordTimestamp <= slackMs;
    }
}
