package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.ConfigKeys;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.patterns.ConfidenceComponents;
import io.omninode.bridge.topology.patterns.PatternTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code tool_sequence}: within one {@code execution_context.session_id}, tool B directly follows
 * tool A within {@code max_gap_ms} in ≥ {@code min_sessions} (m) sessions and P(B | A) = sessions
 * with A→B / sessions with A ≥ {@code min_probability}. Counts are since the start (no span), so a
 * pattern resolves when P(B | A) falls. Needs every tool, so its input is repartitioned to one key
 * on one partition. Store keys: {@code s:<session>} (last tool and time, tools and pairs seen;
 * dropped after 30 min idle), {@code a:<tool>} (sessions with the tool), {@code p:<A>><B>}
 * (sessions with A→B). With n such sessions first seen s ms ago: severity = P(B | A), support =
 * min(1, n / 3m), persistence = min(1, max(0.1, s / 1 h)).
 */
final class ToolSequenceDetector extends Detector {

    static final String STORE = "pattern-tool-sequence-state";
    static final long SESSION_IDLE_MS = Duration.ofMinutes(30).toMillis();
    private static final StringSerializer KEYS = new StringSerializer();

    private final Duration punctuation;
    private KeyValueStore<String, SequenceEntry> state;

    /** One store value: a session ({@code last*}, {@code seen}), a tool count or a pair count. */
    record SequenceEntry(String lastTool, long lastTime, List<String> seen, long count, long firstSeen,
                         Reported reported) {
        SequenceEntry {
            seen = seen == null ? List.of() : seen;
            reported = reported == null ? Reported.NONE : reported;
        }
    }

    ToolSequenceDetector(Duration punctuation) {
        this.punctuation = punctuation;
    }

    /** The session id of an execution, or null. */
    static String sessionOf(Envelope event) {
        return event == null || !EventTypes.TOOL_EXECUTION_COMPLETED.equals(event.eventType()) ? null
                : Fields.text(event.payload().at("/execution_info/execution_context"), "session_id");
    }

    @Override
    protected void open() {
        state = context.getStateStore(STORE);
        context.schedule(punctuation, PunctuationType.WALL_CLOCK_TIME, this::expireSessions);
    }

    @Override
    public void process(Record<String, Envelope> record) {
        String session = sessionOf(record.value());
        String tool = Fields.text(record.value() == null ? null : record.value().payload().path("execution_info"),
                "tool_name");
        if (session == null || tool == null) {
            return;
        }
        long t = record.timestamp();
        SequenceEntry s = state.get("s:" + session);
        List<String> seen = new ArrayList<>(s == null ? List.of() : s.seen());
        String pair = null;
        if (s != null && s.lastTool() != null && !s.lastTool().equals(tool)
                && t - s.lastTime() <= config.integer(ConfigKeys.TOOL_SEQUENCE_MAX_GAP_MS)
                && !seen.contains(s.lastTool() + ">" + tool)) {
            pair = s.lastTool() + ">" + tool;
            seen.add(pair);
            increment("p:" + pair, t);
        }
        boolean newTool = !seen.contains(tool);
        if (newTool) {
            seen.add(tool);
            increment("a:" + tool, t);
        }
        state.put("s:" + session, new SequenceEntry(tool, t, seen, 0, s == null ? t : s.firstSeen(), null));
        if (pair != null) {
            evaluate(pair, t);
        }
        if (newTool) {
            List<String> following = new ArrayList<>();
            try (KeyValueIterator<String, SequenceEntry> it = state.prefixScan("p:" + tool + ">", KEYS)) {
                it.forEachRemaining(e -> following.add(e.key.substring(2)));
            }
            following.stream().filter(p -> !p.equals(tool)).forEach(p -> evaluate(p, t));
        }
    }

    private void increment(String key, long t) {
        SequenceEntry e = state.get(key);
        state.put(key, e == null ? new SequenceEntry(null, 0, null, 1, t, null)
                : new SequenceEntry(null, 0, null, e.count() + 1, e.firstSeen(), e.reported()));
    }

    private void evaluate(String pair, long now) {
        SequenceEntry p = state.get("p:" + pair);
        String[] tools = pair.split(">", 2);
        SequenceEntry a = state.get("a:" + tools[0]);
        if (p == null || a == null) {
            return;
        }
        double probability = (double) p.count() / a.count();
        long m = Math.max(1, config.integer(ConfigKeys.TOOL_SEQUENCE_MIN_SESSIONS));
        boolean active = p.count() >= m && probability >= config.decimal(ConfigKeys.TOOL_SEQUENCE_MIN_PROBABILITY);
        ConfidenceComponents components = new ConfidenceComponents(probability, p.count() / (3.0 * m),
                Math.max(0.1, (now - p.firstSeen()) / 3_600_000.0));
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
        state.put("p:" + pair, new SequenceEntry(null, 0, null, p.count(), p.firstSeen(),
                report(p.reported(), observation, now)));
    }

    private void expireSessions(long wallClockMs) {
        long now = Math.max(wallClockMs, context.currentStreamTimeMs());
        List<KeyValue<String, SequenceEntry>> idle = new ArrayList<>();
        try (KeyValueIterator<String, SequenceEntry> it = state.prefixScan("s:", KEYS)) {
            it.forEachRemaining(e -> {
                if (now - e.value.lastTime() > SESSION_IDLE_MS) {
                    idle.add(e);
                }
            });
        }
        idle.forEach(e -> state.delete(e.key));
    }
}
