package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A detector counting occurrences per subject over a sliding span ({@link TimedSubject}): each
 * occurrence re-evaluates its subject; a wall-clock punctuation drops expired occurrences,
 * re-evaluates (so patterns resolve when the span empties) and forgets idle subjects.
 */
abstract class SpanDetector extends Detector {

    private final String storeName;
    private final Duration punctuation;
    protected KeyValueStore<String, TimedSubject> subjects;

    SpanDetector(String storeName, Duration punctuation) {
        this.storeName = storeName;
        this.punctuation = punctuation;
    }

    @Override
    protected void open() {
        subjects = context.getStateStore(storeName);
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /** The span in ms (live). */
    protected abstract long span();

    /** The observation of {@code subject} at {@code now}, its occurrences already limited to the span. */
    protected abstract PatternObservation observe(String subject, TimedSubject state, long now);

    /** Subject, origin and example of an input record, or null to ignore it. */
    protected abstract Occurrence occurrence(Record<String, Envelope> record);

    record Occurrence(String subject, String origin, String example) {
    }

    @Override
    public void process(Record<String, Envelope> record) {
        Occurrence occurrence = record.value() == null ? null : occurrence(record);
        if (occurrence == null) {
            return;
        }
        long now = record.timestamp();
        TimedSubject state = subjects.get(occurrence.subject());
        state = (state == null ? TimedSubject.EMPTY : state)
                .plus(now, occurrence.origin(), occurrence.example()).since(now - span());
        evaluate(occurrence.subject(), state, now);
    }

    private void expire(long wallClockMs) {
        long now = Math.max(wallClockMs, context.currentStreamTimeMs());
        List<KeyValue<String, TimedSubject>> all = new ArrayList<>();
        try (KeyValueIterator<String, TimedSubject> it = subjects.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, TimedSubject> entry : all) {
            TimedSubject state = entry.value.since(now - span());
            if (state.times().isEmpty() && !state.reported().active()) {
                subjects.delete(entry.key);
            } else if (state != entry.value || state.reported().active()) {
                evaluate(entry.key, state, now);
            }
        }
    }

    private void evaluate(String subject, TimedSubject state, long now) {
        Reported reported = report(state.reported(), observe(subject, state, now), now);
        subjects.put(subject, state.withReported(reported));
    }
}
