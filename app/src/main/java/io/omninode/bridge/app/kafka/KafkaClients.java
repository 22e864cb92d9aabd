package io.omninode.bridge.app.kafka;

import io.omninode.bridge.app.BridgeException;
import io.omninode.bridge.schemas.KafkaConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

/** Admin clients with bounded timeouts, and the waits the bridge does on them. */
public final class KafkaClients {

    /** How long the bridge waits for Kafka to answer an admin request before giving up. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private KafkaClients() {
    }

    /**
     * An {@link Admin} whose every call fails after {@code timeout}.
     *
     * @throws BridgeException when {@code bootstrapServers} is malformed or does not resolve
     */
    public static Admin admin(String bootstrapServers, String clientId, Duration timeout) {
        return admin(KafkaConnection.plain(bootstrapServers), clientId, timeout);
    }

    /** {@link #admin(String, String, Duration)} on {@code kafka}, its security settings included. */
    public static Admin admin(KafkaConnection kafka, String clientId, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        Properties props = kafka.clientProperties();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        try {
            return Admin.create(props);
        } catch (KafkaException e) {
            throw new BridgeException("cannot create a Kafka client for '" + kafka.bootstrapServers() + "': "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause.getMessage() + ")";
    }

    /**
     * The brokers of the cluster, once it answers.
     *
     * @throws BridgeException when the cluster does not answer within {@code timeout}
     */
    public static Collection<Node> describeCluster(Admin admin, String bootstrapServers, Duration timeout) {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs(Math.toIntExact(timeout.toMillis()));
        return await(admin.describeCluster(options).nodes(), timeout,
                "reaching Kafka at " + bootstrapServers);
    }

    /**
     * Waits for {@code future}, turning timeouts and failures into a {@link BridgeException}
     * that names {@code what} was being done.
     */
    public static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timedOut(what, timeout, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw timedOut(what, timeout, cause);
            }
            throw new BridgeException(what + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException(what + " was interrupted", e);
        }
    }

    private static BridgeException timedOut(String what, Duration timeout, Throwable cause) {
        return new BridgeException(what + ": no answer within " + timeout.toSeconds()
                + " s; is the broker running and reachable?", cause);
    }
}
