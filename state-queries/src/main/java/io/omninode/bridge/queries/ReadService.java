package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.health.HealthTransitionLog;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import io.omninode.bridge.topology.patterns.PatternState;
import io.omninode.bridge.topology.performance.LatencySketch;
import io.omninode.bridge.topology.performance.PerformanceKeys;
import io.omninode.bridge.topology.performance.ToolWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * Answers the read routes from the stores, knowing nothing of HTTP beyond the envelope's error
 * type: registry and health (partitioned by service, routed to the owner), the tool registry
 * (global, answered locally) and health transitions. Returns DTOs as JSON trees, never store types.
 */
public final class ReadService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RoutedQueries routed;
    private final LocalStores local;

    /**
     * @param serviceName only this service (routed to its owner), or null for all
     * @param healthyOnly keep only healthy instances (and services that have one)
     * @param capability  keep only instances offering this capability, or null
     */
    public record ServiceFilter(String serviceName, boolean healthyOnly, String capability) {
    }

    public ReadService(RoutedQueries routed, LocalStores local) {
        this.routed = routed;
        this.local = local;
    }

    /** {@code GET /registry/services}: services with their instances and health, paged by name. */
    public RoutedQueries.Answer<JsonNode> services(RoutedQueries.Request request, ServiceFilter filter, Page page) {
        if (filter.serviceName() != null && !filter.serviceName().isBlank()) {
            return routed.byKey(request, StoreNames.SERVICE_REGISTRY, filter.serviceName(), scope -> {
                Optional<ServiceRegistration> registration = local.get(StoreNames.SERVICE_REGISTRY,
                        filter.serviceName(), scope);
                Optional<ServiceHealth> health = local.get(StoreNames.SERVICE_HEALTH, filter.serviceName(), scope);
                List<JsonNode> items = new ArrayList<>();
                registration.map(r -> service(r, health.orElse(null), filter)).ifPresent(items::add);
                // the owner's answer is final (relayed as-is), so it is paged here even when forwarded
                return page.apply(items.stream().filter(ReadService::hasInstances).toList(),
                        i -> i.get("service_name").asText());
            });
        }
        List<JsonNode> items = routed.gather(request, StoreNames.SERVICE_REGISTRY, scope -> {
            Map<String, ServiceHealth> health = new HashMap<>();
            for (KeyValue<String, ServiceHealth> kv : local.<ServiceHealth>all(StoreNames.SERVICE_HEALTH, scope)) {
                health.put(kv.key, kv.value);
            }
            return local.<ServiceRegistration>all(StoreNames.SERVICE_REGISTRY, scope).stream()
                    .map(kv -> service(kv.value, health.get(kv.key), filter))
                    .filter(ReadService::hasInstances)
                    .toList();
        });
        return new RoutedQueries.Answer.Here<>(paged(request, items, page, i -> i.get("service_name").asText()));
    }

    /** {@code GET /registry/services/{service}/health}: 404 only when the owner has no such service. */
    public RoutedQueries.Answer<JsonNode> serviceHealth(RoutedQueries.Request request, String service) {
        return routed.byKey(request, StoreNames.SERVICE_HEALTH, service, scope -> {
            ServiceHealth health = local.<ServiceHealth>get(StoreNames.SERVICE_HEALTH, service, scope)
                    .orElseThrow(() -> ApiException.notFound("unknown service '" + service + "'"));
            ObjectNode out = Json.MAPPER.valueToTree(health);
            out.remove("error_window");
            return out;
        });
    }

    /** {@code GET /intelligence/health/transitions}: newest first, one service or all. */
    public RoutedQueries.Answer<JsonNode> transitions(RoutedQueries.Request request, String service, Page page) {
        if (service != null && !service.isBlank()) {
            return routed.byKey(request, StoreNames.HEALTH_TRANSITIONS, service, scope -> page.apply(
                    transitionItems(local.<HealthTransitionLog>get(StoreNames.HEALTH_TRANSITIONS, service, scope)
                            .map(List::of).orElse(List.of())), ReadService::newestFirst));
        }
        List<JsonNode> items = routed.gather(request, StoreNames.HEALTH_TRANSITIONS, scope -> transitionItems(
                local.<HealthTransitionLog>all(StoreNames.HEALTH_TRANSITIONS, scope).stream().map(kv -> kv.value)
                        .toList()));
        return new RoutedQueries.Answer.Here<>(paged(request, items, page, ReadService::newestFirst));
    }

    /**
     * {@code GET /intelligence/patterns}: discovered patterns, most recently seen first.
     *
     * @param type    only this pattern type, or null
     * @param service only patterns whose subject names this service (or tool), or null
     * @param status  active or resolved, or null
     * @param since   only patterns seen at or after this instant, or null
     */
    public RoutedQueries.Answer<JsonNode> patterns(RoutedQueries.Request request, String type, String service,
                                                  String status, Instant since, Page page) {
        List<JsonNode> items = routed.gather(request, StoreNames.PATTERNS, scope ->
                local.<PatternState>all(StoreNames.PATTERNS, scope).stream()
                        .map(kv -> (JsonNode) Json.MAPPER.valueToTree(kv.value))
                        .filter(p -> type == null || type.equals(p.path("pattern_type").asText()))
                        .filter(p -> status == null || status.equalsIgnoreCase(p.path("status").asText()))
                        .filter(p -> service == null || namesService(p.path("subject").asText(), service))
                        .filter(p -> since == null || !Instant.parse(p.path("last_seen").asText()).isBefore(since))
                        .toList());
        return new RoutedQueries.Answer.Here<>(paged(request, items, page, p -> recentFirst(p, "last_seen", "pattern_id")));
    }

    /** {@code GET /intelligence/patterns/{pattern_id}}. */
    public RoutedQueries.Answer<JsonNode> pattern(RoutedQueries.Request request, String patternId) {
        return routed.byKey(request, StoreNames.PATTERNS, patternId, scope ->
                local.<PatternState>get(StoreNames.PATTERNS, patternId, scope)
                        .map(p -> (JsonNode) Json.MAPPER.valueToTree(p))
                        .orElseThrow(() -> ApiException.notFound("unknown pattern '" + patternId + "'")));
    }

    /**
     * {@code GET /intelligence/performance/tools/{tool}}: the tool's windows starting in
     * [from, to], and one summary merged from the windows' latency sketches (exact merge, no
     * averaging of percentiles).
     */
    public RoutedQueries.Answer<JsonNode> performance(RoutedQueries.Request request, String tool, Instant from,
                                                     Instant to) {
        return routed.byKey(request, StoreNames.TOOL_PERFORMANCE, tool, scope -> {
            List<ToolWindow> windows = new ArrayList<>(local.<ToolWindow>windows(StoreNames.TOOL_PERFORMANCE,
                    PerformanceKeys.of(tool), scope, from, to));
            windows.sort(Comparator.comparing(ToolWindow::windowStart));
            ObjectNode out = NODES.objectNode();
            out.put("tool_name", tool);
            out.put("from", from.toString());
            out.put("to", to.toString());
            ArrayNode rows = out.putArray("windows");
            List<LatencySketch> sketches = new ArrayList<>();
            long count = 0;
            long errors = 0;
            for (ToolWindow w : windows) {
                LatencySketch sketch = w.sketch();
                sketches.add(sketch);
                count += w.count();
                errors += w.errors();
                ObjectNode row = rows.addObject();
                row.put("window_start", w.windowStart().toString());
                row.put("window_end", w.windowEnd().toString());
                row.put("count", w.count());
                row.put("successes", w.successes());
                row.put("errors", w.errors());
                row.put("error_rate", w.count() == 0 ? 0.0 : (double) w.errors() / w.count());
                double seconds = Math.max(1, Duration.between(w.windowStart(), w.windowEnd()).toSeconds());
                row.put("throughput_per_s", w.count() / seconds);
                row.set("latency_ms", latency(sketch));
                row.put("late_events", w.lateEvents());
                row.put("closed", w.closed());
            }
            ObjectNode summary = out.putObject("summary");
            summary.put("windows", windows.size());
            summary.put("count", count);
            summary.put("errors", errors);
            summary.put("error_rate", count == 0 ? 0.0 : (double) errors / count);
            summary.set("latency_ms", latency(LatencySketch.mergeAll(sketches)));
            return out;
        });
    }

    private static ObjectNode latency(LatencySketch sketch) {
        ObjectNode l = NODES.objectNode();
        if (sketch.count() == 0) {
            return l;
        }
        l.put("p50", sketch.percentile(50));
        l.put("p90", sketch.percentile(90));
        l.put("p95", sketch.percentile(95));
        l.put("p99", sketch.percentile(99));
        l.put("max", sketch.max());
        l.put("mean", sketch.mean());
        return l;
    }

    private static boolean namesService(String subject, String service) {
        if (subject.equals(service)) {
            return true;
        }
        for (String part : subject.split("[/+]|\\s->\\s")) {
            if (part.trim().equals(service)) {
                return true;
            }
        }
        return false;
    }

    /** Sort key putting the most recent first, ties broken by id. */
    private static String recentFirst(JsonNode item, String timeField, String idField) {
        long millis = Instant.parse(item.path(timeField).asText("1970-01-01T00:00:00Z")).toEpochMilli();
        return String.format(Locale.ROOT, "%019d|%s", Long.MAX_VALUE - millis, item.path(idField).asText());
    }

    /** {@code GET /registry/tools}: from the global tool registry, paged by tool id. */
    public JsonNode tools(String category, String service, Page page) {
        List<JsonNode> items = new ArrayList<>();
        for (KeyValue<String, Envelope> kv : local.<Envelope>global(StoreNames.TOOL_REGISTRY)) {
            if (kv.value == null) {
                continue;
            }
            JsonNode tool = kv.value.payload();
            if ((category == null || category.equals(tool.path("category").asText(null)))
                    && (service == null || service.equals(tool.path("service_source").asText(null)))) {
                items.add(tool);
            }
        }
        return page.apply(items, t -> t.path("tool_id").asText());
    }

    /** {@code GET /registry/tools/{tool_id}}. */
    public JsonNode tool(String toolId) {
        return local.<Envelope>globalGet(StoreNames.TOOL_REGISTRY, toolId)
                .map(Envelope::payload)
                .orElseThrow(() -> ApiException.notFound("unknown tool '" + toolId + "'"));
    }

    /** Forwarded list requests return every item unpaged; the instance that gathers pages the merged list. */
    private static JsonNode paged(RoutedQueries.Request request, List<JsonNode> items, Page page,
                                  Function<JsonNode, String> sortKey) {
        if (request.forwarded()) {
            ObjectNode all = NODES.objectNode();
            all.putArray("items").addAll(items);
            return all;
        }
        return page.apply(items, sortKey);
    }

    private static JsonNode service(ServiceRegistration registration, ServiceHealth health, ServiceFilter filter) {
        JsonNode healthTree = health == null ? NODES.objectNode().put("overall_health", HealthStatus.UNKNOWN.wire())
                : Json.MAPPER.valueToTree(health);
        Map<String, JsonNode> healthByInstance = new HashMap<>();
        healthTree.path("instances").forEach(i -> healthByInstance.put(i.path("instance_id").asText(), i));
        ObjectNode out = NODES.objectNode();
        out.put("service_name", registration.serviceName());
        out.set("overall_health", healthTree.path("overall_health"));
        ArrayNode instances = out.putArray("instances");
        for (JsonNode instance : Json.MAPPER.<JsonNode>valueToTree(registration).path("instances")) {
            ObjectNode merged = ((ObjectNode) instance).deepCopy();
            JsonNode h = healthByInstance.get(instance.path("instance_id").asText());
            String status = h == null ? "unknown" : h.path("status").asText("unknown");
            merged.put("status", status);
            if (h != null) {
                merged.set("since", h.get("since"));
                merged.set("trigger_event", h.get("trigger_event"));
                merged.set("expires_at", h.get("expires_at"));
            }
            boolean healthyOk = !filter.healthyOnly() || "healthy".equals(status);
            boolean capabilityOk = filter.capability() == null || containsText(instance.path("capabilities"),
                    filter.capability());
            if (healthyOk && capabilityOk) {
                instances.add(merged);
            }
        }
        return out;
    }

    private static boolean hasInstances(JsonNode service) {
        return service.path("instances").size() > 0;
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode v : array) {
            if (value.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> transitionItems(List<HealthTransitionLog> logs) {
        List<JsonNode> items = new ArrayList<>();
        for (HealthTransitionLog log : logs) {
            for (JsonNode t : Json.MAPPER.<JsonNode>valueToTree(log).path("transitions")) {
                ObjectNode item = ((ObjectNode) t).deepCopy();
                item.put("service_name", log.serviceName());
                items.add(item);
            }
        }
        return items;
    }

    /** Sort key putting the newest transition first, ties broken by event id. */
    private static String newestFirst(JsonNode transition) {
        return recentFirst(transition, "transition_time", "event_id");
    }
}
