package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.internal.WallClockTicks;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code co_failure}: two services turn unhealthy (a health event to {@code unhealthy} from anything
 * else) within {@code max_gap_ms} of each other ≥ {@code min_occurrences} (m) times within
 * {@code window_ms} (w). Needs every service, so its input is repartitioned to one key on one
 * partition. Store keys: {@code service:<name>} (its unhealthy turns) and {@code pair:<a>+<b>}
 * (co-failures; turns within the gap of the pair's previous co-failure are the same incident).
 * With n co-failures spread over s ms and k the fewer unhealthy turns of the two services:
 * severity = min(1, n / k) (how consistently they fail together), support = min(1, n / 2m),
 * persistence = min(1, max(0.1, s / w)).
 */
final class CoFailureDetector extends Detector<CoFailureDetector.UnhealthyTurn> {

    /** Named anew when the detector moved to a sub-topology of its own (its changelog's partition count changed). */
    static final String STORE = "pattern-co-failure-turns";
    static final String SERVICE = "service:";
    static final String PAIR = "pair:";
    private static final StringSerializer KEYS = new StringSerializer();

    private final Duration punctuation;
    private KeyValueStore<String, TimedSubject> state;
    private CatchUp catchUp;

    /** A service turning unhealthy: what crosses to this detector. */
    record UnhealthyTurn(@JsonProperty("service") String service) {
        static final Serde<UnhealthyTurn> SERDE = InternalSerdes.smile(UnhealthyTurn.class);
    }

    /** The turn of a health event, or null when it is none. */
    static UnhealthyTurn turnOf(Envelope event) {
        return turnedUnhealthy(event)
                ? new UnhealthyTurn(Fields.text(event.payload().path("service_info"), "name")) : null;
    }

    CoFailureDetector(Duration punctuation) {
        this.punctuation = punctuation;
    }

    /** Whether a health event is a service turning unhealthy. */
    static boolean turnedUnhealthy(Envelope event) {
        return event != null && EventTypes.SERVICE_HEALTH_CHANGED.equals(event.eventType())
                && "unhealthy".equals(Fields.text(event.payload().path("health_transition"), "current_status"))
                && !"unhealthy".equals(Fields.text(event.payload().path("health_transition"), "previous_status"))
                && Fields.text(event.payload().path("service_info"), "name") != null;
    }

    @Override
    protected void open() {
        state = context.getStateStore(STORE);
        catchUp = new CatchUp(context.currentSystemTimeMs(), config.inputs());
        WallClockTicks.every(context, punctuation, this::expire);
    }

    @Override
    public void process(Record<String, UnhealthyTurn> record) {
        catchUp.record(context.currentSystemTimeMs(), record.timestamp());
        if (record.value() == null || record.value().service() == null) {
            return;
        }
        String service = record.value().service();
        long t = record.timestamp();
        long gap = config.integer(ConfigKeys.CO_FAILURE_MAX_GAP_MS);
        long from = t - config.integer(ConfigKeys.CO_FAILURE_WINDOW_MS);
        List<KeyValue<String, TimedSubject>> others = new ArrayList<>();
        try (KeyValueIterator<String, TimedSubject> it = state.prefixScan(SERVICE, KEYS)) {
            it.forEachRemaining(others::add);
        }
        TimedSubject own = get(SERVICE + service).plus(t, null, null).since(from);
        state.put(SERVICE + service, own);
        for (KeyValue<String, TimedSubject> other : others) {
            String name = other.key.substring(SERVICE.length());
            Long match = name.equals(service) ? null : other.value.times().stream()
                    .filter(x -> Math.abs(t - x) <= gap).min(Long::compare).orElse(null);
            if (match == null) {
                continue;
            }
            // the incident is as old as the later of its two turns, whichever arrived first
            long incident = Math.max(t, match);
            String pair = pair(service, name);
            TimedSubject co = get(PAIR + pair);
            if (!co.times().isEmpty() && co.times().stream().anyMatch(x -> Math.abs(incident - x) <= gap)) {
                continue;
            }
            evaluate(pair, co.plus(incident, null, null).since(from), incident);
        }
    }

    private void expire(long wallClockMs) {
        if (!catchUp.caughtUp(wallClockMs, SpanDetector.CATCH_UP_SLACK_MS)) {
            return;
        }
        long now = wallClockMs;
        long from = now - config.integer(ConfigKeys.CO_FAILURE_WINDOW_MS);
        List<KeyValue<String, TimedSubject>> all = new ArrayList<>();
        try (KeyValueIterator<String, TimedSubject> it = state.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, TimedSubject> entry : all) {
            TimedSubject pruned = entry.value.since(from);
            if (entry.key.startsWith(PAIR) && (pruned != entry.value || pruned.reported().active())) {
                evaluate(entry.key.substring(PAIR.length()), pruned, now);
            } else if (pruned.times().isEmpty() && !pruned.reported().active()) {
                state.delete(entry.key);
            } else if (pruned != entry.value) {
                state.put(entry.key, pruned);
            }
        }
    }

    private void evaluate(String pair, TimedSubject co, long now) {
        if (co.times().isEmpty() && !co.reported().active()) {
            state.delete(PAIR + pair);
            return;
        }
        state.put(PAIR + pair, co.withReported(report(co.reported(), observe(pair, co, now), now)));
    }

    private PatternObservation observe(String pair, TimedSubject co, long now) {
        String[] services = pair.split("\\+", 2);
        long n = co.times().size();
        long m = Math.max(1, config.integer(ConfigKeys.CO_FAILURE_MIN_OCCURRENCES));
        long w = Math.max(1, config.integer(ConfigKeys.CO_FAILURE_WINDOW_MS));
        long k = Math.max(1, Math.min(get(SERVICE + services[0]).times().size(),
                get(SERVICE + services[1]).times().size()));
        ConfidenceComponents components = new ConfidenceComponents((double) n / k, n / (2.0 * m),
                Math.max(0.1, (double) (co.last() - co.first()) / w));
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("service_a", services[0]);
        data.put("service_b", services[1]);
        data.put("co_failures_in_window", n);
        data.put("max_gap_ms", config.integer(ConfigKeys.CO_FAILURE_MAX_GAP_MS));
        return PatternObservation.of(PatternTypes.CO_FAILURE, pair, n >= m, components, "temporal_correlation",
                data, Instant.ofEpochMilli(now - w), Instant.ofEpochMilli(now), n, List.of("intelligence.health"),
                List.of(String.format(Locale.ROOT, "Look for a shared dependency of %s and %s (database, network,"
                        + " host) and isolate it", services[0], services[1])),
                List.of(String.format(Locale.ROOT, "%s and %s turned unhealthy together %d times in %d min",
                        services[0], services[1], n, w / 60_000)));
    }

    private TimedSubject get(String key) {
        TimedSubject value = state.get(key);
        return value == null ? TimedSubject.EMPTY : value;
    }

    static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "+" + b : b + "+" + a;
    }
}
