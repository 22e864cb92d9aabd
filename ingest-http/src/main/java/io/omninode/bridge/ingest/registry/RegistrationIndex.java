package io.omninode.bridge.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Registrations;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registrations known to this bridge instance, fed from the {@code registry.services} events
 * it writes itself and those it reads back from the topic (so heartbeats reach any instance).
 * Events are applied in order per key; an older event never overwrites a newer one.
 */
public final class RegistrationIndex {

    public static final int DEFAULT_TTL_SECONDS = Registrations.DEFAULT_TTL_SECONDS;

    private final Map<String, Registration> byId = new ConcurrentHashMap<>();

    /** {@link Registrations#registrationId}. */
    public static String registrationId(String serviceName, String instanceId) {
        return Registrations.registrationId(serviceName, instanceId);
    }

    public Optional<Registration> find(String registrationId) {
        return Optional.ofNullable(byId.get(registrationId));
    }

    /** Active registrations only: deregistered ones are unknown to heartbeats and deletes. */
    public Optional<Registration> findActive(String registrationId) {
        return find(registrationId).filter(Registration::active);
    }

    public int size() {
        return byId.size();
    }

    /** Applies one {@code registry.services} event; other event types are ignored. */
    public void apply(Envelope event) {
        JsonNode p = event.payload();
        String id = p.path("registration_id").asText(null);
        String service = p.path("service_name").asText(null);
        String instance = p.path("instance_id").asText(null);
        if (id == null || service == null || instance == null) {
            return;
        }
        int ttl = p.path("ttl_seconds").asInt(DEFAULT_TTL_SECONDS);
        String health = p.path("health_status").asText(null);
        byId.compute(id, (key, current) -> {
            if (current != null && current.lastSeen().isAfter(event.timestamp())) {
                return current;
            }
            String status = health != null ? health : current != null ? current.healthStatus() : "healthy";
            return switch (event.eventType()) {
                case EventTypes.REGISTRY_SERVICE_REGISTERED, EventTypes.REGISTRY_SERVICE_HEARTBEAT ->
                        new Registration(id, service, instance, ttl, status, true, event.timestamp());
                case EventTypes.REGISTRY_SERVICE_DEREGISTERED ->
                        new Registration(id, service, instance, ttl, status, false, event.timestamp());
                default -> current;
            };
        });
    }
}
