package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.topology.InputReadiness;
import io.omninode.bridge.topology.StoreNames;
import io.omninode.bridge.topology.TopologyConfig;
import io.omninode.bridge.topology.health.HealthTransitionLog;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import io.omninode.bridge.topology.internal.CatchUp;
import io.omninode.bridge.topology.internal.EnvelopeHeaders;
import io.omninode.bridge.topology.internal.InvalidEventException;
import io.omninode.bridge.topology.internal.LiveConfig;
import io.omninode.bridge.topology.internal.WallClockTicks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one health processor: applies registry events, lifecycle hooks, critical errors and the
 * executors' tool-run counts (all keyed by service) to {@code service-registry} and {@code service-health},
 * checks heartbeat deadlines by wall-clock punctuation, and emits one
 * {@code service.lifecycle.health_changed} per real status change (also appended to
 * {@code health-transitions}).
 */
final class HealthProcessor implements Processor<String, HealthInput, String, Envelope> {

    private final TopologyConfig config;
    private final RegistryRules registryRules;
    private final HookRules hookRules;

    private ProcessorContext<String, Envelope> context;
    private KeyValueStore<String, ServiceRegistration> registry;
    private KeyValueStore<String, ServiceHealth> health;
    private KeyValueStore<String, HealthTransitionLog> transitions;
    private ToolLookup tools;
    private Instant assignedAt;
    private final InputReadiness inputs;

    HealthProcessor(TopologyConfig config, LiveConfig live) {
        this.config = config;
        this.inputs = live.inputs();
        this.registryRules = new RegistryRules(config, live);
        this.hookRules = new HookRules(live);
    }

    @Override
    public void init(ProcessorContext<String, Envelope> context) {
        this.context = context;
        this.registry = context.getStateStore(StoreNames.SERVICE_REGISTRY);
        this.health = context.getStateStore(StoreNames.SERVICE_HEALTH);
        this.transitions = context.getStateStore(StoreNames.HEALTH_TRANSITIONS);
        this.tools = new ToolLookup(context.getStateStore(StoreNames.TOOL_REGISTRY));
        // deadlines never start before this task owned its partition: no false expiry after a restart
        this.assignedAt = Instant.ofEpochMilli(context.currentSystemTimeMs());
        WallClockTicks.every(context, config.punctuationInterval(), this::checkDeadlines);
    }

    @Override
    public void process(Record<String, HealthInput> record) {
        if (record.value() == null) {
            return;
        }
        if (record.value().runs() != null) {
            if (record.key() != null) {
                ServiceState state = load(record.key());
                hookRules.runs(state, record.value().runs());
                save(state, null, null, record.timestamp());
            }
            return;
        }
        Envelope event = record.value().event();
        String service = record.key() != null ? record.key()
                : event.source() != null ? event.source().serviceName() : null;
        if (service == null) {
            throw new InvalidEventException(event.eventType() + " event " + event.eventId() + " names no service");
        }
        ServiceState state = load(service);
        apply(state, event, Instant.ofEpochMilli(record.timestamp()));
        save(state, event.correlationId(), event.requestId(), record.timestamp());
    }

    private void apply(ServiceState state, Envelope event, Instant recordTime) {
        switch (event.eventType()) {
            case EventTypes.REGISTRY_SERVICE_REGISTERED -> registryRules.registered(state, event, recordTime);
            case EventTypes.REGISTRY_SERVICE_HEARTBEAT -> registryRules.heartbeat(state, event, recordTime);
            case EventTypes.REGISTRY_SERVICE_DEREGISTERED -> registryRules.deregistered(state, event);
            case EventTypes.SERVICE_STARTED -> hookRules.started(state, event);
            case EventTypes.SERVICE_STOPPED -> hookRules.stopped(state, event);
            case EventTypes.SERVICE_HEALTH_CHANGED -> hookRules.healthChanged(state, event);
            case EventTypes.ERROR_SERVICE_CRITICAL -> hookRules.criticalError(state, event);
            default -> {
                // e.g. configuration.updated: not about health
            }
        }
    }

    /**
     * Expires and removes what is due. Not while an input cannot be read to its acknowledged end (a
     * heartbeat the bridge acknowledged may be behind it), and no deadline starts before the inputs
     * were readable again: an outage of Kafka is not an outage of the fleet.
     */
    private void checkDeadlines(long wallClockMs) {
        if (!CatchUp.readable(inputs, wallClockMs)) {
            return;
        }
        long readableSince = inputs.readableSinceMs(wallClockMs);
        Instant clockStart = readableSince == Long.MIN_VALUE || readableSince <= assignedAt.toEpochMilli()
                ? assignedAt : Instant.ofEpochMilli(readableSince);
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, ServiceHealth>> due = new ArrayList<>();
        try (KeyValueIterator<String, ServiceHealth> all = health.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.instances().stream().anyMatch(i -> registryRules.due(i, now, clockStart))) {
                    due.add(entry);
                }
            });
        }
        for (KeyValue<String, ServiceHealth> entry : due) {
            ServiceState state = new ServiceState(entry.key, registry.get(entry.key), entry.value, now);
            registryRules.checkDeadlines(state, clockStart);
            save(state, null, null, wallClockMs);
        }
    }

    private ServiceState load(String service) {
        ServiceHealth serviceHealth = health.get(service);
        ServiceRegistration registration = registry.get(service);
        return new ServiceState(service, registration, serviceHealth,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }

    private void save(ServiceState state, String correlationId, String requestId, long timestamp) {
        String service = state.service();
        if (state.registryChanged()) {
            registry.put(service, state.registration());
        }
        if (state.healthChanged()) {
            health.put(service, state.serviceHealth());
        }
        if (state.changes().isEmpty()) {
            return;
        }
        HealthTransitionLog log = transitions.get(service);
        if (log == null) {
            log = new HealthTransitionLog(service, List.of());
        }
        Map<String, List<String>> toolIds = new HashMap<>(1);
        for (Change change : state.changes()) {
            Envelope event = HealthEvents.envelope(change, s -> toolIds.computeIfAbsent(s, tools::toolIdsOf),
                    correlationId, requestId);
            log = log.prepend(HealthEvents.logEntry(change, event), config.transitionsPerService());
            context.forward(new Record<>(service, event, timestamp, EnvelopeHeaders.of(event)));
        }
        transitions.put(service, log);
    }
}
