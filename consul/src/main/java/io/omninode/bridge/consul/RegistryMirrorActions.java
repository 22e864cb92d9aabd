package io.omninode.bridge.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.OperationException;
import com.ecwid.consul.v1.agent.model.NewService;
import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Registrations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one {@code registry.services} or {@code intelligence.health} event into the agent calls
 * that mirror it. Every call is idempotent, so replaying an event after a crash is harmless.
 * Calls the agent could not serve throw {@link ConsulUnavailableException} (the caller retries);
 * requests the agent rejects as invalid are logged and skipped.
 */
final class RegistryMirrorActions {

    /** Consul's rule for meta keys; {@code consul-} is reserved. */
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int META_VALUE_MAX = 512;
    private static final int META_MAX_KEYS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryMirrorActions.class);

    private final ConsulConnection consul;
    private final ConsulSettings settings;
    private final ConsulRegistrationTracker tracker;
    /** Last registration mirrored per Consul service id, to re-register when the agent lost it. */
    private final Map<String, Mirrored> mirrored = new ConcurrentHashMap<>();

    RegistryMirrorActions(ConsulConnection consul, ConsulSettings settings, ConsulRegistrationTracker tracker) {
        this.consul = consul;
        this.settings = settings;
        this.tracker = tracker;
    }

    /** Mirrors one event; events of other types are ignored. */
    void apply(Envelope event) {
        switch (event.eventType()) {
            case EventTypes.REGISTRY_SERVICE_REGISTERED -> register(event);
            case EventTypes.REGISTRY_SERVICE_HEARTBEAT -> heartbeat(event.payload());
            case EventTypes.REGISTRY_SERVICE_DEREGISTERED -> deregister(event.payload().path("instance_id").asText(),
                    event.payload().path("registration_id").asText(null));
            case EventTypes.SERVICE_HEALTH_CHANGED -> removeIfRemoved(event);
            default -> { }
        }
    }

    private void register(Envelope event) {
        JsonNode p = event.payload();
        String id = p.path("instance_id").asText();
        long ttl = Math.max(1, p.path("ttl_seconds").asLong(Registrations.DEFAULT_TTL_SECONDS));
        NewService service = new NewService();
        service.setId(id);
        service.setName(p.path("service_name").asText());
        service.setAddress(p.path("host").asText(null));
        if (p.path("port").canConvertToInt()) {
            service.setPort(p.path("port").asInt());
        }
        service.setTags(tags(p.path("capabilities")));
        service.setMeta(meta(p));
        NewService.Check check = new NewService.Check();
        check.setTtl(ttl + "s");
        check.setDeregisterCriticalServiceAfter(settings.deregisterAfterFor(ttl));
        // a replayed, long expired registration starts critical: the TTL check then does its work
        check.setStatus(expired(p) ? "critical" : "passing");
        service.setCheck(check);
        String registrationId = p.path("registration_id").asText();
        if (call("register " + id, () -> consul.client().agentServiceRegister(service, consul.token())) != null) {
            mirrored.put(id, new Mirrored(service, registrationId, event.timestamp()));
            tracker.markRegistered(registrationId);
        }
    }

    private void heartbeat(JsonNode p) {
        String id = p.path("instance_id").asText();
        String checkId = "service:" + id;
        String status = p.path("health_status").asText("healthy").toLowerCase(Locale.ROOT);
        String note = "heartbeat " + p.path("updated_at").asText("") + ": " + status;
        Supplier<Object> update = switch (status) {
            case "healthy" -> () -> consul.client().agentCheckPass(checkId, note, consul.token());
            case "degraded" -> () -> consul.client().agentCheckWarn(checkId, note, consul.token());
            default -> () -> consul.client().agentCheckFail(checkId, note, consul.token());
        };
        try {
            call("update check " + checkId, update);
        } catch (UnknownCheckException e) {
            Mirrored known = mirrored.get(id);
            if (known == null) {
                LOG.warn("Consul does not know check {} (instance registered before the mirror's offsets, or "
                        + "removed by Consul after its check stayed critical); it is registered again with its "
                        + "next registration", checkId);
                return;
            }
            LOG.info("Consul lost {}; registering it again", id);
            call("register " + id, () -> consul.client().agentServiceRegister(known.service(), consul.token()));
            call("update check " + checkId, update);
        }
    }

    private void removeIfRemoved(Envelope event) {
        JsonNode transition = event.payload().path("health_transition");
        if (!"removed".equals(transition.path("current_status").asText()) || event.source() == null) {
            return;
        }
        String id = event.source().instanceId();
        Mirrored known = id == null ? null : mirrored.get(id);
        if (id == null || known != null && known.registeredAt().isAfter(event.timestamp())) {
            return; // registered again after the removal was derived
        }
        String registrationId = event.source().serviceName() == null ? null
                : Registrations.registrationId(event.source().serviceName(), id);
        deregister(id, registrationId);
    }

    private void deregister(String id, String registrationId) {
        try {
            call("deregister " + id, () -> consul.client().agentServiceDeregister(id, consul.token()));
        } catch (UnknownCheckException alreadyGone) {
            // 404: the agent no longer has it, which is what we wanted
        }
        mirrored.remove(id);
        if (registrationId != null) {
            tracker.markDeregistered(registrationId);
        }
    }

    /** Runs one agent call: null when the agent rejected it as invalid (logged), else its result. */
    private Object call(String what, Supplier<Object> request) {
        try {
            return request.get();
        } catch (OperationException e) {
            int status = e.getStatusCode();
            String content = e.getStatusContent() == null ? "" : e.getStatusContent().toLowerCase(Locale.ROOT);
            if (status == 404 || status == 500 && (content.contains("unknown check")
                    || content.contains("unknown service") || content.contains("does not have associated ttl"))) {
                throw new UnknownCheckException();
            }
            if (status >= 500 || status == 401 || status == 403 || status == 429) {
                throw new ConsulUnavailableException(what + ": " + ConsulConnection.describe(e), e);
            }
            LOG.warn("Consul rejected {} ({}); skipped", what, ConsulConnection.describe(e));
            return null;
        } catch (ConsulException e) {
            throw new ConsulUnavailableException(what + ": " + ConsulConnection.describe(e), e);
        }
    }

    private static List<String> tags(JsonNode capabilities) {
        List<String> tags = new ArrayList<>();
        capabilities.forEach(c -> tags.add(c.isTextual() ? c.asText() : c.toString()));
        return tags;
    }

    /** Registration metadata as Consul meta: string values, valid keys, Consul's size limits. */
    private static Map<String, String> meta(JsonNode p) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("registration_id", p.path("registration_id").asText());
        if (p.hasNonNull("version")) {
            meta.put("version", p.get("version").asText());
        }
        p.path("metadata").fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (meta.size() < META_MAX_KEYS && META_KEY.matcher(key).matches()
                    && !key.toLowerCase(Locale.ROOT).startsWith("consul-") && !value.isNull()
                    && !meta.containsKey(key)) {
                String text = value.isValueNode() ? value.asText() : value.toString();
                meta.put(key, text.length() > META_VALUE_MAX ? text.substring(0, META_VALUE_MAX) : text);
            }
        });
        return meta;
    }

    private static boolean expired(JsonNode p) {
        try {
            return p.hasNonNull("expires_at") && Instant.parse(p.get("expires_at").asText()).isBefore(Instant.now());
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    private record Mirrored(NewService service, String registrationId, Instant registeredAt) {
    }

    /** The agent answered that it does not know the service or check. */
    private static final class UnknownCheckException extends RuntimeException {
        UnknownCheckException() {
            super(null, null, false, false);
        }
    }
}
