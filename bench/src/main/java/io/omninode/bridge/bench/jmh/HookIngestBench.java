package io.omninode.bridge.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.bench.SampleBodies;
import io.omninode.bridge.ingest.hooks.HookKind;
import io.omninode.bridge.ingest.hooks.HookNormalizer;
import io.omninode.bridge.ingest.hooks.NormalizedEvent;
import io.omninode.bridge.schemas.BodySchema;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.SchemaValidator;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.Violation;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code POST /hooks/tool/execution} does per hook before the producer: parse the body,
 * validate it against its JSON schema, normalise it into an envelope and serialize that with the
 * topic's serde (the seed's tool-execution sample).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HookIngestBench {

    private SchemaValidator validator;
    private HookNormalizer normalizer;
    private Serializer<Envelope> serializer;
    private String topic;
    private byte[] bodyBytes;
    private ObjectNode body;
    private Envelope envelope;

    @Setup
    public void setUp() throws IOException {
        validator = SchemaValidator.load();
        Topics topics = Topics.defaults();
        normalizer = new HookNormalizer(topics);
        serializer = topics.toolExecution.valueSerde().serializer();
        topic = topics.toolExecution.name();
        body = SampleBodies.toolExecution();
        bodyBytes = Json.MAPPER.writeValueAsBytes(body);
        envelope = normalizer.normalize(HookKind.TOOL_EXECUTION, body.deepCopy(), "corr", "req").envelope();
    }

    @Benchmark
    public JsonNode parseBody() throws IOException {
        return Json.MAPPER.readTree(bodyBytes);
    }

    @Benchmark
    public List<Violation> validateBody() {
        return validator.validate(BodySchema.TOOL_EXECUTION_HOOK, body);
    }

    @Benchmark
    public byte[] serializeEnvelope() {
        return serializer.serialize(topic, envelope);
    }

    /** Parse, validate, normalise and serialize: the CPU work of one accepted hook. */
    @Benchmark
    public byte[] acceptHook() throws IOException {
        JsonNode parsed = Json.MAPPER.readTree(bodyBytes);
        if (!validator.validate(BodySchema.TOOL_EXECUTION_HOOK, parsed).isEmpty()) {
            throw new IllegalStateException("the seed sample no longer validates");
        }
        NormalizedEvent event = normalizer.normalize(HookKind.TOOL_EXECUTION, (ObjectNode) parsed, "corr", "req");
        return serializer.serialize(topic, event.envelope());
    }
}
