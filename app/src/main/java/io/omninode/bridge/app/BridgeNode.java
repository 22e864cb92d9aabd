package io.omninode.bridge.app;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.omninode.bridge.ingest.IngestApp;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.ingest.auth.Authenticator;
import io.omninode.bridge.ingest.kafka.EventPublisher;
import io.omninode.bridge.ingest.ops.HealthCheck;
import io.omninode.bridge.ingest.ops.KafkaHealth;
import io.omninode.bridge.ingest.registry.RegistrationIndex;
import io.omninode.bridge.ingest.registry.RegistryTopicFollower;
import io.omninode.bridge.schemas.Topics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One bridge process's services on top of a running Kafka: the producer, the registration
 * index, health checks and the HTTP server. {@link #close()} stops them in reverse order —
 * HTTP first (draining in-flight requests), then the producer (flushing), then the readers.
 */
public final class BridgeNode implements AutoCloseable {

    /**
     * Everything a node needs to start.
     *
     * @param bootstrapServers Kafka to use
     * @param topics           the topic catalog (topics must exist)
     * @param host             HTTP bind address
     * @param port             HTTP port, 0 for any free port
     * @param ingest           HTTP limits
     * @param authenticator    who may call
     */
    public record Settings(String bootstrapServers, Topics topics, String host, int port, IngestConfig ingest,
                           Authenticator authenticator) {
    }

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final IngestApp http;
    private final PrometheusMeterRegistry metrics;

    private BridgeNode(Settings settings) {
        try {
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(metrics);
            resources.push(gc);
            resources.push(metrics::close);

            RegistrationIndex index = new RegistrationIndex();
            RegistryTopicFollower follower = new RegistryTopicFollower(settings.bootstrapServers(),
                    settings.topics().registryServices, index).start();
            resources.push(follower);
            KafkaHealth kafka = new KafkaHealth(settings.bootstrapServers());
            resources.push(kafka);
            EventPublisher publisher = EventPublisher.create(settings.bootstrapServers(), "bridge-ingest",
                    settings.topics().serviceLifecycle);
            resources.push(publisher);

            HealthCheck registry = HealthCheck.of("registry_index", () -> follower.caughtUp()
                    ? HealthCheck.Status.up(index.size() + " registrations")
                    : HealthCheck.Status.down("loading registry.services"));
            http = new IngestApp(settings.ingest(), settings.topics(), publisher, index, settings.authenticator(),
                    metrics, List.of(kafka, registry), List.of(kafka, registry), List.of());
            resources.push(http);
            http.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts every service and binds the HTTP port; the caller waits for {@code /ready}. */
    public static BridgeNode start(Settings settings) {
        return new BridgeNode(settings);
    }

    public IngestApp http() {
        return http;
    }

    public int port() {
        return http.port();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(BridgeNode.class).warn("error while stopping: {}", e.toString());
            }
        }
    }
}
