package io.omninode.bridge.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Null-tolerant reads of envelope payload fields. */
public final class Fields {

    private Fields() {
    }

    /** The field as text, null when absent, null or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    public static Integer integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.canConvertToInt() && value.isIntegralNumber() ? value.intValue() : null;
    }

    public static Double number(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.doubleValue() : null;
    }

    /** An ISO-8601 instant, null when absent or not parseable. */
    public static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The text elements of an array field; empty when the field is not an array. */
    public static List<String> texts(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        List<String> texts = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(element -> {
                if (element.isValueNode() && !element.isNull()) {
                    texts.add(element.asText());
                }
            });
        }
        return texts;
    }
}
