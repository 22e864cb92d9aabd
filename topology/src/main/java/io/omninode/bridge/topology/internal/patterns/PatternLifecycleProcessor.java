package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.internal.EnvelopeHeaders;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.patterns.PatternState;
import io.omninode.bridge.topology.patterns.PatternStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pattern lifecycle, keyed by pattern id: an active observation of a pattern that is unknown
 * or resolved is {@code discovered}; of an active one, {@code updated} when the confidence moved by
 * ≥ {@code pattern.update_delta}; an inactive observation of an active pattern {@code resolved}
 * it. Anything else only refreshes {@code last_seen}. State in {@code patterns}.
 */
final class PatternLifecycleProcessor implements Processor<String, PatternObservation, String, Envelope> {

    private ProcessorContext<String, Envelope> context;
    private KeyValueStore<String, PatternState> patterns;
    private final LiveConfig config;

    PatternLifecycleProcessor(LiveConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
        this.patterns = context.getStateStore(StoreNames.PATTERNS);
    }

    @Override
    public void process(Record<String, PatternObservation> record) {
        PatternObservation o = record.value();
        if (o == null) {
            return;
        }
        PatternState state = patterns.get(o.patternId());
        boolean active = state != null && state.status() == PatternStatus.ACTIVE;
        String eventType;
        if (o.active() && !active) {
            eventType = EventTypes.PATTERN_DISCOVERED;
        } else if (o.active() && Math.abs(o.confidence() - state.confidenceScore())
                >= config.decimal(ConfigKeys.PATTERN_UPDATE_DELTA) - 1e-9) {
            eventType = EventTypes.PATTERN_UPDATED;
        } else if (!o.active() && active) {
            eventType = EventTypes.PATTERN_RESOLVED;
        } else {
            if (state != null) {
                patterns.put(o.patternId(), new PatternState(state.patternId(), state.patternType(), state.subject(),
                        state.status(), state.firstSeen(), o.observedAt(), state.occurrences(),
                        state.confidenceScore(), state.latest()));
            }
            return;
        }
        long occurrences = (state == null ? 0 : state.occurrences())
                + (EventTypes.PATTERN_DISCOVERED.equals(eventType) ? 1 : 0);
        Envelope event = PatternEvents.envelope(eventType, o, occurrences);
        patterns.put(o.patternId(), new PatternState(o.patternId(), o.patternType(), o.subject(),
                o.active() ? PatternStatus.ACTIVE : PatternStatus.RESOLVED,
                state == null ? o.observedAt() : state.firstSeen(), o.observedAt(), occurrences,
                o.active() ? o.confidence() : state.confidenceScore(), event.payload()));
        context.forward(new Record<>(o.patternId(), event, record.timestamp(), EnvelopeHeaders.of(event)));
    }
}
