package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.internal.Fields;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;

/**
 * Normalized error signatures: lower case; quoted strings → {@code <str>}, UUIDs → {@code <uuid>},
 * hex numbers ({@code 0x…} or ≥ 8 hex digits) → {@code <hex>}, other digit runs → {@code <n>};
 * whitespace collapsed; at most {@value #MAX_LENGTH} characters.
 */
final class ErrorSignatures {

    static final int MAX_LENGTH = 200;
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|`[^`]*`");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
    private static final Pattern HEX = Pattern.compile("\\b0x[0-9a-f]+\\b|\\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\\b");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ErrorSignatures() {
    }

    static String normalize(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        text = QUOTED.matcher(text).replaceAll("<str>");
        text = UUID.matcher(text).replaceAll("<uuid>");
        text = HEX.matcher(text).replaceAll("<hex>");
        text = DIGITS.matcher(text).replaceAll("<n>");
        text = SPACES.matcher(text).replaceAll(" ").trim();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
    }

    /**
     * A failed tool execution ({@code execution_result.error}) or an {@code error.service.critical}
     * hook ({@code error_details.message}) keyed by its signature, slimmed to {@code origin}
     * ({@code tool:<name>} / {@code service:<name>}) and {@code message}; none otherwise.
     */
    static List<KeyValue<String, Envelope>> bySignature(Envelope event) {
        if (event == null) {
            return List.of();
        }
        String origin;
        String message;
        if (EventTypes.TOOL_EXECUTION_COMPLETED.equals(event.eventType())) {
            JsonNode result = event.payload().path("execution_result");
            if ("success".equals(Fields.text(result, "status"))) {
                return List.of();
            }
            origin = "tool:" + Fields.text(event.payload().path("execution_info"), "tool_name");
            message = Fields.text(result, "error");
        } else if (EventTypes.ERROR_SERVICE_CRITICAL.equals(event.eventType())) {
            origin = "service:" + Fields.text(event.payload().path("error_info"), "service_name");
            message = Fields.text(event.payload().path("error_details"), "message");
        } else {
            return List.of();
        }
        if (message == null) {
            return List.of();
        }
        String signature = normalize(message);
        if (signature.isEmpty()) {
            return List.of();
        }
        ObjectNode slim = JsonNodeFactory.instance.objectNode().put("origin", origin).put("message", message);
        return List.of(KeyValue.pair(signature, new Envelope(event.eventId(), event.eventType(), event.eventVersion(),
                event.timestamp(), event.source(), event.correlationId(), event.requestId(), slim)));
    }
}
