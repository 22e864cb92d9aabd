package io.omninode.bridge.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request bodies taken from the seed integration guide ({@code seed/service-integration-patterns.md}),
 * one JSON file per client request under {@code seed/} on the test classpath. Shipped in the
 * schemas test-jar so that every module tests against the same samples.
 *
 * <p>{@code error-hook.json} and {@code tool-discovered-hook.json} are written from DESIGN.md §5
 * (the seed has no client for them); {@code proxy-request.json} is the body of
 * {@code POST /proxy/tool/code_analyzer}, which has no {@link BodySchema}.
 */
public final class SeedSamples {

    public static final String REGISTRATION = "registration.json";
    public static final String HEARTBEAT = "heartbeat.json";
    public static final String TOOL_CODE_GENERATOR = "tool-code_generator.json";
    public static final String TOOL_CODE_ANALYZER = "tool-code_analyzer.json";
    public static final String LIFECYCLE_STARTED = "lifecycle-started.json";
    public static final String LIFECYCLE_STOPPED = "lifecycle-stopped.json";
    public static final String LIFECYCLE_HEALTH_CHANGED = "lifecycle-health-changed.json";
    public static final String TOOL_EXECUTION = "tool-execution.json";
    public static final String TOOL_EXECUTION_FAILED = "tool-execution-failed.json";
    public static final String PROXY_REQUEST = "proxy-request.json";
    public static final String ERROR_HOOK = "error-hook.json";
    public static final String TOOL_DISCOVERED_HOOK = "tool-discovered-hook.json";

    private static final Map<String, BodySchema> SCHEMA_BY_SAMPLE = schemaBySample0();
    private static final Map<String, ObjectNode> CACHE = new ConcurrentHashMap<>();

    private SeedSamples() {
    }

    /**
     * The sample {@code fileName} (e.g. {@code "registration.json"}) as a fresh deep copy, free to
     * modify.
     *
     * @throws IllegalArgumentException if there is no such sample or it is not a JSON object
     */
    public static ObjectNode load(String fileName) {
        return CACHE.computeIfAbsent(fileName, SeedSamples::read).deepCopy();
    }

    /** Every sample that has a body schema, with that schema, in a stable order. */
    public static Map<String, BodySchema> schemaBySample() {
        return SCHEMA_BY_SAMPLE;
    }

    private static ObjectNode read(String fileName) {
        String resource = "seed/" + fileName;
        try (InputStream in = SeedSamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no seed sample " + resource + " on the classpath");
            }
            JsonNode node = Json.MAPPER.readTree(in);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("seed sample " + resource + " is not a JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed sample " + resource, e);
        }
    }

    private static Map<String, BodySchema> schemaBySample0() {
        Map<String, BodySchema> map = new LinkedHashMap<>();
        map.put(REGISTRATION, BodySchema.SERVICE_REGISTRATION);
        map.put(HEARTBEAT, BodySchema.HEARTBEAT);
        map.put(TOOL_CODE_GENERATOR, BodySchema.TOOL_REGISTRATION);
        map.put(TOOL_CODE_ANALYZER, BodySchema.TOOL_REGISTRATION);
        map.put(LIFECYCLE_STARTED, BodySchema.LIFECYCLE_HOOK);
        map.put(LIFECYCLE_STOPPED, BodySchema.LIFECYCLE_HOOK);
        map.put(LIFECYCLE_HEALTH_CHANGED, BodySchema.LIFECYCLE_HOOK);
        map.put(TOOL_EXECUTION, BodySchema.TOOL_EXECUTION_HOOK);
        map.put(TOOL_EXECUTION_FAILED, BodySchema.TOOL_EXECUTION_HOOK);
        map.put(ERROR_HOOK, BodySchema.ERROR_HOOK);
        map.put(TOOL_DISCOVERED_HOOK, BodySchema.TOOL_REGISTRATION_HOOK);
        return Collections.unmodifiableMap(map);
    }
}
