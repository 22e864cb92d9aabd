package io.omninode.bridge.app.kafka;

import io.omninode.bridge.app.BridgeException;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of a {@link Topics} catalog that do not exist yet, each with the catalog's
 * partition count and configs and the catalog's replication factor, and returns once every new
 * partition has a leader. Existing topics are left as they are, whatever their settings; running
 * it again creates nothing.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private TopicProvisioner() {
    }

    /**
     * What a provisioning run did.
     *
     * @param created  full names of the topics this run created, in catalog order
     * @param existing full names of the catalog's topics that were already there
     */
    public record Result(List<String> created, List<String> existing) {
        public Result {
            created = List.copyOf(created);
            existing = List.copyOf(existing);
        }
    }

    /** {@link #ensureTopics(Admin, Topics, Duration)} with {@link KafkaClients#DEFAULT_TIMEOUT}. */
    public static Result ensureTopics(Admin admin, Topics topics) {
        return ensureTopics(admin, topics, KafkaClients.DEFAULT_TIMEOUT);
    }

    /**
     * Creates every missing topic of {@code topics}.
     *
     * @param timeout bound on each step: listing, creating, and waiting for leaders of new topics
     * @throws BridgeException when the broker does not answer in time or refuses a topic
     *                         (e.g. a replication factor above the number of brokers)
     */
    public static Result ensureTopics(Admin admin, Topics topics, Duration timeout) {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        Set<String> present = KafkaClients.await(
                admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names(), timeout, "listing topics");

        List<String> existing = new ArrayList<>();
        List<NewTopic> missing = new ArrayList<>();
        for (NewTopic topic : newTopics(topics)) {
            if (present.contains(topic.name())) {
                existing.add(topic.name());
            } else {
                missing.add(topic);
            }
        }

        List<String> created = new ArrayList<>();
        List<NewTopic> createdTopics = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing,
                    new CreateTopicsOptions().timeoutMs(timeoutMs)).values();
            for (NewTopic topic : missing) {
                if (awaitCreation(results.get(topic.name()), topic, timeout)) {
                    created.add(topic.name());
                    createdTopics.add(topic);
                } else {
                    existing.add(topic.name());
                }
            }
        }
        awaitLeaders(admin, createdTopics, timeout);
        log.debug("topics: {} created {}, {} existing", created.size(), created, existing.size());
        return new Result(created, existing);
    }

    /**
     * Every topic of {@code topics} as it is created: the catalog's partitions and configs, the
     * catalog's replication factor, and {@code min.insync.replicas} 2 when that is 3 or more.
     */
    public static List<NewTopic> newTopics(Topics topics) {
        short replicationFactor = topics.config().replicationFactor();
        List<NewTopic> out = new ArrayList<>();
        for (Topic<?, ?> topic : topics.all()) {
            Map<String, String> configs = new TreeMap<>(topic.configs());
            if (topics.config().minInsyncReplicas() > 1) {
                configs.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        Integer.toString(topics.config().minInsyncReplicas()));
            }
            out.add(new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(configs));
        }
        return out;
    }

    /**
     * Waits until the leader of every new partition answers. A topic counts as created once the
     * controller committed it, a moment before brokers know it and its leader serves requests.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        List<String> names = topics.stream().map(NewTopic::name).toList();
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int partition = 0; partition < topic.numPartitions(); partition++) {
                partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // describe first: asking for offsets of a topic the broker does not know yet logs errors
        while (!answers(admin.describeTopics(names).allTopicNames(), timeout)
                || !answers(admin.listOffsets(partitions).all(), timeout)) {
            if (System.nanoTime() > deadline) {
                throw new BridgeException("created " + topics.size() + " topics but their leaders did not answer within "
                        + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    /** True when {@code future} succeeds; false when it fails for a reason that may pass. */
    private static boolean answers(KafkaFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw new BridgeException("checking the new topics failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while waiting for new topics", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while waiting for new topics", e);
        }
    }

    /** True when the topic was created; false when someone else created it first. */
    private static boolean awaitCreation(KafkaFuture<Void> future, NewTopic topic, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw timedOut(topic, timeout, e.getCause());
            }
            if (e.getCause() instanceof TopicAuthorizationException
                    || e.getCause() instanceof ClusterAuthorizationException) {
                throw new BridgeException("the bridge may not create topic " + topic.name() + " on this cluster ("
                        + e.getCause().getMessage() + "); an administrator can create every topic it needs with the "
                        + "commands 'bridge topics --print' prints (same --topic-prefix and --application-id)",
                        e.getCause());
            }
            throw new BridgeException("cannot create topic " + topic.name() + " (" + topic.numPartitions()
                    + " partitions, replication factor " + topic.replicationFactor() + "): "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw timedOut(topic, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while creating topic " + topic.name(), e);
        }
    }

    private static BridgeException timedOut(NewTopic topic, Duration timeout, Throwable cause) {
        return new BridgeException("creating topic " + topic.name() + ": no answer within "
                + timeout.toSeconds() + " s; is the broker running and reachable?", cause);
    }
}
