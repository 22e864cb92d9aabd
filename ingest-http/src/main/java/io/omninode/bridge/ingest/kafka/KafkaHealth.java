package io.omninode.bridge.ingest.kafka;

import io.omninode.bridge.http.ops.HealthCheck;
import io.omninode.bridge.schemas.KafkaConnection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers: a {@code describeCluster} with a short timeout, cached for a
 * second so that health probes never pile up on the broker.
 */
public final class KafkaHealth implements HealthCheck, AutoCloseable {

    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final boolean ownsAdmin;
    private volatile Status last = Status.down("not checked yet");
    private volatile long checkedAt = System.nanoTime() - 2 * CACHE_NANOS;

    public KafkaHealth(String bootstrapServers) {
        this(KafkaConnection.plain(bootstrapServers));
    }

    public KafkaHealth(KafkaConnection kafka) {
        Properties props = kafka.clientProperties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "bridge-health");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.admin = Admin.create(props);
        this.ownsAdmin = true;
    }

    /** Checks through {@code admin}, which the caller closes (after this). */
    public KafkaHealth(Admin admin) {
        this.admin = admin;
        this.ownsAdmin = false;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized Status check() {
        if (System.nanoTime() - checkedAt < CACHE_NANOS) {
            return last;
        }
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS).size();
            last = brokers > 0 ? Status.up(brokers + " broker(s)") : Status.down("no brokers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = Status.down("interrupted");
        } catch (Exception e) {
            last = Status.down("unreachable: " + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName());
        }
        checkedAt = System.nanoTime();
        return last;
    }

    @Override
    public void close() {
        if (ownsAdmin) {
            admin.close();
        }
    }
}
