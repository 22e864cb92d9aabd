package io.omninode.bridge.schemas;

import static io.omninode.bridge.schemas.JsonEdits.remove;
import static io.omninode.bridge.schemas.JsonEdits.set;
import static io.omninode.bridge.schemas.Validation.paths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class EnvelopeSchemaTest {

    private static final BodySchema SCHEMA = BodySchema.ENVELOPE;

    private static ObjectNode serialized(Envelope envelope) throws IOException {
        return (ObjectNode) Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(envelope));
    }

    private static Envelope lifecycleEnvelope(Source source) {
        return Envelope.create(EventTypes.SERVICE_STARTED, source, "corr-1", "req-1",
                SeedSamples.load(SeedSamples.LIFECYCLE_STARTED));
    }

    @Test
    void shouldAcceptAnEnvelopeCreatedAndSerializedByTheBridge() throws IOException {
        // Given
        Envelope envelope = lifecycleEnvelope(new Source("omniagent", "omniagent-host1-42", "1.2.3"));

        // When
        ObjectNode json = serialized(envelope);

        // Then
        assertThat(paths(SCHEMA, json)).isEmpty();
        assertThat(json.path("timestamp").asText()).endsWith("Z");
    }

    @Test
    void shouldAcceptAnEnvelopeWithoutInstanceOrVersion() throws IOException {
        // Given
        Envelope envelope = lifecycleEnvelope(new Source("omniagent", null, null));

        // When
        ObjectNode json = serialized(envelope);

        // Then
        assertThat(json.path("source").has("instance_id")).isTrue();
        assertThat(paths(SCHEMA, json)).isEmpty();
    }

    @Test
    void shouldRequireEveryEnvelopeField() throws IOException {
        // Given
        ObjectNode json = serialized(lifecycleEnvelope(new Source("omniagent", null, null)));
        for (String field : new String[] {"event_id", "event_type", "event_version", "timestamp", "correlation_id",
                "request_id", "payload"}) {
            json.remove(field);
        }
        remove(json, "/source/instance_id");

        // Then
        assertThat(paths(SCHEMA, json)).containsExactly("$.correlation_id", "$.event_id", "$.event_type",
                "$.event_version", "$.payload", "$.request_id", "$.source.instance_id", "$.timestamp");
    }

    @Test
    void shouldRefuseMalformedEnvelopeFields() throws IOException {
        // Given
        ObjectNode json = serialized(lifecycleEnvelope(new Source("omniagent", "omniagent-host1-42", "1.2.3")));
        set(json, "/event_type", "ServiceStarted");
        set(json, "/timestamp", 1764152130123L);
        set(json, "/source/service_name", null);
        set(json, "/payload", "{}");

        // Then
        assertThat(paths(SCHEMA, json))
                .containsExactly("$.event_type", "$.payload", "$.source.service_name", "$.timestamp");
    }

    @Test
    void shouldAcceptEveryEventTypeTheBridgeWrites() throws Exception {
        for (var field : EventTypes.class.getFields()) {
            if (!field.getName().startsWith("HEADER_")) {
                // Given
                JsonNode json = set(serialized(lifecycleEnvelope(new Source("omniagent", null, null))),
                        "/event_type", field.get(null));

                // Then
                assertThat(paths(SCHEMA, json)).as(field.getName()).isEmpty();
            }
        }
    }
}
