package io.omninode.bridge.ingest.kafka;

import io.omninode.bridge.http.ops.HealthCheck;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers: a {@code describeCluster} with a short timeout, cached for a
 * second so that health probes never pile up on the broker.
 */
public final class KafkaHealth implements HealthCheck {

    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int TIMEOUT_MS = 2_000;

    private final Admin admin;
    private volatile Status last = Status.down("not checked yet");
    private volatile long checkedAt = System.nanoTime() - 2 * CACHE_NANOS;

    /** Checks through {@code admin}, which the caller closes (after this). */
    public KafkaHealth(Admin admin) {
        this.admin = admin;
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
}
