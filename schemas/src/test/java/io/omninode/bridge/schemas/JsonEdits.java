package io.omninode.bridge.schemas;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Edits of test documents addressed by JSON pointer, e.g. {@code set(doc, "/service_info/port", 0)}. */
final class JsonEdits {

    private JsonEdits() {
    }

    /** Sets (or replaces) the field or array element at {@code pointer}; parents must exist. */
    static <T extends JsonNode> T set(T document, String pointer, Object value) {
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = document.at(path.head());
        JsonNode node = Json.MAPPER.valueToTree(value);
        if (parent instanceof ArrayNode array) {
            array.set(path.last().getMatchingIndex(), node);
        } else {
            ((ObjectNode) parent).set(path.last().getMatchingProperty(), node);
        }
        return document;
    }

    /** Removes the field at {@code pointer}. */
    static <T extends JsonNode> T remove(T document, String pointer) {
        JsonPointer path = JsonPointer.compile(pointer);
        ((ObjectNode) document.at(path.head())).remove(path.last().getMatchingProperty());
        return document;
    }
}
