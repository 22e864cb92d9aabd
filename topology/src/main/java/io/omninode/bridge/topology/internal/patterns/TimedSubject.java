package io.omninode.bridge.topology.internal.patterns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detector state of one subject counted over a sliding span: occurrence times (newest last, at most
 * {@link #MAX_TIMES}), counts per origin (tool, service, status…; at most {@link #MAX_ORIGINS}), an
 * example, and what was reported.
 */
record TimedSubject(List<Long> times, Map<String, Long> origins, String example, Reported reported) {

    static final int MAX_TIMES = 1000;
    static final int MAX_ORIGINS = 20;
    static final TimedSubject EMPTY = new TimedSubject(List.of(), Map.of(), null, Reported.NONE);

    TimedSubject {
        times = times == null ? List.of() : times;
        origins = origins == null ? Map.of() : origins;
        reported = reported == null ? Reported.NONE : reported;
    }

    TimedSubject plus(long time, String origin, String newExample) {
        List<Long> kept = new ArrayList<>(times.size() + 1);
        kept.addAll(times);
        kept.add(time);
        if (!times.isEmpty() && time < times.get(times.size() - 1)) {
            kept.sort(null);
        }
        if (kept.size() > MAX_TIMES) {
            kept = kept.subList(kept.size() - MAX_TIMES, kept.size());
        }
        Map<String, Long> counts = new LinkedHashMap<>(origins);
        if (origin != null && (counts.containsKey(origin) || counts.size() < MAX_ORIGINS)) {
            counts.merge(origin, 1L, Long::sum);
        }
        return new TimedSubject(kept, counts, newExample == null ? example : newExample, reported);
    }

    /** Only the times after {@code from}. */
    TimedSubject since(long from) {
        if (times.isEmpty() || times.get(0) > from) {
            return this;
        }
        List<Long> kept = times.stream().filter(t -> t > from).toList();
        return kept.size() == times.size() ? this : new TimedSubject(kept, origins, example, reported);
    }

    TimedSubject withReported(Reported now) {
        return new TimedSubject(times, origins, example, now);
    }

    long first() {
        return times.isEmpty() ? 0 : times.get(0);
    }

    long last() {
        return times.isEmpty() ? 0 : times.get(times.size() - 1);
    }
}
