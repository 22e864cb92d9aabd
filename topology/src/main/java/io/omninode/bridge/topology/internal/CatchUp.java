package io.omninode.bridge.topology.internal;

import io.omninode.bridge.topology.InputReadiness;

/**
 * Whether a task has caught up with its input, the condition under which the wall clock may close
 * or expire state (DESIGN.md §6: the wall clock only ends the state of subjects that get no further
 * input). Each record's lag at arrival (wall clock minus its timestamp) tells live input from a
 * backlog: after a record that arrived live (within the slack), the task is caught up; after a
 * backlog record, only once no record has come for {@link #BACKLOG_IDLE_MS} — a backlog stalls for
 * seconds (fetches, other tasks, transaction markers), and closing a window then would make the
 * rest of its records late. Right after (re)assignment, the task waits {@link #FIRST_RECORD_MS} for
 * its first record, so the backlog of a restart is read first. And never while an input partition
 * cannot be read to its acknowledged end ({@link InputReadiness}), nor until it has been readable
 * again for {@link InputReadiness#READABLE_AGAIN_MS}: the records it held come after an outage first.
 */
public final class CatchUp {

    public static final long BACKLOG_IDLE_MS = 30_000;
    public static final long FIRST_RECORD_MS = 30_000;

    private final long initWallClockMs;
    private final InputReadiness inputs;
    private long lastRecordWallClockMs;
    private long lastArrivalLagMs;
    private boolean recordSinceInit;

    /**
     * @param initWallClockMs the wall clock when the task was (re)assigned
     * @param inputs          whether the inputs can be read to their acknowledged end
     */
    public CatchUp(long initWallClockMs, InputReadiness inputs) {
        this.initWallClockMs = initWallClockMs;
        this.inputs = inputs;
    }

    /**
     * Whether every input has been readable for {@link InputReadiness#READABLE_AGAIN_MS} (or since ever) at
     * {@code wallClockMs}: the condition under which the wall clock may end anything at all.
     */
    public static boolean readable(InputReadiness inputs, long wallClockMs) {
        long since = inputs.readableSinceMs(wallClockMs);
        return since == Long.MIN_VALUE || since != Long.MAX_VALUE && wallClockMs - since >= InputReadiness.READABLE_AGAIN_MS;
    }

    public void record(long wallClockMs, long timestamp) {
        lastRecordWallClockMs = wallClockMs;
        lastArrivalLagMs = wallClockMs - timestamp;
        recordSinceInit = true;
    }

    /** @param slackMs how far behind the wall clock a record may arrive and still count as live */
    public boolean caughtUp(long wallClockMs, long slackMs) {
        if (!readable(inputs, wallClockMs)) {
            return false;
        }
        if (!recordSinceInit) {
            return wallClockMs - initWallClockMs >= FIRST_RECORD_MS;
        }
        return lastArrivalLagMs <= slackMs || wallClockMs - lastRecordWallClockMs >= BACKLOG_IDLE_MS;
    }
}
