package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed integration guide's request samples (the ones the tests check against the schemas), read
 * from the repository's {@code schemas/src/test/resources/seed/} so the benchmarks send exactly those
 * shapes without compiling against a test jar. Benchmarks run from the repository root
 * ({@code bench/run} changes to it).
 */
public final class SampleBodies {

    /** Where the samples are, relative to the repository root. */
    static final Path SEED = Path.of("schemas", "src", "test", "resources", "seed");

    private SampleBodies() {
    }

    /** {@code BridgeServiceRegistration}'s body; callers set the service, instance, host and port. */
    public static ObjectNode registration() {
        return load("registration.json");
    }

    /** A heartbeat ({@code PUT /registry/services/{registration_id}}). */
    public static ObjectNode heartbeat() {
        return load("heartbeat.json");
    }

    /** The {@code input_data} of the seed's {@code BridgeProxyClient} call. */
    public static JsonNode proxyInput() {
        return load("proxy-request.json").get("input_data");
    }

    /** A successful {@code tool_executed} hook of {@code ToolExecutionHookSender}. */
    public static ObjectNode toolExecution() {
        return load("tool-execution.json");
    }

    /** A failed {@code tool_executed} hook. */
    public static ObjectNode failedToolExecution() {
        return load("tool-execution-failed.json");
    }

    private static ObjectNode load(String name) {
        Path file = SEED.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + " here: run the benchmarks from the repository root "
                    + "(bench/run does)");
        }
        try {
            return (ObjectNode) Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }
}
