package io.omninode.bridge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.ingest.hooks.HookKind;
import io.omninode.bridge.ingest.hooks.HookNormalizer;
import io.omninode.bridge.ingest.hooks.NormalizedEvent;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Realistic {@code tool_executed} hooks for the topology benchmark, written to
 * {@code hooks.tool_execution} exactly as the ingest path writes them: the seed's sample body
 * varied per event, normalised by {@link HookNormalizer} and sent by {@link EventPublisher}
 * (same envelope bytes, key and headers as {@code POST /hooks/tool/execution}).
 *
 * <p>Eight tools with skewed popularity, two executors each out of five services, error rates
 * from 1 % to 12 % per tool (a few recurring messages with varying numbers), log-normal durations
 * around a per-tool median, and a session id on two executions out of three. Seeded, so two runs
 * write the same workload (event ids and timestamps aside).
 */
public final class ToolExecutionFeed {

    private static final String[] TOOLS = {"code_generator", "code_analyzer", "test_runner", "doc_writer",
        "dependency_scanner", "refactor_assistant", "log_summarizer", "schema_migrator"};
    private static final double[] MEDIAN_MS = {850, 40, 2_400, 600, 300, 1_200, 90, 5_000};
    private static final double[] ERROR_RATE = {0.02, 0.05, 0.12, 0.01, 0.03, 0.04, 0.02, 0.08};
    /** Share (%) of the executions per tool. */
    private static final int[] POPULARITY = {30, 22, 15, 11, 8, 6, 5, 3};
    private static final String[] EXECUTORS = {"omniagent", "omnimcp", "omnibuild", "omnidocs", "omnisearch"};
    private static final String[] REQUESTERS = {"omniplan", "omnichat", "omnireview"};
    private static final String[] ERRORS = {"timeout after %d ms waiting for %s", "unsupported language: cobol",
        "rate limit exceeded (429), retry in %d s", "connection reset by peer %s:%d"};
    private static final int SESSIONS = 5_000;
    /** Sends awaiting their acknowledgement; bounds the producer's buffer use. */
    private static final int MAX_IN_FLIGHT = 20_000;

    private final Random random;
    private final ObjectNode success = SampleBodies.toolExecution();
    private final ObjectNode failure = SampleBodies.failedToolExecution();

    ToolExecutionFeed(long seed) {
        this.random = new Random(seed);
    }

    /** Writes {@code events} executions to {@code topics.toolExecution} and returns once all are acknowledged. */
    static void prefill(String bootstrapServers, Topics topics, int events, long seed) throws InterruptedException {
        ToolExecutionFeed feed = new ToolExecutionFeed(seed);
        HookNormalizer normalizer = new HookNormalizer(topics);
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (EventPublisher publisher = EventPublisher.create(bootstrapServers, "bench-topology-prefill")) {
            for (int i = 0; i < events && failed.get() == null; i++) {
                NormalizedEvent event = normalizer.normalize(HookKind.TOOL_EXECUTION, feed.next(),
                        feed.uuid(), feed.uuid());
                inFlight.acquire();
                publisher.publish(event.topic(), event.key(), event.envelope()).whenComplete((metadata, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(MAX_IN_FLIGHT);
        }
        if (failed.get() != null) {
            throw new IllegalStateException("pre-filling " + topics.toolExecution.name() + " failed", failed.get());
        }
    }

    /** {@code count} executions as the bridge writes them to {@code hooks.tool_execution}: serialized envelopes. */
    public static List<byte[]> envelopes(int count, long seed) {
        Topics topics = Topics.defaults();
        ToolExecutionFeed feed = new ToolExecutionFeed(seed);
        HookNormalizer normalizer = new HookNormalizer(topics);
        List<byte[]> out = new ArrayList<>(count);
        try (Serializer<Envelope> serializer = topics.toolExecution.valueSerde().serializer()) {
            for (int i = 0; i < count; i++) {
                NormalizedEvent event = normalizer.normalize(HookKind.TOOL_EXECUTION, feed.next(), feed.uuid(), feed.uuid());
                out.add(serializer.serialize(topics.toolExecution.name(), event.envelope()));
            }
        }
        return out;
    }

    /** The next hook body. */
    ObjectNode next() {
        int tool = tool();
        boolean ok = random.nextDouble() >= ERROR_RATE[tool];
        ObjectNode body = (ok ? success : failure).deepCopy();
        ObjectNode info = (ObjectNode) body.get("execution_info");
        info.put("tool_name", TOOLS[tool]);
        info.put("tool_version", "2." + tool + ".0");
        info.put("execution_id", uuid());
        info.put("requester_service", REQUESTERS[random.nextInt(REQUESTERS.length)]);
        info.put("executor_service", EXECUTORS[(tool + random.nextInt(2)) % EXECUTORS.length]);
        ObjectNode context = (ObjectNode) info.get("execution_context");
        if (random.nextInt(3) < 2) {
            int session = random.nextInt(SESSIONS);
            context.put("session_id", "sess-" + session);
            context.put("user_id", "user-" + session % 700);
        } else {
            context.putNull("session_id");
        }
        double queue = random.nextDouble() < 0.7 ? 0 : -Math.log(1 - random.nextDouble()) * 25;
        double duration = MEDIAN_MS[tool] * Math.exp(0.6 * random.nextGaussian()) + queue;
        ObjectNode timeline = (ObjectNode) body.get("execution_timeline");
        timeline.put("total_duration_ms", duration);
        timeline.put("queue_time_ms", queue);
        timeline.put("execution_time_ms", duration - queue);
        if (!ok) {
            ObjectNode result = (ObjectNode) body.get("execution_result");
            result.put("error", errorMessage(tool));
        }
        return body;
    }

    private int tool() {
        int draw = random.nextInt(100);
        int tool = 0;
        while (draw >= POPULARITY[tool]) {
            draw -= POPULARITY[tool++];
        }
        return tool;
    }

    private String errorMessage(int tool) {
        String template = ERRORS[(tool + random.nextInt(2)) % ERRORS.length];
        return String.format(Locale.ROOT, template.replace("%s", "%2$s"), 1000 * (1 + random.nextInt(60)),
                EXECUTORS[tool % EXECUTORS.length]);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
