package io.omninode.bridge.topology.internal;

/**
 * Whether a task has caught up with its input, the condition under which the wall clock may close
 * or expire state (DESIGN.md §6: the wall clock only ends the state of subjects that get no further
 * input). Each record's lag at arrival (wall clock minus its timestamp) tells live input from a
 * backlog: after a record that arrived live (within the slack), the task is caught up; after a
 * backlog record, only once no record has come for {@link #BACKLOG_IDLE_MS} — a backlog stalls for
 * seconds (fetches, other tasks, transaction markers), and closing a window then would make the
 * rest of its records late. Right after (re)assignment, the task waits {@link #FIRST_RECORD_MS} for
 * its first record, so the backlog of a restart is read first.
 */
public final class CatchUp {

    public static final long BACKLOG_IDLE_MS = 30_000;
    public static final long FIRST_RECORD_MS = 30_000;

    private final long initWallClockMs;
    private long lastRecordWallClockMs;
    private long lastArrivalLagMs;
    private boolean recordSinceInit;

    /** @param initWallClockMs the wall clock when the task was (re)assigned */
    public CatchUp(long initWallClockMs) {
        this.initWallClockMs = initWallClockMs;
    }

    public void record(long wallClockMs, long timestamp) {
        lastRecordWallClockMs = wallClockMs;
        lastArrivalLagMs = wallClockMs - timestamp;
        recordSinceInit = true;
    }

    /** @param slackMs how far behind the wall clock a record may arrive and still count as live */
    public boolean caughtUp(long wallClockMs, long slackMs) {
        if (!recordSinceInit) {
            return wallClockMs - initWallClockMs >= FIRST_RECORD_MS;
        }
        return lastArrivalLagMs <= slackMs || wallClockMs - lastRecordWallClockMs >= BACKLOG_IDLE_MS;
    }
}
