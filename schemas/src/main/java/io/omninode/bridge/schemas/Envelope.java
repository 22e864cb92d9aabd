package io.omninode.bridge.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The event envelope of DESIGN.md §4: every value on {@code hooks.*}, {@code registry.*} and
 * {@code intelligence.*}. Consumers dispatch on {@link #eventType()} and read {@link #payload()}.
 *
 * @param eventId       random UUID, unique per event
 * @param eventType     one of {@link EventTypes}
 * @param eventVersion  schema version of the payload, currently {@value #VERSION}
 * @param timestamp     when the bridge accepted (or derived) the event, millisecond precision
 * @param source        the service the event is about
 * @param correlationId from {@code X-Correlation-ID}, generated when absent
 * @param requestId     from {@code X-Request-ID}, generated when absent
 * @param payload       the normalised body; unknown fields of the request are kept
 */
public record Envelope(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("event_version") String eventVersion,
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("source") Source source,
        @JsonProperty("correlation_id") String correlationId,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("payload") ObjectNode payload) {

    public static final String VERSION = "1.0";

    public Envelope {
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(eventType, "event_type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(payload, "payload");
    }

    /** A new envelope with a fresh event id and the current time, truncated to milliseconds. */
    public static Envelope create(String eventType, Source source, String correlationId,
                                  String requestId, ObjectNode payload) {
        return new Envelope(Ids.random(), eventType, VERSION,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), source, correlationId, requestId, payload);
    }
}
