package io.omninode.bridge.topology.internal;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The Kafka record headers that repeat an envelope's {@code event_type} and
 * {@code correlation_id} (DESIGN.md §4), for records the topology writes. As a processor it
 * replaces whatever headers the input record carried.
 */
public final class EnvelopeHeaders implements FixedKeyProcessor<String, Envelope, Envelope> {

    private FixedKeyProcessorContext<String, Envelope> context;

    public static Headers of(Envelope envelope) {
        Headers headers = new RecordHeaders();
        headers.add(EventTypes.HEADER_EVENT_TYPE, envelope.eventType().getBytes(StandardCharsets.UTF_8));
        if (envelope.correlationId() != null) {
            headers.add(EventTypes.HEADER_CORRELATION_ID, envelope.correlationId().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Envelope> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Envelope> record) {
        context.forward(record.value() == null ? record : record.withHeaders(of(record.value())));
    }
}
