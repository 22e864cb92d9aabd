package io.omninode.bridge.topology;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.SeedSamples;
import io.omninode.bridge.schemas.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Input envelopes as the ingest writes them (DESIGN.md §3–§5), built from the seed samples with
 * only the fields a test cares about changed.
 */
final class Events {

    static final String SERVICE = "omniagent";
    static final String INSTANCE = "omniagent-host1-42";
    static final String CORRELATION_ID = "corr-1";
    static final String REQUEST_ID = "req-1";

    private Events() {
    }

    /** {@code registry.service.registered}: the seed registration + registration_id, ttl, registered_at, expires_at. */
    static Envelope registered(String service, String instance, long ttlSeconds) {
        ObjectNode payload = SeedSamples.load(SeedSamples.REGISTRATION);
        Instant now = Instant.now();
        payload.put("service_name", service);
        payload.put("instance_id", instance);
        payload.put("host", "10.0.1." + Math.abs(instance.hashCode() % 250));
        payload.put("ttl_seconds", ttlSeconds);
        payload.put("registration_id", registrationId(service, instance));
        payload.put("registered_at", now.toString());
        payload.put("expires_at", now.plusSeconds(ttlSeconds).toString());
        return envelope(EventTypes.REGISTRY_SERVICE_REGISTERED, new Source(service, instance, "1.2.3"), payload);
    }

    /** {@code registry.service.heartbeat}: the seed heartbeat with {@code health_status}, ttl 60 s. */
    static Envelope heartbeat(String service, String instance, String healthStatus) {
        return heartbeat(service, instance, healthStatus, 60);
    }

    /** {@code registry.service.heartbeat}; the ingest repeats the registration's {@code ttl_seconds}. */
    static Envelope heartbeat(String service, String instance, String healthStatus, long ttlSeconds) {
        ObjectNode payload = SeedSamples.load(SeedSamples.HEARTBEAT);
        payload.put("health_status", healthStatus);
        payload.put("registration_id", registrationId(service, instance));
        payload.put("service_name", service);
        payload.put("instance_id", instance);
        payload.put("ttl_seconds", ttlSeconds);
        payload.put("updated_at", Instant.now().toString());
        return envelope(EventTypes.REGISTRY_SERVICE_HEARTBEAT, new Source(service, instance, null), payload);
    }

