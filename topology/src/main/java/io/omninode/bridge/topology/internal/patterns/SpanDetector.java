package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.topology.internal.BufferedKeyValues;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.WallClockTicks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A detector counting occurrences per subject over a sliding span ({@link TimedSubject}): each
 * occurrence re-evaluates its subject at the subject's own event time (its newest occurrence), so a
 * backlog gives the same observations as live traffic. Subjects that get no further input are
 * ended by a wall-clock punctuation, only while the task is caught up ({@link CatchUp}): it drops
 * expired occurrences, re-evaluates (so patterns resolve when the span empties) and forgets idle
 * subjects.
 */
abstract class SpanDetector<V> extends Detector<V> {

    private final String storeName;
    private final Duration punctuation;
    private KeyValueStore<String, TimedSubject> store;
    protected BufferedKeyValues<TimedSubject> subjects;
    private CatchUp catchUp;

    /** Subjects held in memory; older ones are read back from the store when they recur. */
    static final int SUBJECTS_IN_MEMORY = 50_000;

    /** How far behind the wall clock a record may arrive and still count as live input ({@link CatchUp}). */
    static final long CATCH_UP_SLACK_MS = 5_000;

    SpanDetector(String storeName, Duration punctuation) {
        this.storeName = storeName;
        this.punctuation = punctuation;
    }

    @Override
    protected void open() {
        store = context.getStateStore(storeName);
        subjects = new BufferedKeyValues<>(store, SUBJECTS_IN_MEMORY);
        CommitHook hook = context.getStateStore(DetectorSupplier.hookOf(storeName));
        hook.onCommit(subjects::flush);
        catchUp = new CatchUp(context.currentSystemTimeMs(), config.inputs());
        WallClockTicks.every(context, punctuation, this::expire);
    }

    /** The span in ms (live). */
    protected abstract long span();

    /** The observation of {@code subject} at {@code now}, its occurrences already limited to the span. */
    protected abstract PatternObservation observe(String subject, TimedSubject state, long now);

    /** Subject, origin and example of an input record, or null to ignore it. */
    protected abstract Occurrence occurrence(Record<String, V> record);

    record Occurrence(String subject, String origin, String example) {
    }

    @Override
    public void process(Record<String, V> record) {
        catchUp.record(context.currentSystemTimeMs(), record.timestamp());
        Occurrence occurrence = record.value() == null ? null : occurrence(record);
        if (occurrence == null) {
            return;
        }
        String subject = occurrence.subject();
        TimedSubject state = subjects.get(subject);
        state = expireUntil(subject, state == null ? TimedSubject.EMPTY : state, record.timestamp())
                .plus(record.timestamp(), occurrence.origin(), occurrence.example());
        long now = state.last();
        state = state.since(now - span());
        subjects.put(subject, state.withReported(report(state.reported(), observe(subject, state, now), now)));
    }

    /**
     * The subject as it is at {@code until}: each occurrence leaves the span at its time + span, and an
     * active pattern is re-evaluated at that very moment (so it resolves, or its confidence moves, at
     * the same event time whether the next input comes live, from a backlog, or not at all).
     */
    private TimedSubject expireUntil(String subject, TimedSubject state, long until) {
        long span = span();
        while (!state.times().isEmpty() && state.first() + span <= until) {
            long at = state.first() + span;
            state = state.since(at - span);
            if (state.reported().active()) {
                state = state.withReported(report(state.reported(), observe(subject, state, at), at));
            }
        }
        return state;
    }

    private void expire(long wallClockMs) {
        if (!catchUp.caughtUp(wallClockMs, SpanDetector.CATCH_UP_SLACK_MS)) {
            return;
        }
        subjects.flush();
        List<KeyValue<String, TimedSubject>> all = new ArrayList<>();
        try (KeyValueIterator<String, TimedSubject> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, TimedSubject> entry : all) {
            TimedSubject state = expireUntil(entry.key, entry.value, wallClockMs);
            if (state.times().isEmpty() && !state.reported().active()) {
                subjects.delete(entry.key);
            } else if (!state.equals(entry.value)) {
                subjects.put(entry.key, state);
            }
        }
    }
}
