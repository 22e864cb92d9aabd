package io.omninode.bridge.topology.internal;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * Wall-clock punctuation anchored to whole multiples of its interval, so that the punctuators of
 * every task fire in the same pass of the stream thread. Unanchored, each task's punctuators fire
 * at the moment that task was initialised plus a multiple of the interval; the stream thread halves
 * the number of records it processes per task before checking the time again after every pass in
 * which any punctuator ran, so dozens of tasks ticking at different phases keep those batches at
 * a few records and the per-pass overhead of every idle task (its readiness check) on every
 * handful of records.
 */
public final class WallClockTicks {

    private WallClockTicks() {
    }

    /** Calls {@code punctuator} every {@code interval} of wall-clock time, on the interval's boundaries. */
    public static Cancellable every(ProcessingContext context, Duration interval, Punctuator punctuator) {
        long step = interval.toMillis();
        long now = context.currentSystemTimeMs();
        long next = (Math.floorDiv(now, step) + 1) * step;
        return context.schedule(Instant.ofEpochMilli(next), interval, PunctuationType.WALL_CLOCK_TIME, punctuator);
    }
}
