package io.omninode.bridge.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /proxy/tool/{tool_name}} request (DESIGN.md §5, the seed's
 * {@code BridgeProxyClient}).
 *
 * @param tool          the tool name from the path
 * @param targetService the service whose instances run the tool
 * @param input         {@code input_data}, forwarded as the call's JSON body
 * @param timeout       {@code execution_options.timeout_seconds} (default 30 s, at most 300 s)
 * @param priority      {@code execution_options.priority}, recorded with the execution
 * @param cachePolicy   adaptive, no_cache or force
 * @param retryPolicy   default, none or aggressive
 */
public record ProxyRequest(String tool, String targetService, JsonNode input, Duration timeout, String priority,
                           String cachePolicy, String retryPolicy) {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,100}$");
    private static final Set<String> CACHE_POLICIES = Set.of("adaptive", "no_cache", "force");
    private static final Set<String> RETRY_POLICIES = Set.of("default", "none", "aggressive");
    private static final double MAX_TIMEOUT_SECONDS = 300;

    public static ProxyRequest parse(String tool, JsonNode body) {
        List<Violation> problems = new ArrayList<>();
        if (tool == null || !NAME.matcher(tool).matches()) {
            problems.add(new Violation("$.tool_name", "tool name in the path must be 1 to 100 letters, digits, '.', '_' or '-'"));
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("$", "request body must be a JSON object");
        }
        String target = body.path("target_service").isTextual() ? body.get("target_service").asText() : null;
        if (target == null || !NAME.matcher(target).matches()) {
            problems.add(new Violation("$.target_service", "is required: a service name of 1 to 100 letters, digits, '.', '_' or '-'"));
        }
        JsonNode input = body.get("input_data");
        if (input == null || input.isNull()) {
            problems.add(new Violation("$.input_data", "is required: the tool's input as JSON"));
        }
        JsonNode options = body.path("execution_options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            problems.add(new Violation("$.execution_options", "must be an object"));
        }
        double seconds = 30;
        JsonNode timeout = options.path("timeout_seconds");
        if (!timeout.isMissingNode() && !timeout.isNull()) {
            if (!timeout.isNumber() || timeout.asDouble() <= 0 || timeout.asDouble() > MAX_TIMEOUT_SECONDS) {
                problems.add(new Violation("$.execution_options.timeout_seconds", "must be a number above 0 and at most 300"));
            } else {
                seconds = timeout.asDouble();
            }
        }
        String cache = enumOption(options, "cache_policy", "adaptive", CACHE_POLICIES, problems);
        String retry = enumOption(options, "retry_policy", "default", RETRY_POLICIES, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid proxy request: " + problems.get(0).path() + " " + problems.get(0).message(),
                    problems);
        }
        return new ProxyRequest(tool, target, input, Duration.ofMillis((long) (seconds * 1000)),
                options.path("priority").asText("normal"), cache, retry);
    }

    private static String enumOption(JsonNode options, String field, String fallback, Set<String> allowed,
                                     List<Violation> problems) {
        JsonNode value = options.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        String text = value.asText().toLowerCase(Locale.ROOT);
        if (!value.isTextual() || !allowed.contains(text)) {
            problems.add(new Violation("$.execution_options." + field, "must be one of " + String.join(", ",
                    allowed.stream().sorted().toList())));
            return fallback;
        }
        return text;
    }
}
