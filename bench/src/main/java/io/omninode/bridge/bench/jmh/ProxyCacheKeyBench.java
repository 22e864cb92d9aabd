package io.omninode.bridge.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.bench.SampleBodies;
import io.omninode.bridge.proxy.cache.CanonicalJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The proxy's per-request hashing (seed proxy request): the cache key (SHA-256 of service, tool
 * and canonical input), computed on every call, and the input hash the policy learns from.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProxyCacheKeyBench {

    private JsonNode input;
    private byte[] canonical;

    @Setup
    public void setUp() {
        input = SampleBodies.proxyInput();
        canonical = CanonicalJson.bytes(input);
    }

    @Benchmark
    public String cacheKey() {
        return CanonicalJson.cacheKey("omniagent", "code_analyzer", input);
    }

    @Benchmark
    public byte[] canonicalBytes() {
        return CanonicalJson.bytes(input);
    }

    @Benchmark
    public String inputHash() {
        return CanonicalJson.hash(canonical);
    }
}
