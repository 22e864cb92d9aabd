package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.SeedSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Request bodies shaped like the seed's clients send them, pre-built so the generator stays cheap. */
public final class Workloads {

    private static final String[] TOOLS = {"code_generator", "code_analyzer", "test_runner", "doc_writer"};
    private static final String[] EXECUTORS = {"omniagent", "omnimcp", "omniplan"};

    private Workloads() {
    }

    /** {@code count} distinct tool-execution hooks (seed shape; varied tool, executor, duration, status). */
    public static List<byte[]> toolExecutions(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(ApiClient.bytes(toolExecution(random)));
        }
        return bodies;
    }

    static ObjectNode toolExecution(SplittableRandom random) {
        ObjectNode hook = SeedSamples.load("tool-execution.json");
        ObjectNode info = (ObjectNode) hook.get("execution_info");
        info.put("tool_name", TOOLS[random.nextInt(TOOLS.length)]);
        info.put("executor_service", EXECUTORS[random.nextInt(EXECUTORS.length)]);
        info.put("execution_id", new UUID(random.nextLong(), random.nextLong()).toString());
        double duration = 5 + random.nextDouble() * 200;
        ObjectNode timeline = (ObjectNode) hook.get("execution_timeline");
        timeline.put("total_duration_ms", duration).put("execution_time_ms", duration);
        if (random.nextInt(50) == 0) {
            ((ObjectNode) hook.get("execution_result")).put("status", "error").put("exit_code", 1)
                    .put("error", "TimeoutError: upstream did not answer");
        }
        return hook;
    }

    /** Batch bodies of {@code size} tool-execution items each. */
    public static List<byte[]> batches(int count, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            ArrayNode items = Json.MAPPER.createArrayNode();
            for (int i = 0; i < size; i++) {
                items.addObject().put("endpoint", "tool/execution").set("hook", toolExecution(random));
            }
            bodies.add(ApiClient.bytes(items));
        }
        return bodies;
    }

    /** Cycles through pre-built bodies as POSTs to {@code url}. */
    public static Supplier<LoadGenerator.Call> cycle(String url, List<byte[]> bodies) {
        AtomicInteger next = new AtomicInteger();
        return () -> LoadGenerator.Call.post(url, bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size())));
    }
}
