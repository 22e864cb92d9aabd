package io.omninode.bridge.consul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting side of {@code consul_registered}: the {@link ConsulMirror} of this process marks
 * each registration id once the agent accepted it; the ingest awaits that mark. A registration
 * whose partition another bridge process mirrors is never marked here, so halfway through the
 * wait the tracker asks the agent once whether a service carries that {@code registration_id} in
 * its meta.
 */
public final class ConsulRegistrationTracker implements ConsulStatus, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulRegistrationTracker.class);

    private final Set<String> registered = new HashSet<>();
    private final Map<String, List<CompletableFuture<Boolean>>> waiters = new HashMap<>();
    private final Predicate<String> agentProbe;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "consul-registration-tracker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean reachable;

    /**
     * @param agentProbe answers whether the agent has a service with this {@code registration_id}
     *                   in its meta; may block up to its client's timeout, must not throw
     */
    public ConsulRegistrationTracker(Predicate<String> agentProbe) {
        this.agentProbe = agentProbe;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    void reachable(boolean value) {
        reachable = value;
    }

    @Override
    public CompletableFuture<Boolean> awaitRegistered(String registrationId, Duration timeout) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        synchronized (this) {
            if (registered.contains(registrationId)) {
                return CompletableFuture.completedFuture(true);
            }
            waiters.computeIfAbsent(registrationId, id -> new ArrayList<>()).add(result);
        }
        long millis = Math.max(1, timeout.toMillis());
        timer.schedule(() -> probe(registrationId, result), millis / 2, TimeUnit.MILLISECONDS);
        timer.schedule(() -> giveUp(registrationId, result), millis, TimeUnit.MILLISECONDS);
        return result;
    }

    /** The agent accepted the registration of {@code registrationId}. */
    void markRegistered(String registrationId) {
        List<CompletableFuture<Boolean>> done;
        synchronized (this) {
            registered.add(registrationId);
            done = waiters.remove(registrationId);
        }
        if (done != null) {
            done.forEach(waiter -> waiter.complete(true));
        }
    }

    /** The instance of {@code registrationId} left Consul. */
    synchronized void markDeregistered(String registrationId) {
        registered.remove(registrationId);
    }

    /** True when this process saw the agent accept {@code registrationId} (and no removal since). */
    public synchronized boolean isRegistered(String registrationId) {
        return registered.contains(registrationId);
    }

    private void probe(String registrationId, CompletableFuture<Boolean> waiter) {
        if (waiter.isDone()) {
            return;
        }
        // the probe may block: keep the timer free for the deadline
        CompletableFuture.runAsync(() -> {
            if (agentProbe.test(registrationId)) {
                markRegistered(registrationId);
            }
        }).exceptionally(e -> {
            LOG.debug("probing Consul for {} failed: {}", registrationId, e.toString());
            return null;
        });
    }

    private void giveUp(String registrationId, CompletableFuture<Boolean> waiter) {
        synchronized (this) {
            List<CompletableFuture<Boolean>> pending = waiters.get(registrationId);
            if (pending != null) {
                pending.remove(waiter);
                if (pending.isEmpty()) {
                    waiters.remove(registrationId);
                }
            }
        }
        waiter.complete(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(pending::addAll);
            waiters.clear();
        }
        pending.forEach(waiter -> waiter.complete(false));
    }
}
