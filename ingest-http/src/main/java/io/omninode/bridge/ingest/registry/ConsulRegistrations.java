package io.omninode.bridge.ingest.registry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a registration made it into Consul, for the {@code consul_registered} field of the
 * registration reply. The Consul mirror (optional) implements it; without Consul the answer is
 * always false.
 */
@FunctionalInterface
public interface ConsulRegistrations {

    /** Consul is not configured: nothing is ever registered there. */
    ConsulRegistrations NONE = (registrationId, timeout) -> CompletableFuture.completedFuture(false);

    /** Completes with true once Consul has the registration, false after {@code timeout}; never fails. */
    CompletableFuture<Boolean> awaitRegistered(String registrationId, Duration timeout);
}
