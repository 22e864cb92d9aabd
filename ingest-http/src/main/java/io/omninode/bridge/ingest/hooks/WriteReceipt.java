package io.omninode.bridge.ingest.hooks;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where an accepted event was stored: the {@code data} of a hook reply (DESIGN.md §5).
 *
 * @param hookId    the envelope's {@code event_id}
 * @param eventType the envelope's {@code event_type}
 * @param topic     the topic written to
 * @param partition the partition the broker acknowledged
 * @param offset    the offset the broker acknowledged
 */
public record WriteReceipt(
        @JsonProperty("hook_id") String hookId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset) {
}
