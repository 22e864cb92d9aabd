package io.omninode.bridge.queries;

import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How this bridge instance takes part in the query cluster.
 *
 * @param instanceId        reported as {@code metadata.served_by}
 * @param applicationServer this instance's {@code application.server}: where other instances
 *                          forward queries for keys it owns
 * @param clusterSecret     shared by all instances; forwarded queries must carry it
 */
public record ClusterConfig(String instanceId, HostInfo applicationServer, String clusterSecret) {

    public ClusterConfig {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(applicationServer, "applicationServer");
        if (clusterSecret == null || clusterSecret.length() < 16) {
            throw new IllegalArgumentException("cluster secret must have at least 16 characters");
        }
    }

    /** {@code host:port}, the form of {@code application.server}. */
    public String applicationServerString() {
        return applicationServer.host() + ":" + applicationServer.port();
    }
}