    static Envelope deregistered(String service, String instance) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("registration_id", registrationId(service, instance));
        payload.put("service_name", service);
        payload.put("instance_id", instance);
        payload.put("deregistered_at", Instant.now().toString());
        return envelope(EventTypes.REGISTRY_SERVICE_DEREGISTERED, new Source(service, instance, null), payload);
    }

    static Envelope started(String service, String instance) {
        return lifecycle(EventTypes.SERVICE_STARTED, SeedSamples.LIFECYCLE_STARTED, service, instance);
    }

    static Envelope stopped(String service, String instance) {
        return lifecycle(EventTypes.SERVICE_STOPPED, SeedSamples.LIFECYCLE_STOPPED, service, instance);
    }

    /** A {@code health_changed} hook as normalised by the ingest ({@code health_transition}). */
    static Envelope healthChanged(String service, String instance, String previous, String current) {
        Envelope event = lifecycle(EventTypes.SERVICE_HEALTH_CHANGED, SeedSamples.LIFECYCLE_HEALTH_CHANGED,
                service, instance);
        ObjectNode transition = (ObjectNode) event.payload().remove("health_change");
        transition.put("previous_status", previous);
        transition.put("current_status", current);
        event.payload().set("health_transition", transition);
        event.payload().putObject("impact_assessment");
        return event;
    }

    /** {@code error.service.critical} from the seed error hook; {@code instance} null leaves it out. */
    static Envelope criticalError(String service, String instance, String severity) {
        ObjectNode payload = SeedSamples.load(SeedSamples.ERROR_HOOK);
        ObjectNode info = (ObjectNode) payload.get("error_info");
        info.put("service_name", service);
        info.put("severity", severity);
        if (instance == null) {
            info.remove("instance_id");
        } else {
            info.put("instance_id", instance);
        }
        return envelope(EventTypes.ERROR_SERVICE_CRITICAL, new Source(service, instance, null), payload);
    }

    /** {@code tool.execution.completed} from the seed's successful or failed execution. */
    static Envelope execution(String tool, String executor, boolean success) {
        ObjectNode payload = SeedSamples.load(success ? SeedSamples.TOOL_EXECUTION : SeedSamples.TOOL_EXECUTION_FAILED);
        ObjectNode info = (ObjectNode) payload.get("execution_info");
        info.put("tool_name", tool);
        info.put("execution_id", UUID.randomUUID().toString());
        if (executor == null) {
            info.putNull("executor_service");
        } else {
            info.put("executor_service", executor);
        }
        return envelope(EventTypes.TOOL_EXECUTION_COMPLETED, new Source(executor, null, null), payload);
    }

    /** A successful or failed execution taking {@code durationMs} of which {@code queueMs} queued. */
    static Envelope execution(String tool, String executor, boolean success, double durationMs, double queueMs) {
        Envelope event = execution(tool, executor, success);
        ObjectNode timeline = (ObjectNode) event.payload().get("execution_timeline");
        timeline.put("total_duration_ms", durationMs);
        timeline.put("queue_time_ms", queueMs);
        timeline.put("execution_time_ms", durationMs - queueMs);
        return event;
    }

    /** A failed execution whose {@code execution_result.error} is {@code error}. */
    static Envelope failedExecution(String tool, String executor, String error) {
        Envelope event = execution(tool, executor, false);
        ((ObjectNode) event.payload().get("execution_result")).put("error", error);
        return event;
    }

    /** A successful execution in session {@code sessionId}. */
    static Envelope sessionExecution(String tool, String sessionId) {
        Envelope event = execution(tool, SERVICE, true);
        ((ObjectNode) event.payload().get("execution_info").get("execution_context")).put("session_id", sessionId);
        return event;
    }

    /** {@code service.lifecycle.started} of {@code version} that took {@code startupMs}. */
    static Envelope startedVersion(String service, String instance, String version, double startupMs) {
        Envelope event = started(service, instance);
        ((ObjectNode) event.payload().get("service_info")).put("version", version);
        ((ObjectNode) event.payload().get("startup_metrics")).put("startup_time_ms", startupMs);
        return event;
    }

    /** {@code error.service.critical} whose {@code error_details.message} is {@code message}. */
    static Envelope errorMessage(String service, String instance, String message) {
        Envelope event = criticalError(service, instance, "high");
        ((ObjectNode) event.payload().get("error_details")).put("message", message);
        return event;
    }

    /** {@code registry.tool.registered} from the seed's code_generator registration; key {@link #toolId}. */
    static Envelope toolRegistered(String service, String tool) {
        ObjectNode payload = SeedSamples.load(SeedSamples.TOOL_CODE_GENERATOR);
        payload.put("tool_name", tool);
        payload.put("service_source", service);
        payload.put("tool_id", toolId(service, tool));
        payload.put("registered_at", Instant.now().toString());
        return envelope(EventTypes.REGISTRY_TOOL_REGISTERED, new Source(service, null, null), payload);
    }

    /** {@code tool.registration.discovered} from the seed hook; {@code service} null leaves service_source out. */
    static Envelope toolDiscovered(String service, String tool) {
        ObjectNode payload = SeedSamples.load(SeedSamples.TOOL_DISCOVERED_HOOK);
        ObjectNode info = (ObjectNode) payload.get("tool_info");
        info.put("name", tool);
        if (service == null) {
            info.remove("service_source");
        } else {
            info.put("service_source", service);
        }
        return envelope(EventTypes.TOOL_REGISTRATION_DISCOVERED, new Source(service, null, null), payload);
    }

    static String toolId(String service, String tool) {
        return service + ":" + tool;
    }

    private static Envelope lifecycle(String type, String sample, String service, String instance) {
        ObjectNode payload = SeedSamples.load(sample);
        ObjectNode info = (ObjectNode) payload.get("service_info");
        info.put("name", service);
        if (instance == null) {
            info.remove("instance_id");
        } else {
            info.put("instance_id", instance);
        }
        return envelope(type, new Source(service, instance, null), payload);
    }

    private static Envelope envelope(String type, Source source, ObjectNode payload) {
        return Envelope.create(type, source, CORRELATION_ID, REQUEST_ID, payload);
    }

    private static String registrationId(String service, String instance) {
        byte[] name = ("registration:" + service + "/" + instance).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString();
    }
}
