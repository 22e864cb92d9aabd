package io.omninode.bridge.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's local, continuously updated view of every instance: fed from
 * {@code registry.services} (registrations, heartbeats, deregistrations) and from the topology's
 * derived {@code intelligence.health} events (expiry, critical errors, removal), so a proxy call
 * never needs a remote lookup.
 */
public final class InstanceDirectory {

    private final Map<String, Map<String, TargetInstance>> byService = new ConcurrentHashMap<>();

    /** Usable for {@code registry.services} events. */
    public void applyRegistry(Envelope event) {
        JsonNode p = event.payload();
        String service = p.path("service_name").asText(null);
        String instance = p.path("instance_id").asText(null);
        if (service == null || instance == null) {
            return;
        }
        Map<String, TargetInstance> instances = byService.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
        switch (event.eventType()) {
            case EventTypes.REGISTRY_SERVICE_REGISTERED -> {
                String path = p.path("metadata").path("tool_path").asText(TargetInstance.DEFAULT_TOOL_PATH);
                if (!path.startsWith("/")) {
                    path = TargetInstance.DEFAULT_TOOL_PATH;
                }
                instances.put(instance, new TargetInstance(service, instance, p.path("host").asText(),
                        p.path("port").asInt(), path, "healthy", 0.0));
            }
            case EventTypes.REGISTRY_SERVICE_HEARTBEAT -> instances.computeIfPresent(instance, (k, current) ->
                    current.withHeartbeat(p.path("health_status").asText(current.status()),
                            p.path("load_factor").asDouble(current.loadFactor())));
            case EventTypes.REGISTRY_SERVICE_DEREGISTERED -> instances.remove(instance);
            default -> {
            }
        }
    }

    /** Usable for {@code intelligence.health} events. */
    public void applyHealth(Envelope event) {
        if (!EventTypes.SERVICE_HEALTH_CHANGED.equals(event.eventType())) {
            return;
        }
        String service = event.payload().at("/service_info/name").asText(null);
        String instance = event.payload().at("/service_info/instance_id").asText(null);
        String status = event.payload().at("/health_transition/current_status").asText(null);
        if (service == null || instance == null || status == null) {
            return;
        }
        Map<String, TargetInstance> instances = byService.get(service);
        if (instances == null) {
            return;
        }
        if (status.equals("removed")) {
            instances.remove(instance);
        } else {
            instances.computeIfPresent(instance, (k, current) -> current.withStatus(status));
        }
    }

    /** The instances of {@code service} as currently known (any status). */
    public List<TargetInstance> instances(String service) {
        Map<String, TargetInstance> instances = byService.get(service);
        return instances == null ? List.of() : List.copyOf(instances.values());
    }
}
