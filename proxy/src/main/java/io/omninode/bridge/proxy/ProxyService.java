package io.omninode.bridge.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.RequestMeta;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.proxy.cache.CacheSettings;
import io.omninode.bridge.proxy.cache.CanonicalJson;
import io.omninode.bridge.proxy.cache.ResultCache;
import io.omninode.bridge.proxy.cache.ToolCachePolicy;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Ids;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.TopicWriter;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ToolCapture: executes a tool on a healthy instance of the target service (DESIGN.md §5 "Proxy")
 * — power-of-two-choices routing, the request's timeout (→ 504), retries per policy on another
 * instance, per-instance circuit breakers — and captures every execution as a
 * {@code tool.execution.completed} event on {@code hooks.tool_execution}.
 */
public final class ProxyService {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyService.class);
    private static final int MAX_ATTEMPTS = 2;
    private static final int EXCERPT = 500;

    private final InstanceDirectory directory;
    private final LoadBalancer balancer;
    private final AddressPolicy addresses;
    private final ToolCaller caller;
    private final TopicWriter publisher;
    private final Topics topics;
    private final ResultCache cache;
    private final ProxyMetrics metrics;

    public ProxyService(InstanceDirectory directory, LoadBalancer balancer, AddressPolicy addresses, ToolCaller caller,
                        TopicWriter publisher, Topics topics, ResultCache cache, ProxyMetrics metrics) {
        this.directory = directory;
        this.balancer = balancer;
        this.addresses = addresses;
        this.caller = caller;
        this.publisher = publisher;
        this.topics = topics;
        this.cache = cache;
        this.metrics = metrics;
    }

    private record Attempted(ToolCaller.Result result, TargetInstance instance, int attempts) {
    }

    public CompletableFuture<ObjectNode> execute(Principal principal, ProxyRequest request, RequestMeta meta) {
        long start = System.nanoTime();
        CompletableFuture<ObjectNode> answer;
        try {
            answer = call(principal, request, meta);
        } catch (RuntimeException e) {
            metrics.call(ProxyMetrics.Outcome.of(e), start);
            throw e;
        }
        return answer.whenComplete((data, error) -> metrics.call(error != null ? ProxyMetrics.Outcome.of(error)
                : data.path("execution_metadata").path("cache_hit").asBoolean() ? ProxyMetrics.Outcome.CACHE_HIT
                : ProxyMetrics.Outcome.SUCCESS, start));
    }

    private CompletableFuture<ObjectNode> call(Principal principal, ProxyRequest request, RequestMeta meta) {
        byte[] input = CanonicalJson.bytes(request.input());
        String key = CanonicalJson.cacheKey(request.targetService(), request.tool(), input);
        ToolCachePolicy policy = cache.policy(request.targetService(), request.tool());
        boolean useCache = !request.cachePolicy().equals("no_cache")
                && (request.cachePolicy().equals("force") || policy.verdict() == ToolCachePolicy.Verdict.CACHE);
        if (useCache) {
            Optional<JsonNode> hit = cache.lookup(key, policy);
            metrics.cacheLookup(hit.isPresent());
            if (hit.isPresent()) {
                return CompletableFuture.completedFuture(cacheHit(hit.get()));
            }
        }
        List<TargetInstance> instances = directory.instances(request.targetService());
        if (instances.isEmpty()) {
            throw ApiException.unavailable("no registered instance of service '" + request.targetService()
                    + "'; register it with POST /registry/services", 5);
        }
        Instant requestedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long deadline = System.nanoTime() + request.timeout().toNanos();
        Map<String, String> headers = Map.of("X-Request-ID", meta.requestId(), "X-Correlation-ID", meta.correlationId());
        String executionId = Ids.random();
        return attempt(request, instances, input, headers, deadline, new HashSet<>(), 1)
                .thenApply(done -> {
                    String inputHash = CanonicalJson.hash(input);
                    Finished finished = finish(principal, request, meta, executionId, requestedAt, input, inputHash,
                            done);
                    learn(request, key, policy, inputHash, done, finished);
                    return finished.data();
                })
                .whenComplete((data, error) -> {
                    if (error != null) {
                        policy.observeError();
                    }
                });
    }

    /** Teaches the tool's policy from a successful execution and caches the result when the policy allows. */
    private void learn(ProxyRequest request, String key, ToolCachePolicy policy, String inputHash, Attempted done,
                       Finished finished) {
        JsonNode output = finished.output();
        String outputHash = finished.outputHash();
        policy.observe(inputHash, outputHash, done.result().millis());
        if (request.cachePolicy().equals("no_cache")) {
            return;
        }
        CacheSettings settings = cache.settings();
        if (request.cachePolicy().equals("force")) {
            cache.put(key, request.targetService(), request.tool(), inputHash, output, outputHash,
                    settings.defaultTtlSeconds(), done.instance().instanceId());
        } else if (policy.verdict() == ToolCachePolicy.Verdict.CACHE) {
            cache.put(key, request.targetService(), request.tool(), inputHash, output, outputHash,
                    policy.ttlSeconds(settings), done.instance().instanceId());
        }
    }

    private static ObjectNode cacheHit(JsonNode entry) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("execution_id", Ids.random());
        data.set("result", entry.get("output"));
        ObjectNode metadata = data.putObject("execution_metadata");
        metadata.put("target_instance", entry.path("source_instance").asText());
        metadata.put("execution_time_ms", 0.0);
        metadata.put("cache_hit", true);
        metadata.put("routing_strategy", "cache");
        metadata.put("attempts", 0);
        metadata.put("cached_at", entry.path("created_at").asText());
        metadata.put("expires_at", entry.path("expires_at").asText());
        return data;
    }

    private CompletableFuture<Attempted> attempt(ProxyRequest request, List<TargetInstance> instances, byte[] input,
                                                 Map<String, String> headers, long deadline, Set<String> tried,
                                                 int attemptNo) {
        Optional<TargetInstance> chosen = balancer.choose(instances, tried);
        if (chosen.isEmpty()) {
            throw ApiException.unavailable("no healthy instance of service '" + request.targetService() + "' ("
                    + instances.size() + " registered, none healthy or degraded with a closed circuit)", 5);
        }
        TargetInstance instance = chosen.get();
        String refusal = addresses.refusal(instance.host(), instance.port());
        if (refusal != null) {
            throw new ApiException(403, "forbidden_target", "the proxy does not call " + instance.instanceId() + ": "
                    + refusal, List.of(new Violation("$.target_service", refusal)), Map.of());
        }
        InstanceStats stats = balancer.stats(instance);
        if (!stats.breaker.tryAcquire()) {
            tried.add(instance.instanceId());
            return attempt(request, instances, input, headers, deadline, tried, attemptNo);
        }
        tried.add(instance.instanceId());
        stats.outstanding.incrementAndGet();
        Duration remaining = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
        return caller.call(instance, request.tool(), input, remaining, headers).thenCompose(result -> {
            stats.outstanding.decrementAndGet();
            stats.recordLatency(result.millis());
            boolean instanceFailed = result.outcome() != ToolCaller.Outcome.RESPONSE || result.status() >= 500;
            if (instanceFailed) {
                stats.breaker.onFailure();
            } else {
                stats.breaker.onSuccess();
            }
            if (attemptNo < MAX_ATTEMPTS && retryable(result, request.retryPolicy()) && System.nanoTime() < deadline
                    && balancer.choose(instances, tried).isPresent()) {
                return attempt(request, instances, input, headers, deadline, tried, attemptNo + 1);
            }
            return CompletableFuture.completedFuture(new Attempted(result, instance, attemptNo));
        });
    }

    /** default: connection failures and 503 only (the call did not run); aggressive: any 5xx too; none: never. */
    static boolean retryable(ToolCaller.Result result, String policy) {
        boolean notRun = result.outcome() == ToolCaller.Outcome.CONNECTION_FAILED
                || (result.outcome() == ToolCaller.Outcome.RESPONSE && result.status() == 503);
        return switch (policy) {
            case "none" -> false;
            case "aggressive" -> notRun || (result.outcome() == ToolCaller.Outcome.RESPONSE && result.status() >= 500);
            default -> notRun;
        };
    }

    /** A successful execution's reply, its output and the output's canonical hash. */
    private record Finished(ObjectNode data, JsonNode output, String outputHash) {
    }

    private Finished finish(Principal principal, ProxyRequest request, RequestMeta meta, String executionId,
                            Instant requestedAt, byte[] input, String inputHash, Attempted done) {
        ToolCaller.Result result = done.result();
        JsonNode output = null;
        String failure = null;
        if (result.success()) {
            try {
                output = Json.MAPPER.readTree(result.body());
            } catch (IOException e) {
                failure = "instance returned a body that is not JSON";
            }
        }
        String outputHash = output == null ? null : CanonicalJson.hash(CanonicalJson.bytes(output));
        capture(principal, request, meta, executionId, requestedAt, input, inputHash, done, output, outputHash, failure);
        if (result.outcome() == ToolCaller.Outcome.TIMEOUT) {
            throw new ApiException(504, "upstream_timeout", "tool " + request.tool() + " on " + done.instance().instanceId()
                    + " did not answer within " + request.timeout().toMillis() + " ms", List.of(), Map.of());
        }
        if (result.outcome() == ToolCaller.Outcome.CONNECTION_FAILED) {
            throw new ApiException(502, "upstream_unreachable", "cannot reach " + done.instance().instanceId() + " after "
                    + done.attempts() + " attempt(s): " + result.failure(), List.of(), Map.of());
        }
        if (!result.success() || output == null) {
            String excerpt = new String(result.body(), StandardCharsets.UTF_8);
            excerpt = excerpt.length() > EXCERPT ? excerpt.substring(0, EXCERPT) + "…" : excerpt;
            throw new ApiException(502, "upstream_error", failure != null ? failure : "tool " + request.tool() + " on "
                    + done.instance().instanceId() + " answered " + result.status(),
                    List.of(new Violation("upstream.status", Integer.toString(result.status())),
                            new Violation("upstream.body", excerpt)), Map.of());
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("execution_id", executionId);
        data.set("result", output);
        ObjectNode metadata = data.putObject("execution_metadata");
        metadata.put("target_instance", done.instance().instanceId());
        metadata.put("execution_time_ms", round(result.millis()));
        metadata.put("cache_hit", false);
        metadata.put("routing_strategy", LoadBalancer.STRATEGY);
        metadata.put("attempts", done.attempts());
        return new Finished(data, output, outputHash);
    }

    private void capture(Principal principal, ProxyRequest request, RequestMeta meta, String executionId,
                         Instant requestedAt, byte[] input, String inputHash, Attempted done, JsonNode output,
                         String outputHash, String failure) {
        ToolCaller.Result result = done.result();
        Instant completedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("hook_type", "tool_executed");
        ObjectNode info = payload.putObject("execution_info");
        info.put("tool_name", request.tool());
        info.put("execution_id", executionId);
        info.put("execution_type", "proxied");
        info.put("requester_service", principal.services().size() == 1 ? principal.services().iterator().next()
                : principal.name());
        info.put("executor_service", request.targetService());
        info.put("executor_instance_id", done.instance().instanceId());
        info.putObject("execution_context").put("request_id", meta.requestId()).put("priority", request.priority());
        ObjectNode timeline = payload.putObject("execution_timeline");
        timeline.put("requested_at", requestedAt.toString());
        timeline.put("completed_at", completedAt.toString());
        timeline.put("total_duration_ms", Math.max(0, completedAt.toEpochMilli() - requestedAt.toEpochMilli()));
        timeline.put("queue_time_ms", 0);
        timeline.put("execution_time_ms", round(result.millis()));
        ObjectNode outcome = payload.putObject("execution_result");
        boolean ok = result.success() && failure == null;
        outcome.put("status", ok ? "success" : result.outcome() == ToolCaller.Outcome.TIMEOUT ? "timeout" : "failed");
        outcome.put("result_type", output == null ? "error" : output.getNodeType().name().toLowerCase(Locale.ROOT));
        outcome.put("output_size_bytes", result.body().length);
        outcome.put("http_status", result.status());
        if (ok) {
            outcome.putNull("error");
        } else {
            outcome.put("error", failure != null ? failure : result.failure() != null ? result.failure()
                    : "HTTP " + result.status());
        }
        // what the proxy saw of the call; the tool's own CPU and memory are not known here
        ObjectNode usage = payload.putObject("resource_usage");
        usage.putNull("cpu_usage");
        usage.putNull("memory_usage");
        usage.putObject("network_operations").put("requests_made", done.attempts())
                .put("bytes_sent", (long) input.length * done.attempts()).put("bytes_received", result.body().length);
        payload.putObject("input_analysis").put("input_hash", inputHash).put("input_size_bytes", input.length);
        ObjectNode proxy = payload.putObject("proxy");
        proxy.put("target_instance", done.instance().instanceId());
        proxy.put("attempts", done.attempts());
        proxy.put("cache_hit", false);
        proxy.put("output_hash", ok ? outputHash : null);
        proxy.put("retry_policy", request.retryPolicy());
        proxy.put("cache_policy", request.cachePolicy());
        Envelope event = Envelope.create(EventTypes.TOOL_EXECUTION_COMPLETED,
                new Source(request.targetService(), done.instance().instanceId(), null),
                meta.correlationId(), meta.requestId(), payload);
        publisher.publish(topics.toolExecution, request.tool(), event).whenComplete((md, error) -> {
            if (error != null) {
                LOG.warn("proxied execution {} of {} was not captured: {}", executionId, request.tool(), error.getMessage());
            }
        });
    }

    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
