package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.PatternTypes;
import io.omninode.bridge.topology.internal.BufferedKeyValues;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Second stage of {@code tool_sequence}, keyed by tool A: counts the sessions that used A and, per
 * B, the sessions in which B directly followed A within {@code max_gap_ms} (both counted once per
 * session by {@link ToolSessions}, which sends their sums once per commit); fires when
 * ≥ {@code min_sessions} (m) sessions showed A→B and P(B | A) = sessions with A→B / sessions with A ≥ {@code min_probability}. Counts are since the
 * start (no span), so a pattern resolves when P(B | A) falls. Store keys: {@code a:<tool>},
 * {@code p:<A>><B>}, all on A's partition. With n such sessions, the first seen at f: severity =
 * P(B | A), support = min(1, n / 3m), persistence = min(1, max(0.1, (now − f) / 1 h)), now being
 * the event time of the newest change in the count that changed it.
 */
final class ToolSequenceDetector extends Detector<ToolSessions.Count> {

    static final String STORE = "pattern-tool-sequence-counts";
    private static final StringSerializer KEYS = new StringSerializer();

    private BufferedKeyValues<SequenceEntry> state;

    /** One store value: a tool count or a pair count, when it was first seen, and what was reported. */
    record SequenceEntry(long count, long firstSeen, Reported reported) {
        SequenceEntry {
            reported = reported == null ? Reported.NONE : reported;
        }
    }

    /** Counts held in memory (tools × pairs: small). */
    static final int ENTRIES_IN_MEMORY = 100_000;

    /** The pairs counted so far, by first tool: which pairs a new session of A re-evaluates. */
    private final Map<String, Set<String>> pairsByFirst = new HashMap<>();

    @Override
    protected void open() {
        KeyValueStore<String, SequenceEntry> store = context.getStateStore(STORE);
        state = new BufferedKeyValues<>(store, ENTRIES_IN_MEMORY);
        CommitHook hook = context.getStateStore(DetectorSupplier.hookOf(STORE));
        hook.onCommit(state::flush);
        try (KeyValueIterator<String, SequenceEntry> it = store.prefixScan("p:", KEYS)) {
            it.forEachRemaining(e -> index(e.key.substring(2)));
        }
    }

    private void index(String pair) {
        pairsByFirst.computeIfAbsent(pair.substring(0, pair.indexOf('>')), a -> new TreeSet<>()).add(pair);
    }

    @Override
    public void process(Record<String, ToolSessions.Count> record) {
        ToolSessions.Count count = record.value();
        if (count == null || count.toolA() == null) {
            return;
        }
        long t = record.timestamp();
        long first = count.firstOr(t);
        if (count.toolB() != null) {
            String pair = count.toolA() + ">" + count.toolB();
            increment("p:" + pair, first, count.delta());
            index(pair);
            evaluate(pair, t);
            return;
        }
        increment("a:" + count.toolA(), first, count.delta());
        for (String pair : pairsByFirst.getOrDefault(count.toolA(), Set.of())) {
            evaluate(pair, t);
        }
    }

    private void increment(String key, long t, int delta) {
        SequenceEntry e = state.get(key);
        state.put(key, e == null ? new SequenceEntry(Math.max(0, delta), t, null)
                : new SequenceEntry(Math.max(0, e.count() + delta), Math.min(e.firstSeen(), t), e.reported()));
    }

    private void evaluate(String pair, long now) {
        SequenceEntry p = state.get("p:" + pair);
        String[] tools = pair.split(">", 2);
        SequenceEntry a = state.get("a:" + tools[0]);
        if (p == null || a == null || a.count() == 0) {
            return;
        }
        double probability = (double) p.count() / a.count();
        long m = Math.max(1, config.integer(ConfigKeys.TOOL_SEQUENCE_MIN_SESSIONS));
        boolean active = p.count() >= m && probability >= config.decimal(ConfigKeys.TOOL_SEQUENCE_MIN_PROBABILITY);
        ConfidenceComponents components = new ConfidenceComponents(probability, p.count() / (3.0 * m),
                Math.max(0.1, (now - p.firstSeen()) / 3_600_000.0));
        if (!isNews(p.reported(), PatternTypes.TOOL_SEQUENCE, active, components.score())) {
            // most counts change nothing worth sending: skip building the observation
            return;
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("tool_a", tools[0]);
        data.put("tool_b", tools[1]);
        data.put("sessions_with_sequence", p.count());
        data.put("sessions_with_a", a.count());
        data.put("conditional_probability", Math.round(probability * 1000) / 1000.0);
        String subject = tools[0] + " -> " + tools[1];
        PatternObservation observation = PatternObservation.of(PatternTypes.TOOL_SEQUENCE, subject, active,
                components, "session_sequence_mining", data, Instant.ofEpochMilli(p.firstSeen()),
                Instant.ofEpochMilli(now), a.count(), List.of("hooks.tool_execution"),
                List.of(String.format(Locale.ROOT, "Pre-warm or prefetch %s after %s: it follows in %.0f %% of"
                                + " sessions (%d of %d)", tools[1], tools[0], 100 * probability, p.count(), a.count()),
                        String.format(Locale.ROOT, "Consider a combined %s+%s operation", tools[0], tools[1])),
                List.of(String.format(Locale.ROOT, "%s depends on %s's output in most sessions: a failure of %s"
                        + " likely blocks %s", tools[1], tools[0], tools[0], tools[1])));
        state.put("p:" + pair, new SequenceEntry(p.count(), p.firstSeen(), report(p.reported(), observation, now)));
    }
}
