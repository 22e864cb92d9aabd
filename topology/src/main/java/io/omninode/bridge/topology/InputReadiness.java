package io.omninode.bridge.topology;

/**
 * Whether the topology's input partitions can be read to their acknowledged end, which the wall
 * clock needs before it may close a window or expire a heartbeat (DESIGN.md §6: the wall clock only
 * ends the state of subjects that get no further input). A partition below
 * {@code min.insync.replicas}, or whose leader is gone, may hold records the bridge acknowledged
 * that no consumer can read yet: its last replica does not advance the high watermark (KIP-966)
 * until another one is back in sync. Closing a window then would make those records late.
 *
 * <p>{@link #ALWAYS} is for a topology that is not watched (tests, benchmarks); the bridge watches
 * its cluster ({@code InputWatch} in {@code app/}).
 */
@FunctionalInterface
public interface InputReadiness {

    /**
     * How long every input must have been readable again after it was not before the wall clock
     * ends anything: the records it held are read first.
     */
    long READABLE_AGAIN_MS = 10_000;

    /** Every input readable since ever: the wall clock is never held. */
    InputReadiness ALWAYS = wallClockMs -> Long.MIN_VALUE;

    /**
     * The wall-clock time since which every input partition has been readable without
     * interruption: {@link Long#MIN_VALUE} when none has been unreadable since the watch began,
     * {@link Long#MAX_VALUE} while one is not readable (or it is not known whether it is).
     */
    long readableSinceMs(long wallClockMs);
}
