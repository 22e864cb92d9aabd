package io.omninode.bridge.queries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.health.HealthTransitionLog;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            return routed.byKey(request, StoreNames.SERVICE_REGISTRY, filter.serviceName(), partition -> {
                Optional<ServiceRegistration> registration = local.get(StoreNames.SERVICE_REGISTRY,
                        filter.serviceName(), partition);
                Optional<ServiceHealth> health = local.get(StoreNames.SERVICE_HEALTH, filter.serviceName(), partition);
                List<JsonNode> items = new ArrayList<>();
                registration.map(r -> service(r, health.orElse(null), filter)).ifPresent(items::add);
                // the owner's answer is final (relayed as-is), so it is paged here even when forwarded
                return page.apply(items.stream().filter(ReadService::hasInstances).toList(),
                        i -> i.get("service_name").asText());
            });
        }
        List<JsonNode> items = routed.gather(request, StoreNames.SERVICE_REGISTRY, () -> {
            Map<String, ServiceHealth> health = new HashMap<>();
            for (KeyValue<String, ServiceHealth> kv : local.<ServiceHealth>all(StoreNames.SERVICE_HEALTH)) {
                health.put(kv.key, kv.value);
            }
            return local.<ServiceRegistration>all(StoreNames.SERVICE_REGISTRY).stream()
                    .map(kv -> service(kv.value, health.get(kv.key), filter))
                    .filter(ReadService::hasInstances)
                    .toList();
        });
        return new RoutedQueries.Answer.Here<>(paged(request, items, page, i -> i.get("service_name").asText()));
    }

    /** {@code GET /registry/services/{service}/health}: 404 only when the owner has no such service. */
    public RoutedQueries.Answer<JsonNode> serviceHealth(RoutedQueries.Request request, String service) {
        return routed.byKey(request, StoreNames.SERVICE_HEALTH, service, partition -> {
            ServiceHealth health = local.<ServiceHealth>get(StoreNames.SERVICE_HEALTH, service, partition)
                    .orElseThrow(() -> ApiException.notFound("unknown service '" + service + "'"));
            ObjectNode out = Json.MAPPER.valueToTree(health);
            out.remove("error_window");
            return out;
        });
    }

    /** {@code GET /intelligence/health/transitions}: newest first, one service or all. */
    public RoutedQueries.Answer<JsonNode> transitions(RoutedQueries.Request request, String service, Page page) {
        if (service != null && !service.isBlank()) {
            return routed.byKey(request, StoreNames.HEALTH_TRANSITIONS, service, partition -> page.apply(
                    transitionItems(local.<HealthTransitionLog>get(StoreNames.HEALTH_TRANSITIONS, service, partition)
                            .map(List::of).orElse(List.of())), ReadService::newestFirst));
        }
        List<JsonNode> items = routed.gather(request, StoreNames.HEALTH_TRANSITIONS, () -> transitionItems(
                local.<HealthTransitionLog>all(StoreNames.HEALTH_TRANSITIONS).stream().map(kv -> kv.value).toList()));
        return new RoutedQueries.Answer.Here<>(paged(request, items, page, ReadService::newestFirst));
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
                                  java.util.function.Function<JsonNode, String> sortKey) {
        if (request.forwarded()) {
            ObjectNode all = NODES.objectNode();
            all.putArray("items").addAll(items);
            return all;
        }
        return page.apply(items, sortKey);
    }

    private static JsonNode service(ServiceRegistration registration, ServiceHealth health, ServiceFilter filter) {
        Map<String, JsonNode> healthByInstance = new HashMap<>();
        if (health != null) {
            Json.MAPPER.<JsonNode>valueToTree(health).path("instances")
                    .forEach(i -> healthByInstance.put(i.path("instance_id").asText(), i));
        }
        ObjectNode out = NODES.objectNode();
        out.put("service_name", registration.serviceName());
        out.set("overall_health", health == null ? NODES.textNode("unknown")
                : Json.MAPPER.<JsonNode>valueToTree(health).path("overall_health"));
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
        long millis = Instant.parse(transition.path("transition_time").asText("1970-01-01T00:00:00Z")).toEpochMilli();
        return String.format(java.util.Locale.ROOT, "%019d|%s", Long.MAX_VALUE - millis,
                transition.path("event_id").asText());
    }
}
