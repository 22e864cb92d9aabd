package io.omninode.bridge.queries;

import java.util.Set;

/**
 * Which partitions of a store one local read covers and which copies may answer it.
 *
 * @param partitions the partitions to read; null for every partition this instance is assigned as
 *                   active (what instances without partition lists ask each other for)
 * @param allowStale whether a standby or a restoring copy may answer (then {@code reading} is
 *                   marked stale)
 * @param reading    the request's record of what answered
 */
public record Scope(Set<Integer> partitions, boolean allowStale, Reading reading) {

    /** One partition. */
    public static Scope of(int partition, boolean allowStale, Reading reading) {
        return new Scope(Set.of(partition), allowStale, reading);
    }

    /** The one partition of a key read. */
    public int partition() {
        if (partitions == null || partitions.size() != 1) {
            throw new IllegalStateException("not a one-partition scope: " + partitions);
        }
        return partitions.iterator().next();
    }
}
