package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.omninode.bridge.schemas.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Request bodies shaped like the seed's clients send them, pre-built so the generator stays cheap. */
public final class Workloads {

    private Workloads() {
    }

    /** {@code count} distinct tool-execution hooks, shaped as the topology benchmark's {@link ToolExecutionFeed}. */
    public static List<byte[]> toolExecutions(int count, long seed) {
        ToolExecutionFeed feed = new ToolExecutionFeed(seed);
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(ApiClient.bytes(feed.next()));
        }
        return bodies;
    }

    /** Batch bodies of {@code size} tool-execution items each. */
    public static List<byte[]> batches(int count, int size, long seed) {
        ToolExecutionFeed feed = new ToolExecutionFeed(seed);
        List<byte[]> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            ArrayNode items = Json.MAPPER.createArrayNode();
            for (int i = 0; i < size; i++) {
                items.addObject().put("endpoint", "tool/execution").set("hook", feed.next());
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
