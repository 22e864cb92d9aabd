package io.omninode.bridge.consul;

import com.ecwid.consul.ConsulException;
import com.ecwid.consul.v1.agent.model.Service;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the bridge does with Consul, started and stopped as one: the {@link ConsulMirror}
 * of {@code registry.services}, the {@link ConsulConfigWatcher} of KV, and the
 * {@link ConsulStatus} the ingest asks for {@code consul_registered}.
 *
 * <pre>{@code
 * ConsulIntegration consul = ConsulIntegration.start(options.consulSettings(), bootstrapServers, topics,
 *         options.applicationId());          // settings null: disabled, starts nothing
 * consul.status().awaitRegistered(registrationId, Duration.ofSeconds(2));
 * consul.close();
 * }</pre>
 */
public final class ConsulIntegration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulIntegration.class);
    private static final Duration MIRROR_READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_READ_TIMEOUT = Duration.ofMillis(800);

    private final ConsulStatus status;
    /** Started parts, the most recent first. */
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private ConsulConfigWatcher watcher;

    private ConsulIntegration(ConsulStatus status) {
        this.status = status;
    }

    /**
     * Starts mirroring and watching, or nothing when {@code settings} is null (Consul disabled).
     * Returns at once: an unreachable agent is retried in the background, never fatal.
     *
     * @param applicationId the bridge's (prefixed) application id; the consumer groups derive from it
     */
    public static ConsulIntegration start(ConsulSettings settings, String bootstrapServers, Topics topics,
                                          String applicationId) {
        return start(settings, KafkaConnection.plain(bootstrapServers), topics, applicationId);
    }

    /** {@link #start(ConsulSettings, String, Topics, String)} on {@code kafka}, its security settings included. */
    public static ConsulIntegration start(ConsulSettings settings, KafkaConnection kafka, Topics topics,
                                          String applicationId) {
        if (settings == null) {
            return new ConsulIntegration(ConsulStatus.DISABLED);
        }
        ConsulConnection probe = new ConsulConnection(settings, PROBE_READ_TIMEOUT);
        ConsulRegistrationTracker tracker = new ConsulRegistrationTracker(id -> hasRegistration(probe, id));
        ConsulIntegration integration = new ConsulIntegration(tracker);
        try {
            integration.resources.push(probe);
            integration.resources.push(tracker);
            ConsulConnection mirrorConnection = integration.add(new ConsulConnection(settings, MIRROR_READ_TIMEOUT));
            integration.add(ConsulMirror.start(settings, kafka, topics, applicationId, mirrorConnection,
                    tracker));
            Duration kvRead = settings.kvWait().plus(settings.kvWait().dividedBy(16)).plusSeconds(10);
            ConsulConnection kvConnection = integration.add(new ConsulConnection(settings, kvRead));
            integration.watcher = integration.add(ConsulConfigWatcher.start(settings, kafka, topics,
                    applicationId, kvConnection));
        } catch (RuntimeException e) {
            integration.close();
            throw e;
        }
        LOG.info("mirroring registrations to Consul at {} and watching its KV under {}", settings.url(),
                KvLayout.ROOT);
        return integration;
    }

    /** Whether Consul is on, reachable, and has a given registration; {@link ConsulStatus#DISABLED} when off. */
    public ConsulStatus status() {
        return status;
    }

    /** True while this process is the one feeding Consul KV into {@code bridge.config}. */
    public boolean watchingConfig() {
        return watcher != null && watcher.leading();
    }

    private <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Asks the agent whether a service carries this {@code registration_id} in its meta. */
    private static boolean hasRegistration(ConsulConnection consul, String registrationId) {
        try {
            Map<String, Service> services = consul.client().getAgentServices().getValue();
            return services != null && services.values().stream()
                    .anyMatch(s -> s.getMeta() != null && registrationId.equals(s.getMeta().get("registration_id")));
        } catch (ConsulException e) {
            return false;
        }
    }

    /** Stops the watcher, the mirror and the tracker, most recent first. Never throws. */
    @Override
    public void close() {
        for (AutoCloseable resource = resources.poll(); resource != null; resource = resources.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping the Consul integration: {}", e.toString());
            }
        }
    }
}
