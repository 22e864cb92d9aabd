package io.omninode.bridge.ingest.hooks;

import io.omninode.bridge.schemas.BodySchema;
import java.util.Arrays;
import java.util.Optional;

/** The four hook endpoints: path under {@code /hooks/}, the body's schema. */
public enum HookKind {
    SERVICE_LIFECYCLE("service/lifecycle", BodySchema.LIFECYCLE_HOOK),
    TOOL_EXECUTION("tool/execution", BodySchema.TOOL_EXECUTION_HOOK),
    TOOL_REGISTRATION("tool/registration", BodySchema.TOOL_REGISTRATION_HOOK),
    ERROR("error", BodySchema.ERROR_HOOK);

    private final String endpoint;
    private final BodySchema schema;

    HookKind(String endpoint, BodySchema schema) {
        this.endpoint = endpoint;
        this.schema = schema;
    }

    /** The endpoint name as used in batch items, e.g. {@code service/lifecycle}. */
    public String endpoint() {
        return endpoint;
    }

    public String path() {
        return "/hooks/" + endpoint;
    }

    public BodySchema schema() {
        return schema;
    }

    public static Optional<HookKind> byEndpoint(String endpoint) {
        return Arrays.stream(values()).filter(k -> k.endpoint.equals(endpoint)).findFirst();
    }
}
