package io.omninode.bridge.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Power of two choices: of two random usable instances, take the one with the lower cost —
 * outstanding requests, weighted by the heartbeat's {@code load_factor} and the observed latency.
 * Healthy instances are preferred; degraded ones are used only when no healthy one is usable;
 * unhealthy and stopped instances, and instances whose breaker is open, never.
 */
public final class LoadBalancer {

    public static final String STRATEGY = "power_of_two_choices";

    private final Map<String, InstanceStats> stats = new ConcurrentHashMap<>();
    private final Supplier<InstanceStats> newStats;

    public LoadBalancer() {
        this(InstanceStats::withDefaults);
    }

    LoadBalancer(Supplier<InstanceStats> newStats) {
        this.newStats = newStats;
    }

    /** How many instances have an open circuit now. */
    public long openCircuits() {
        return stats.values().stream().filter(s -> s.circuit() == CircuitBreaker.State.OPEN).count();
    }

    public InstanceStats stats(TargetInstance instance) {
        return stats.computeIfAbsent(instance.service() + "/" + instance.instanceId(), k -> newStats.get());
    }

    /** The instance to call next, excluding those already tried by this request. */
    public Optional<TargetInstance> choose(List<TargetInstance> instances, Set<String> excluded) {
        Optional<TargetInstance> healthy = pick(usable(instances, excluded, "healthy"));
        return healthy.isPresent() ? healthy : pick(usable(instances, excluded, "degraded"));
    }

    private List<TargetInstance> usable(List<TargetInstance> instances, Set<String> excluded, String status) {
        List<TargetInstance> out = new ArrayList<>();
        for (TargetInstance i : instances) {
            if (status.equals(i.status()) && !excluded.contains(i.instanceId()) && stats(i).breaker.available()) {
                out.add(i);
            }
        }
        return out;
    }

    private Optional<TargetInstance> pick(List<TargetInstance> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(candidates.size());
        int b = random.nextInt(candidates.size() - 1);
        if (b >= a) {
            b++;
        }
        TargetInstance first = candidates.get(a);
        TargetInstance second = candidates.get(b);
        return Optional.of(cost(first) <= cost(second) ? first : second);
    }

    private double cost(TargetInstance instance) {
        InstanceStats s = stats(instance);
        return (s.outstanding() + 1) * (1.0 + Math.max(0.0, instance.loadFactor())) * (1.0 + s.averageMillis() / 100.0);
    }
}
