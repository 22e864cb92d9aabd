package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Noun phrases for schema fields: "an integer between 1 and 65535", "one of a, b or c". */
final class Describe {

    private Describe() {
    }

    /** What a value of {@code schema} must be, to follow "must be ". */
    static String field(JsonNode schema) {
        if (schema.has("const")) {
            return literal(schema.get("const"));
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(value -> values.add(literal(value)));
            return "one of " + String.join(", ", values);
        }
        List<String> types = types(schema);
        boolean nullable = types.remove("null");
        List<String> nouns = new ArrayList<>();
        if (schema.has("pattern") && schema.hasNonNull("description")) {
            nouns.add(schema.get("description").asText());
        } else {
            types.forEach(type -> nouns.add(noun(type, schema)));
        }
        if (nouns.isEmpty()) {
            nouns.add("a value matching its schema");
        }
        if (nullable) {
            nouns.add("null");
        }
        return alternatives(nouns, "or");
    }

    /** A value as a client would type it: strings without quotes. */
    static String literal(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** "a", "a or b", "a, b or c". */
    static String alternatives(List<String> items, String conjunction) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " " + items.get(items.size() - 1);
    }

    private static List<String> types(JsonNode schema) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static String noun(String type, JsonNode schema) {
        return switch (type) {
            case "integer" -> number("an integer", schema);
            case "number" -> number("a number", schema);
            case "string" -> string(schema);
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "an array";
            default -> type;
        };
    }

    private static String number(String noun, JsonNode schema) {
        String min = bound(schema, "minimum");
        String max = bound(schema, "maximum");
        String exclusiveMin = bound(schema, "exclusiveMinimum");
        String exclusiveMax = bound(schema, "exclusiveMaximum");
        if (min != null && max != null) {
            return noun + " between " + min + " and " + max;
        }
        List<String> limits = new ArrayList<>();
        if (min != null) {
            limits.add("at least " + min);
        }
        if (exclusiveMin != null) {
            limits.add("greater than " + exclusiveMin);
        }
        if (max != null) {
            limits.add("at most " + max);
        }
        if (exclusiveMax != null) {
            limits.add("less than " + exclusiveMax);
        }
        if (limits.isEmpty()) {
            return noun;
        }
        return noun + (limits.get(0).startsWith("at") ? " of " : " ") + String.join(" and ", limits);
    }

    private static String string(JsonNode schema) {
        String min = bound(schema, "minLength");
        String max = bound(schema, "maxLength");
        String text;
        if (min != null && max != null) {
            text = "a string of " + min + " to " + max + " characters";
        } else if (max != null) {
            text = "a string of at most " + max + " characters";
        } else if ("1".equals(min)) {
            text = "a non-empty string";
        } else if (min != null) {
            text = "a string of at least " + min + " characters";
        } else {
            text = "a string";
        }
        return schema.has("pattern") ? text + " matching " + schema.get("pattern").asText() : text;
    }

    private static String bound(JsonNode schema, String keyword) {
        JsonNode value = schema.get(keyword);
        return value != null && value.isNumber() ? value.asText() : null;
    }
}
