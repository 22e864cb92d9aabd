package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.schemas.HealthStatus;
import io.omninode.bridge.topology.health.ErrorRateWindow;
import io.omninode.bridge.topology.health.HealthTrigger;
import io.omninode.bridge.topology.health.InstanceHealth;
import io.omninode.bridge.topology.health.RegisteredInstance;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Working copy of one service's registry and health entries while one event (or one deadline
 * check) is applied. Records every real status change as a {@link Change}, in order, each with
 * the service's counts right after it.
 */
final class ServiceState {

    private final String service;
    private final Instant now;
    private final Map<String, RegisteredInstance> registry = new TreeMap<>();
    private final Map<String, InstanceHealth> health = new TreeMap<>();
    private final List<Change> changes = new ArrayList<>();
    private ErrorRateWindow window;
    private boolean registryChanged;
    private boolean healthChanged;

    ServiceState(String service, ServiceRegistration registration, ServiceHealth serviceHealth, Instant now) {
        this.service = service;
        this.now = now;
        if (registration != null) {
            registration.instances().forEach(i -> registry.put(i.instanceId(), i));
        }
        if (serviceHealth != null) {
            serviceHealth.instances().forEach(i -> health.put(i.instanceId(), i));
            window = serviceHealth.errorWindow();
        }
    }

    String service() {
        return service;
    }

    /** Processing time of the event being applied. */
    Instant now() {
        return now;
    }

    Optional<InstanceHealth> health(String instanceId) {
        return Optional.ofNullable(health.get(instanceId));
    }

    Optional<RegisteredInstance> registered(String instanceId) {
        return Optional.ofNullable(registry.get(instanceId));
    }

    /** The instances' health, a snapshot safe to iterate while changing the state. */
    List<InstanceHealth> instances() {
        return List.copyOf(health.values());
    }

    boolean hasInstances() {
        return !health.isEmpty();
    }

    ErrorRateWindow window() {
        return window == null ? new ErrorRateWindow(null, 0, 0, false) : window;
    }

    void window(ErrorRateWindow newWindow) {
        window = newWindow;
        healthChanged = true;
    }

    void put(RegisteredInstance instance) {
        registry.put(instance.instanceId(), instance);
        registryChanged = true;
    }

    void put(InstanceHealth instance) {
        health.put(instance.instanceId(), instance);
        healthChanged = true;
    }

    /** Adds a new instance; its change is from {@link HealthStatus#UNKNOWN}. */
    void add(RegisteredInstance instance, InstanceHealth instanceHealth, String reason) {
        put(instance);
        put(instanceHealth);
        record(instance.instanceId(), instance, HealthStatus.UNKNOWN, instanceHealth.status(),
                instanceHealth.triggerEvent(), reason);
    }

    /** Moves a known instance to {@code status}; nothing happens when it already is in it. */
    void transition(String instanceId, HealthStatus status, HealthTrigger trigger, String reason) {
        InstanceHealth current = health.get(instanceId);
        if (current == null || current.status() == status) {
            return;
        }
        put(current.withStatus(status, trigger, now));
        record(instanceId, registry.get(instanceId), current.status(), status, trigger, reason);
    }

    /** Removes a known instance from registry and health; its change is to {@link HealthStatus#REMOVED}. */
    void remove(String instanceId, HealthTrigger trigger, String reason) {
        InstanceHealth current = health.remove(instanceId);
        RegisteredInstance registered = registry.remove(instanceId);
        if (current == null) {
            return;
        }
        registryChanged = true;
        healthChanged = true;
        record(instanceId, registered, current.status(), HealthStatus.REMOVED, trigger, reason);
    }

    List<Change> changes() {
        return changes;
    }

    /** Whether {@link #registration()} differs from what was loaded. */
    boolean registryChanged() {
        return registryChanged;
    }

    /** Whether {@link #serviceHealth()} differs from what was loaded. */
    boolean healthChanged() {
        return healthChanged;
    }

    /** The registry entry to store, null when the service has no instances left. */
    ServiceRegistration registration() {
        return registry.isEmpty() ? null : new ServiceRegistration(service, List.copyOf(registry.values()));
    }

    /** The health entry to store, null when the service has no instances left. */
    ServiceHealth serviceHealth() {
        return health.isEmpty() ? null : new ServiceHealth(service, List.copyOf(health.values()), window, now);
    }

    private void record(String instanceId, RegisteredInstance instance, HealthStatus previous,
                        HealthStatus current, HealthTrigger trigger, String reason) {
        List<HealthStatus> statuses = health.values().stream().map(InstanceHealth::status).toList();
        int healthy = (int) statuses.stream().filter(s -> s == HealthStatus.HEALTHY).count();
        changes.add(new Change(service, instanceId, instance, previous, current, trigger, reason, now,
                healthy, statuses.size(), HealthStatus.overall(statuses)));
    }
}
