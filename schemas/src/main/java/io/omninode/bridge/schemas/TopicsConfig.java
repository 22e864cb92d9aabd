package io.omninode.bridge.schemas;

/**
 * How the topic catalog is built.
 *
 * @param prefix            prepended to every topic name (e.g. {@code "prod."}), may be empty
 * @param partitionsScale   multiplies every default partition count (at least 1 partition each)
 *                          — 1.0 keeps DESIGN.md §3's counts
 * @param replicationFactor replication factor used when creating topics
 */
public record TopicsConfig(String prefix, double partitionsScale, short replicationFactor) {

    public static final TopicsConfig DEFAULT = new TopicsConfig("", 1.0, (short) 1);
    /** The replication factor of topics on a cluster with the brokers for it. */
    public static final short PRODUCTION_REPLICATION_FACTOR = 3;
    /** {@code min.insync.replicas} of topics replicated {@link #PRODUCTION_REPLICATION_FACTOR} times or more. */
    public static final int PRODUCTION_MIN_INSYNC_REPLICAS = 2;

    public TopicsConfig {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix may contain only letters, digits, '.', '_' and '-': " + prefix);
        }
        if (partitionsScale <= 0) {
            throw new IllegalArgumentException("partitionsScale must be positive");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1");
        }
    }

    /**
     * {@code min.insync.replicas} for the bridge's topics: 2 where they have 3 replicas or more (an
     * acknowledged write survives one broker), else 1.
     */
    public int minInsyncReplicas() {
        return replicationFactor >= PRODUCTION_REPLICATION_FACTOR ? PRODUCTION_MIN_INSYNC_REPLICAS : 1;
    }

    public static TopicsConfig withPrefix(String prefix) {
        return new TopicsConfig(prefix, 1.0, (short) 1);
    }
}
