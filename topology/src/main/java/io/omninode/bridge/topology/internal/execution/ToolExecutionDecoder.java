package io.omninode.bridge.topology.internal.execution;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Decodes the JSON envelope of {@code hooks.tool_execution} straight into a {@link ToolExecution}
 * with one streaming pass (fields the derivations do not read are skipped, not built into a tree).
 * Another event type decodes to null (no derivation reads it); an execution without
 * {@code tool_name} keeps a null tool, which the topology replaces by the record key; malformed JSON throws, which sends
 * the record to {@code bridge.dlq}. Field semantics are those of the envelope readers elsewhere:
 * texts are trimmed of nothing, blank texts and containers count as absent, numbers must be JSON
 * numbers.
 */
public final class ToolExecutionDecoder implements Deserializer<ToolExecution> {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /** The source serde of {@code hooks.tool_execution} in the topology: it reads, never writes. */
    public static Serde<ToolExecution> sourceSerde() {
        return Serdes.serdeFrom((topic, value) -> {
            throw new UnsupportedOperationException("tool executions are written as envelopes, not as "
                    + ToolExecution.class.getSimpleName());
        }, new ToolExecutionDecoder());
    }

    @Override
    public ToolExecution deserialize(String topic, byte[] data) {
        return data == null ? null : decode(topic, null, data);
    }

    @Override
    public ToolExecution deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    /** The execution of {@code data}, with {@code key} as tool name when the payload names none. */
    public static ToolExecution decode(String topic, String key, byte[] data) {
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SerializationException("not a JSON object in " + topic);
            }
            Fields f = new Fields();
            String eventType = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("event_type".equals(name)) {
                    eventType = text(p, value);
                } else if ("payload".equals(name) && value == JsonToken.START_OBJECT) {
                    payload(p, f);
                } else {
                    p.skipChildren();
                }
            }
            if (!EventTypes.TOOL_EXECUTION_COMPLETED.equals(eventType)) {
                return null;
            }
            String tool = f.tool != null ? f.tool : key;
            return new ToolExecution(tool, f.executor, f.session, f.status, f.error, f.duration, f.queue,
                    f.inputHash, f.outputHash, f.cacheHit);
        } catch (IOException e) {
            throw new SerializationException("cannot read a tool execution from " + topic + ": " + e.getMessage(), e);
        }
    }

    private static final class Fields {
        String tool;
        String executor;
        String session;
        String status;
        String error;
        double duration;
        double queue;
        String inputHash;
        String outputHash;
        boolean cacheHit;
    }

    private static void payload(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "execution_info" -> executionInfo(p, f);
                case "execution_result" -> object(p, (field, token) -> {
                    if ("status".equals(field)) {
                        f.status = text(p, token);
                    } else if ("error".equals(field)) {
                        f.error = text(p, token);
                    } else {
                        p.skipChildren();
                    }
                });
                case "execution_timeline" -> object(p, (field, token) -> {
                    if ("total_duration_ms".equals(field)) {
                        f.duration = nonNegative(p, token);
                    } else if ("queue_time_ms".equals(field)) {
                        f.queue = nonNegative(p, token);
                    } else {
                        p.skipChildren();
                    }
                });
                case "input_analysis" -> object(p, (field, token) -> {
                    if ("input_hash".equals(field)) {
                        f.inputHash = text(p, token);
                    } else {
                        p.skipChildren();
                    }
                });
                case "proxy" -> object(p, (field, token) -> {
                    if ("output_hash".equals(field)) {
                        f.outputHash = text(p, token);
                    } else if ("cache_hit".equals(field)) {
                        f.cacheHit = truthy(p, token);
                    } else {
                        p.skipChildren();
                    }
                });
                default -> p.skipChildren();
            }
        }
    }

    private static void executionInfo(JsonParser p, Fields f) throws IOException {
        object(p, (field, token) -> {
            switch (field) {
                case "tool_name" -> f.tool = text(p, token);
                case "executor_service" -> f.executor = text(p, token);
                case "execution_context" -> {
                    if (token == JsonToken.START_OBJECT) {
                        object(p, (inner, innerToken) -> {
                            if ("session_id".equals(inner)) {
                                f.session = text(p, innerToken);
                            } else {
                                p.skipChildren();
                            }
                        });
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        });
    }

    @FunctionalInterface
    private interface FieldHandler {
        void field(String name, JsonToken value) throws IOException;
    }

    /** Calls {@code handler} for each field of the object the parser is at the start of; it must consume the value. */
    private static void object(JsonParser p, FieldHandler handler) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            handler.field(name, value);
        }
    }

    /** A scalar as text; null for null, blank text and containers (which are skipped). */
    private static String text(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        String text = p.getValueAsString();
        return text == null || text.isBlank() ? null : text;
    }

    private static double nonNegative(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = p.getDoubleValue();
            return Double.isFinite(value) && value > 0 ? value : 0;
        }
        p.skipChildren();
        return 0;
    }

    private static boolean truthy(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> true;
            case VALUE_STRING -> "true".equalsIgnoreCase(p.getText().trim());
            case VALUE_NUMBER_INT -> p.getLongValue() != 0;
            default -> {
                p.skipChildren();
                yield false;
            }
        };
    }
}
