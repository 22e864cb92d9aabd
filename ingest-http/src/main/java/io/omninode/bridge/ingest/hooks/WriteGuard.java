package io.omninode.bridge.ingest.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.auth.Role;
import io.omninode.bridge.schemas.BodySchema;
import io.omninode.bridge.schemas.SchemaValidator;
import io.omninode.bridge.schemas.Violation;
import java.util.List;

/** Schema validation and service-token scoping shared by every write route. */
public final class WriteGuard {

    private final SchemaValidator validator;

    public WriteGuard(SchemaValidator validator) {
        this.validator = validator;
    }

    /** The body as an object if it satisfies {@code schema}; otherwise 400 naming every offending field. */
    public ObjectNode validObject(BodySchema schema, JsonNode body) {
        List<Violation> violations = validator.validate(schema, body);
        if (!violations.isEmpty()) {
            throw ApiException.badRequest(summary(violations), violations);
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("$", "request body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    public List<Violation> violations(BodySchema schema, JsonNode body) {
        return validator.validate(schema, body);
    }

    /** 403 unless {@code principal} may write on behalf of {@code service}. */
    public static void requireScope(Principal principal, String service, String path) {
        if (principal.canWriteFor(service)) {
            return;
        }
        if (principal.role() == Role.SERVICE && service == null) {
            throw ApiException.forbidden(path, path.substring(2) + " is required when writing with a service token");
        }
        throw ApiException.forbidden(path, "principal '" + principal.name() + "' may not write for service '"
                + service + "'");
    }

    static String summary(List<Violation> violations) {
        Violation first = violations.get(0);
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return "invalid request body: " + first.path() + " " + first.message() + more;
    }
}
