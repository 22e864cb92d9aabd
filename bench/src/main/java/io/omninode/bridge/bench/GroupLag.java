package io.omninode.bridge.bench;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a Streams application's consumer group is behind, read through the admin client:
 * committed offsets of the group against the end offsets of the topics it reads. With
 * exactly-once, a committed offset means the records before it were processed and their
 * results committed in the same transaction.
 */
final class GroupLag {

    /** The application id of a bridge started with its defaults. */
    static final String BRIDGE_APPLICATION_ID = "omninode-bridge";

    private final Admin admin;
    private final String groupId;

    GroupLag(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /** Records of {@code topic} the group has not committed yet (all of them before its first commit). */
    long behind(String topic) throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = partitions(Set.of(topic));
        return behind(partitions);
    }

    /**
     * Records not committed yet per partition of the application's repartition topics
     * ({@code <group>-…-repartition}); only partitions that are behind. Application ids of one
     * run must not be prefixes of each other, or this counts the other's topics too.
     */
    Map<TopicPartition, Long> behindOnRepartitionTopics() throws ExecutionException, InterruptedException {
        Set<String> internal = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(groupId + "-") && name.endsWith("-repartition"))
                .collect(Collectors.toSet());
        return internal.isEmpty() ? Map.of() : behindByPartition(partitions(internal));
    }

    private long behind(Set<TopicPartition> partitions) throws ExecutionException, InterruptedException {
        return behindByPartition(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> behindByPartition(Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> behind = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long lag = end.getValue().offset() - (offset == null ? 0 : offset.offset());
            if (lag > 0) {
                behind.put(end.getKey(), lag);
            }
        }
        return behind;
    }

    private Set<TopicPartition> partitions(Set<String> topics) throws ExecutionException, InterruptedException {
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until the bridge's topology (the one bridge of a benchmark, on {@code bootstrap}) has
     * committed every record of {@code topic}, so that the next measurement does not share the cores
     * with the rest of the bridge's backlog: how far behind the topology was when the load stopped
     * varied from run to run, and the baseline with it.
     */
    static void awaitBridgeTopology(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            GroupLag lag = new GroupLag(admin, BRIDGE_APPLICATION_ID);
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            long lastProgress = start;
            long behind = lag.behind(topic);
            while (behind > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topology is still " + behind + " executions behind after 10 min");
                }
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(3)) {
                    lastProgress = System.nanoTime();
                    Report.progress("bridge: topology %,d executions behind", behind);
                }
                Thread.sleep(250);
                behind = lag.behind(topic);
            }
            Report.progress("bridge: topology caught up in %.1f s", (System.nanoTime() - start) / 1e9);
        }
    }
}
