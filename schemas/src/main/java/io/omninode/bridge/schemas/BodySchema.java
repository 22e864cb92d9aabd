package io.omninode.bridge.schemas;

/**
 * The JSON Schemas (draft 2020-12) under {@code schemas/} on the classpath, one per request body
 * kind and one for the envelope.
 */
public enum BodySchema {
    LIFECYCLE_HOOK("lifecycle-hook"),
    TOOL_EXECUTION_HOOK("tool-execution-hook"),
    TOOL_REGISTRATION_HOOK("tool-registration-hook"),
    ERROR_HOOK("error-hook"),
    BATCH("batch"),
    SERVICE_REGISTRATION("service-registration"),
    HEARTBEAT("heartbeat"),
    TOOL_REGISTRATION("tool-registration"),
    ENVELOPE("envelope");

    private final String fileName;

    BodySchema(String baseName) {
        this.fileName = baseName + ".schema.json";
    }

    /** Classpath resource of the schema, e.g. {@code schemas/lifecycle-hook.schema.json}. */
    public String resource() {
        return "schemas/" + fileName;
    }
}
