package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the validator's messages into {@link Violation}s whose message is phrased from the
 * schema itself: a failing {@code type}, {@code pattern}, bound or {@code enum} is reported as
 * "must be " plus a description of the whole field ("an integer between 1 and 65535"), so the
 * client learns every constraint at once. A string field with a {@code pattern} is described by
 * its schema's {@code description}, which is written as a noun phrase for that reason.
 */
final class ViolationTranslator {

    private final JsonNode schemaRoot;

    ViolationTranslator(JsonNode schemaRoot) {
        this.schemaRoot = schemaRoot;
    }

    Violation translate(ValidationMessage message) {
        JsonNodePath keywordPath = message.getSchemaLocation().getFragment();
        String keyword = message.getType();
        if ("required".equals(keyword)) {
            return new Violation(JsonPaths.of(message.getInstanceLocation(), message.getProperty()),
                    requiredMessage(keywordPath));
        }
        JsonNode owner = keywordPath == null ? null : resolve(keywordPath.getParent());
        String text = owner == null ? message.getError() : phrase(keyword, owner, message);
        return new Violation(JsonPaths.of(message.getInstanceLocation()), text);
    }

    private String phrase(String keyword, JsonNode schema, ValidationMessage message) {
        return switch (keyword) {
            case "type", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                    "minLength", "maxLength" -> "must be " + Describe.field(schema);
            case "maxItems" -> "must have at most " + count(schema.path("maxItems").asLong(), "item");
            case "minItems" -> "must have at least " + count(schema.path("minItems").asLong(), "item");
            case "maxProperties" -> "must have at most " + count(schema.path("maxProperties").asLong(), "property");
            case "minProperties" -> "must have at least " + count(schema.path("minProperties").asLong(), "property");
            default -> message.getError();
        };
    }

    /** "is required", or for a {@code then} branch the condition of its {@code if}. */
    private String requiredMessage(JsonNodePath keywordPath) {
        JsonNodePath owner = keywordPath == null ? null : keywordPath.getParent();
        if (owner == null || owner.getNameCount() == 0 || !"then".equals(owner.getElement(owner.getNameCount() - 1))) {
            return "is required";
        }
        JsonNode condition = resolve(owner.getParent()).path("if");
        List<String> whens = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : condition.path("properties").properties()) {
            if (property.getValue().has("const")) {
                whens.add(property.getKey() + " is " + Describe.literal(property.getValue().get("const")));
            }
        }
        List<String> alternatives = new ArrayList<>();
        condition.path("not").path("required").forEach(name -> alternatives.add(name.asText()));
        StringBuilder text = new StringBuilder("is required");
        if (!whens.isEmpty()) {
            text.append(" when ").append(String.join(" and ", whens));
        }
        if (!alternatives.isEmpty()) {
            text.append(whens.isEmpty() ? " unless " : ", unless ")
                    .append(Describe.alternatives(alternatives, "or")).append(" is given");
        }
        return text.toString();
    }

    private JsonNode resolve(JsonNodePath path) {
        JsonNode node = schemaRoot;
        for (int i = 0; path != null && i < path.getNameCount() && node != null; i++) {
            Object element = path.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        return node;
    }

    private static String count(long n, String noun) {
        String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return n + " " + (n == 1 ? noun : plural);
    }
}
