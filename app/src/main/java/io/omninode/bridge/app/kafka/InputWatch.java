package io.omninode.bridge.app.kafka;

import io.omninode.bridge.topology.InputReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the partitions the topology reads, so that its wall clock closes no window and expires
 * no heartbeat while one of them cannot be read to its acknowledged end ({@link InputReadiness}).
 * Every {@link #POLL}, it describes the topics (the bridge's own and those of its Streams
 * application) and asks each partition leader for one partition's end offset:
 * <ul>
 * <li>a partition without a leader, or with fewer in-sync replicas than its
 *     {@code min.insync.replicas} (then its last replicas do not advance the high watermark, so
 *     records acknowledged before may not be readable), makes the inputs unreadable;</li>
 * <li>so does a leader that does not answer (a broker that died before the controller noticed)
 *     and a watch whose last complete answer is older than {@link #STALE}: not knowing is not
 *     readable.</li>
 * </ul>
 * Each change is logged once. A principal that may not describe the topics disables the watch with
 * one warning: the wall clock then closes windows as if the inputs were always readable.
 */
public final class InputWatch implements InputReadiness, AutoCloseable {

    static final Duration POLL = Duration.ofMillis(500);
    static final Duration STALE = Duration.ofSeconds(2);
    /** How long one answer of the cluster may take. */
    public static final Duration TIMEOUT = Duration.ofMillis(1_500);
    private static final long TOPICS_REFRESH_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(InputWatch.class);

    private final Admin admin;
    private final Collection<String> catalog;
    private final String internalPrefix;
    private final LongSupplier clock;
    private final ScheduledExecutorService poller;

    private volatile long lastAnswerMs = Long.MIN_VALUE;
    private volatile long readableSinceMs = Long.MIN_VALUE;
    private volatile boolean disabled;
    /** What made the inputs unreadable, null while they are readable (poller thread only). */
    private String problem;
    private Set<String> watched = Set.of();
    private Map<String, Integer> minInsync = Map.of();
    private long topicsReadMs = Long.MIN_VALUE;

    /**
     * @param admin         a client whose request timeout is at most {@link #TIMEOUT}; the caller closes it,
     *                      after this watch
     * @param catalog       the bridge's topics
     * @param applicationId the Streams application, whose repartition and changelog topics are watched too
     */
    public static InputWatch start(Admin admin, Collection<String> catalog, String applicationId) {
        InputWatch watch = new InputWatch(admin, catalog, applicationId + "-", System::currentTimeMillis);
        watch.poller.scheduleWithFixedDelay(watch::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    InputWatch(Admin admin, Collection<String> catalog, String internalPrefix, LongSupplier clock) {
        this.admin = admin;
        this.catalog = List.copyOf(catalog);
        this.internalPrefix = internalPrefix;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bridge-input-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public long readableSinceMs(long wallClockMs) {
        if (disabled) {
            return Long.MIN_VALUE;
        }
        long answered = lastAnswerMs;
        if (answered == Long.MIN_VALUE || wallClockMs - answered > STALE.toMillis()) {
            return Long.MAX_VALUE;
        }
        return readableSinceMs;
    }

    /** Whether every input is readable now (1) or not (0), for {@code /metrics}. */
    public double readableNow() {
        return readableSinceMs(clock.getAsLong()) == Long.MAX_VALUE ? 0 : 1;
    }

    /** One look at every watched partition; what it finds is what {@link #readableSinceMs} says next. */
    void poll() {
        long started = clock.getAsLong();
        try {
            String found = look(started);
            if (found == null) {
                answered(started);
            } else {
                unreadable(found);
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException denied) {
                disable(denied.getMessage());
            } else if (e.getCause() instanceof UnknownTopicOrPartitionException gone) {
                topicsReadMs = Long.MIN_VALUE;
                unreadable("a watched topic is gone: " + gone.getMessage());
            } else {
                unreadable("Kafka did not answer: " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            unreadable("Kafka did not answer within " + TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            unreadable("watching the inputs failed: " + e);
        }
    }

    /** The first problem found, or null when every watched partition is readable. */
    private String look(long now) throws ExecutionException, TimeoutException, InterruptedException {
        if (now - topicsReadMs >= TOPICS_REFRESH_MS || topicsReadMs == Long.MIN_VALUE) {
            readTopics();
            topicsReadMs = now;
        }
        if (watched.isEmpty()) {
            return null;
        }
        Map<String, TopicDescription> topics = get(admin.describeTopics(watched).allTopicNames());
        Map<Integer, TopicPartition> probes = new HashMap<>();
        for (String topicName : new TreeSet<>(topics.keySet())) {
            TopicDescription topic = topics.get(topicName);
            int required = minInsync.getOrDefault(topic.name(), 1);
            for (TopicPartitionInfo partition : topic.partitions()) {
                String name = topic.name() + "-" + partition.partition();
                Node leader = partition.leader();
                if (leader == null || leader.isEmpty()) {
                    return "partition " + name + " has no leader";
                }
                int needed = Math.min(required, partition.replicas().size());
                if (partition.isr().size() < needed) {
                    return "partition " + name + " has " + partition.isr().size() + " in-sync replica(s), below its"
                            + " min.insync.replicas " + required;
                }
                probes.putIfAbsent(leader.id(), new TopicPartition(topic.name(), partition.partition()));
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        probes.values().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                throw e;
            }
            return "a partition leader did not answer: " + e.getCause().getMessage();
        }
        return null;
    }

    /** The bridge's topics and its application's that exist, with their {@code min.insync.replicas}. */
    private void readTopics() throws ExecutionException, TimeoutException, InterruptedException {
        Set<String> existing = get(admin.listTopics().names());
        Set<String> names = new TreeSet<>();
        for (String name : existing) {
            if (catalog.contains(name) || name.startsWith(internalPrefix)) {
                names.add(name);
            }
        }
        List<ConfigResource> resources = new ArrayList<>();
        names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
        Map<String, Integer> required = new HashMap<>();
        if (!resources.isEmpty()) {
            Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
            configs.forEach((resource, config) -> {
                var entry = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                if (entry != null && entry.value() != null) {
                    required.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        }
        watched = Set.copyOf(names);
        minInsync = Map.copyOf(required);
    }

    private <T> T get(KafkaFuture<T> future)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answered(long at) {
        if (problem != null) {
            LOG.info("every input partition is readable again ({} topics); the wall clock closes windows and"
                    + " expires heartbeats again in {} s", watched.size(), InputReadiness.READABLE_AGAIN_MS / 1000);
            readableSinceMs = at;
            problem = null;
        } else if (lastAnswerMs != Long.MIN_VALUE && at - lastAnswerMs > STALE.toMillis()) {
            // answers stopped for a while without one that said why: readable again only from now
            readableSinceMs = at;
        }
        lastAnswerMs = at;
    }

    private void unreadable(String why) {
        if (problem == null) {
            LOG.warn("{}: windows are not closed and heartbeats not expired by the wall clock until it is readable",
                    why);
        }
        problem = Objects.requireNonNull(why);
        readableSinceMs = Long.MAX_VALUE;
    }

    private void disable(String why) {
        if (!disabled) {
            LOG.warn("cannot watch the input partitions ({}); the wall clock closes windows without knowing whether"
                    + " they are readable", why);
        }
        disabled = true;
        poller.shutdown();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
