package io.omninode.bridge.consul;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What the rest of the bridge may ask about Consul: whether mirroring is on, whether the agent
 * answers, and whether a registration has reached it — the truth behind the registration reply's
 * {@code consul_registered}.
 */
public interface ConsulStatus {

    /** Mirroring is off ({@code --consul-url} not given): nothing is ever registered in Consul. */
    ConsulStatus DISABLED = new ConsulStatus() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean reachable() {
            return false;
        }

        @Override
        public CompletableFuture<Boolean> awaitRegistered(String registrationId, Duration timeout) {
            return CompletableFuture.completedFuture(false);
        }
    };

    /** True when registrations are mirrored to a Consul agent. */
    boolean enabled();

    /** True when the last request to the agent succeeded; false while it is down (or disabled). */
    boolean reachable();

    /**
     * Completes with true once the instance of {@code registrationId} is registered in Consul —
     * immediately if it already is — or with false when {@code timeout} passes first or mirroring
     * is disabled. Never completes exceptionally.
     */
    CompletableFuture<Boolean> awaitRegistered(String registrationId, Duration timeout);
}
