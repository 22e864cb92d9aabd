package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One validator shared by the schema tests, and shortcuts over it. */
final class Validation {

    static final SchemaValidator VALIDATOR = SchemaValidator.load();

    private Validation() {
    }

    static List<Violation> violations(BodySchema schema, JsonNode document) {
        return VALIDATOR.validate(schema, document);
    }

    static List<String> paths(BodySchema schema, JsonNode document) {
        return violations(schema, document).stream().map(Violation::path).toList();
    }

    /** The one message reported at {@code path}; fails if there is not exactly one. */
    static String messageAt(BodySchema schema, JsonNode document, String path) {
        List<String> messages = violations(schema, document).stream()
                .filter(v -> v.path().equals(path)).map(Violation::message).toList();
        if (messages.size() != 1) {
            throw new AssertionError("expected one violation at " + path + " but got " + violations(schema, document));
        }
        return messages.get(0);
    }
}
