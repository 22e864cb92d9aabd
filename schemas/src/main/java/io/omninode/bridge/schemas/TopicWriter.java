package io.omninode.bridge.schemas;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes records to the catalog's topics and says when the broker has them: what the modules that
 * write (ingest, the proxy's capture and cache) need of the producer, without depending on the one
 * that owns it. A failed future carries the error the HTTP caller should get.
 */
public interface TopicWriter {

    /** Sends {@code value} (null = tombstone) to {@code topic} under {@code key} with the topic's serde. */
    <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value, Headers headers);

    /**
     * Sends {@code envelope} with its event type and correlation id repeated as record headers
     * ({@link EventTypes#HEADER_EVENT_TYPE}, {@link EventTypes#HEADER_CORRELATION_ID}).
     */
    default CompletableFuture<RecordMetadata> publish(Topic<String, Envelope> topic, String key, Envelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventTypes.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
        if (envelope.correlationId() != null) {
            headers.add(EventTypes.HEADER_CORRELATION_ID, envelope.correlationId().getBytes(StandardCharsets.UTF_8));
        }
        return send(topic, key, envelope, headers);
    }
}
