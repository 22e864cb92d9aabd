package io.omninode.bridge.bench.jmh;

import io.omninode.bridge.bench.ToolExecutionFeed;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.internal.execution.ToolExecutionDecoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The topology's first step per execution: decoding the envelope of {@code hooks.tool_execution}
 * into the typed record ({@code decode}), against what the parse-only baseline of
 * {@code bench/run topology} does with the same bytes ({@code readTree}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ToolExecutionDecodeBench {

    private List<byte[]> envelopes;
    private int next;

    @Setup
    public void setUp() {
        envelopes = ToolExecutionFeed.envelopes(1024, 20261126L);
    }

    private byte[] nextEnvelope() {
        byte[] value = envelopes.get(next);
        next = (next + 1) & 1023;
        return value;
    }

    @Benchmark
    public ToolExecution decode() {
        return ToolExecutionDecoder.decode("hooks.tool_execution", null, nextEnvelope());
    }

    @Benchmark
    public int readTree() throws IOException {
        return Json.MAPPER.readTree(nextEnvelope()).size();
    }
}
