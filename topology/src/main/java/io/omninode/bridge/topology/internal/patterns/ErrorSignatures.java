package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.internal.Fields;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
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

    /** A failed tool execution's {@code execution_result.error}, keyed by its signature; none otherwise. */
    static List<KeyValue<String, ErrorOccurrence>> of(ToolExecution execution) {
        if (execution == null || execution.success()) {
            return List.of();
        }
        return keyed("tool:" + execution.tool(), execution.error());
    }

    /** An {@code error.service.critical} hook's {@code error_details.message}, keyed by its signature; none otherwise. */
    static List<KeyValue<String, ErrorOccurrence>> of(Envelope event) {
        if (event == null || !EventTypes.ERROR_SERVICE_CRITICAL.equals(event.eventType())) {
            return List.of();
        }
        return keyed("service:" + Fields.text(event.payload().path("error_info"), "service_name"),
                Fields.text(event.payload().path("error_details"), "message"));
    }

    private static List<KeyValue<String, ErrorOccurrence>> keyed(String origin, String message) {
        if (message == null) {
            return List.of();
        }
        String signature = normalize(message);
        return signature.isEmpty() ? List.of() : List.of(KeyValue.pair(signature, new ErrorOccurrence(origin, message)));
    }
}
