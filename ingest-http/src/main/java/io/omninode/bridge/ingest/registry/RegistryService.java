package io.omninode.bridge.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.http.auth.Principal;
import io.omninode.bridge.http.RequestMeta;
import io.omninode.bridge.ingest.hooks.WriteGuard;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.schemas.BodySchema;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Ids;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Registry writes (DESIGN.md §5): service registration, heartbeat, deregistration and tool
 * registration. Each becomes one event on {@code registry.services} or {@code registry.tools};
 * the reply's {@code data} is built only after the broker acknowledged it.
 */
public final class RegistryService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WriteGuard guard;
    private final EventPublisher publisher;
    private final Topics topics;
    private static final Duration CONSUL_WAIT = Duration.ofSeconds(2);

    private final RegistrationIndex index;
    private final ConsulRegistrations consul;

    public RegistryService(WriteGuard guard, EventPublisher publisher, Topics topics, RegistrationIndex index,
                           ConsulRegistrations consul) {
        this.guard = guard;
        this.publisher = publisher;
        this.topics = topics;
        this.index = index;
        this.consul = consul;
    }

    /** The stable tool id of a tool registration: {@code <service_source>:<tool_name>}. */
    public static String toolId(String serviceSource, String toolName) {
        return serviceSource + ":" + toolName;
    }

    public CompletableFuture<ObjectNode> register(Principal principal, JsonNode body, RequestMeta meta) {
        ObjectNode payload = guard.validObject(BodySchema.SERVICE_REGISTRATION, body);
        String service = payload.get("service_name").asText();
        String instance = payload.get("instance_id").asText();
        WriteGuard.requireScope(principal, service, "$.service_name");
        if (!payload.path("ttl_seconds").isIntegralNumber()) {
            payload.put("ttl_seconds", RegistrationIndex.DEFAULT_TTL_SECONDS);
        }
        Instant now = now();
        String id = RegistrationIndex.registrationId(service, instance);
        payload.put("registration_id", id);
        payload.put("registered_at", now.toString());
        payload.put("expires_at", now.plusSeconds(payload.get("ttl_seconds").asLong()).toString());
        Source source = new Source(service, instance, text(payload, "version"));
        Envelope event = envelope(EventTypes.REGISTRY_SERVICE_REGISTERED, source, now, meta, payload);
        return publish(service, event)
                .thenCompose(ignored -> consul.awaitRegistered(id, CONSUL_WAIT))
                .thenApply(inConsul -> {
                    ObjectNode data = NODES.objectNode();
                    data.put("registration_id", id);
                    data.put("service_name", service);
                    data.put("instance_id", instance);
                    data.put("registered_at", payload.get("registered_at").asText());
                    data.put("expires_at", payload.get("expires_at").asText());
                    data.put("consul_registered", inConsul);
                    return data;
                });
    }

    public CompletableFuture<ObjectNode> heartbeat(Principal principal, String registrationId, JsonNode body,
                                                   RequestMeta meta) {
        Registration registration = known(registrationId);
        WriteGuard.requireScope(principal, registration.serviceName(), "$.service_name");
        ObjectNode payload = guard.validObject(BodySchema.HEARTBEAT, body);
        Instant now = now();
        String health = payload.hasNonNull("health_status") ? payload.get("health_status").asText()
                : registration.healthStatus();
        payload.put("registration_id", registrationId);
        payload.put("service_name", registration.serviceName());
        payload.put("instance_id", registration.instanceId());
        payload.put("health_status", health);
        payload.put("ttl_seconds", registration.ttlSeconds());
        payload.put("updated_at", now.toString());
        payload.put("expires_at", now.plusSeconds(registration.ttlSeconds()).toString());
        Envelope event = envelope(EventTypes.REGISTRY_SERVICE_HEARTBEAT, sourceOf(registration), now, meta, payload);
        return publish(registration.serviceName(), event).thenApply(ignored -> {
            ObjectNode data = NODES.objectNode();
            data.put("registration_id", registrationId);
            data.put("updated_at", payload.get("updated_at").asText());
            data.put("health_status", health);
            data.put("expires_at", payload.get("expires_at").asText());
            return data;
        });
    }

    public CompletableFuture<ObjectNode> deregister(Principal principal, String registrationId, RequestMeta meta) {
        Registration registration = known(registrationId);
        WriteGuard.requireScope(principal, registration.serviceName(), "$.service_name");
        Instant now = now();
        ObjectNode payload = NODES.objectNode();
        payload.put("registration_id", registrationId);
        payload.put("service_name", registration.serviceName());
        payload.put("instance_id", registration.instanceId());
        payload.put("ttl_seconds", registration.ttlSeconds());
        payload.put("deregistered_at", now.toString());
        Envelope event = envelope(EventTypes.REGISTRY_SERVICE_DEREGISTERED, sourceOf(registration), now, meta, payload);
        return publish(registration.serviceName(), event).thenApply(ignored -> {
            ObjectNode data = NODES.objectNode();
            data.put("registration_id", registrationId);
            data.put("deregistered_at", payload.get("deregistered_at").asText());
            return data;
        });
    }

    public CompletableFuture<ObjectNode> registerTool(Principal principal, JsonNode body, RequestMeta meta) {
        ObjectNode payload = guard.validObject(BodySchema.TOOL_REGISTRATION, body);
        String tool = payload.get("tool_name").asText();
        String service = payload.get("service_source").asText();
        WriteGuard.requireScope(principal, service, "$.service_source");
        Instant now = now();
        String toolId = toolId(service, tool);
        payload.put("tool_id", toolId);
        payload.put("registered_at", now.toString());
        Source source = new Source(service, null, null);
        Envelope event = envelope(EventTypes.REGISTRY_TOOL_REGISTERED, source, now, meta, payload);
        return publisher.publish(topics.registryTools, toolId, event).thenApply(ignored -> {
            ObjectNode data = NODES.objectNode();
            data.put("tool_id", toolId);
            data.put("tool_name", tool);
            data.put("registered_at", payload.get("registered_at").asText());
            return data;
        });
    }

    private Registration known(String registrationId) {
        return index.findActive(registrationId).orElseThrow(() -> ApiException.notFound(
                "unknown registration '" + registrationId + "': register with POST /registry/services first"));
    }

    private CompletableFuture<Void> publish(String service, Envelope event) {
        return publisher.publish(topics.registryServices, service, event).thenAccept(md -> index.apply(event));
    }

    private static Source sourceOf(Registration registration) {
        return new Source(registration.serviceName(), registration.instanceId(), null);
    }

    /** An envelope stamped with the same instant as the payload's {@code *_at} fields. */
    private static Envelope envelope(String type, Source source, Instant now, RequestMeta meta, ObjectNode payload) {
        return new Envelope(Ids.random(), type, Envelope.VERSION, now, source,
                meta.correlationId(), meta.requestId(), payload);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
