package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.ConfigKeys;
import io.omninode.bridge.topology.internal.LiveConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Base of the pattern detectors: live config, the {@code detector.<type>.enabled} switch, and
 * sending an observation only when it changes what was last sent for its subject (activity, or
 * confidence by ≥ {@code pattern.update_delta}). A disabled detector keeps its state current but
 * sends nothing.
 */
abstract class Detector<V> implements Processor<String, V, String, PatternObservation> {

    protected ProcessorContext<String, PatternObservation> context;
    protected LiveConfig config;

    @Override
    public void init(ProcessorContext<String, PatternObservation> context) {
        this.context = context;
        open();
    }

    /** Called by its supplier before {@link #init}: the topology's live config. */
    void configure(LiveConfig live) {
        this.config = live;
    }

    /** Gets the detector's stores and schedules its punctuation. */
    protected abstract void open();

    /** Whether an observation of {@code type} with this activity and confidence would be sent after {@code last}. */
    protected boolean isNews(Reported last, String type, boolean active, double confidence) {
        Reported previous = last == null ? Reported.NONE : last;
        return config.enabled(type) && previous.changedBy(active, confidence, config.decimal(ConfigKeys.PATTERN_UPDATE_DELTA));
    }

    /** Sends {@code observation} if it is news; returns what was sent last afterwards. */
    protected Reported report(Reported last, PatternObservation observation, long timestamp) {
        Reported previous = last == null ? Reported.NONE : last;
        if (!config.enabled(observation.patternType())
                || !previous.changedBy(observation.active(), observation.confidence(),
                config.decimal(ConfigKeys.PATTERN_UPDATE_DELTA))) {
            return previous;
        }
        context.forward(new Record<>(observation.patternId(), observation, timestamp));
        return new Reported(observation.active(), observation.confidence());
    }
}
