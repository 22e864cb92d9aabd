package io.omninode.bridge.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives Kafka Streams' state-store meters one set of tag keys. Streams names the store tag after
 * the store's kind ({@code rocksdb-state-id}, {@code rocksdb-window-state-id},
 * {@code in-memory-state-id}, …), so the same metric (say {@code kafka.stream.state.record.e2e.latency.max})
 * comes with different tag keys for a key-value and a window store, which Prometheus refuses: every
 * store after the first kind went missing from {@code /metrics}, with a warning at start-up. Here the
 * tag is {@code state.id} for all of them and the kind moves to {@code store.type}
 * ({@code rocksdb}, {@code rocksdb.window}, …).
 */
final class StoreMetricTags implements MeterFilter {

    private static final String PREFIX = "kafka.stream.state.";
    private static final String SUFFIX = ".state.id";

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(PREFIX)) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            String key = tag.getKey();
            if (key.endsWith(SUFFIX) && key.length() > SUFFIX.length()) {
                tags.add(Tag.of("state.id", tag.getValue()));
                tags.add(Tag.of("store.type", key.substring(0, key.length() - SUFFIX.length())));
                changed = true;
            } else {
                tags.add(tag);
            }
        }
        return changed ? id.replaceTags(tags) : id;
    }
}
