package io.omninode.bridge.consul;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors {@code registry.services} (and removals on {@code intelligence.health}) to the Consul
 * agent. Its consumer group is {@code <application-id>-consul-mirror}, so bridge processes share
 * the partitions. An offset is committed only after the agent accepted the record's update;
 * while the agent is down the partitions are paused and the failed update retried with bounded
 * backoff — nothing is skipped, and the backlog is applied in order once the agent is back.
 */
public final class ConsulMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulMirror.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaConsumer<String, Envelope> consumer;
    private final RegistryMirrorActions actions;
    private final ConsulRegistrationTracker tracker;
    private final ConsulSettings settings;
    private final List<String> topicNames;
    private final Backoff backoff;
    private final CountDownLatch stop = new CountDownLatch(1);
    /** Next offset to commit per partition: applied in Consul, not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private final Thread thread;
    private boolean down;
    /** Bumped on every revocation: a batch polled before it is abandoned (its partitions restart at the committed offset). */
    private int generation;

    private ConsulMirror(ConsulSettings settings, KafkaConnection kafka, Topics topics, String applicationId,
                         ConsulConnection consul, ConsulRegistrationTracker tracker) {
        this.settings = settings;
        this.tracker = tracker;
        this.actions = new RegistryMirrorActions(consul, settings, tracker);
        this.backoff = new Backoff(settings.maxBackoff());
        this.topicNames = List.of(topics.registryServices.name(), topics.intelligenceHealth.name());
        this.consumer = new KafkaConsumer<>(consumerProperties(kafka, groupId(applicationId)),
                new StringDeserializer(), topics.registryServices.valueSerde().deserializer());
        this.thread = new Thread(this::run, "consul-mirror");
    }

    /** The consumer group of the mirror of {@code applicationId}. */
    public static String groupId(String applicationId) {
        return applicationId + "-consul-mirror";
    }

    /** Starts mirroring on a thread of its own. */
    static ConsulMirror start(ConsulSettings settings, KafkaConnection kafka, Topics topics, String applicationId,
                              ConsulConnection consul, ConsulRegistrationTracker tracker) {
        ConsulMirror mirror = new ConsulMirror(settings, kafka, topics, applicationId, consul, tracker);
        mirror.thread.start();
        return mirror;
    }

    private void run() {
        try {
            consumer.subscribe(topicNames, new Rebalance());
            while (running()) {
                mirror(poll());
            }
        } catch (WakeupException closing) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("Consul mirror stopped: {}", e.toString());
        } finally {
            try {
                commitPending();
            } catch (RuntimeException e) {
                LOG.debug("final commit failed: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private ConsumerRecords<String, Envelope> poll() {
        try {
            return consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
            LOG.warn("skipping unreadable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            pending.put(e.topicPartition(), new OffsetAndMetadata(e.offset() + 1));
            return ConsumerRecords.empty();
        }
    }

    private void mirror(ConsumerRecords<String, Envelope> records) {
        int polledIn = generation;
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, Envelope> record : records.records(partition)) {
                if (polledIn != generation || !applyUntilAccepted(record, polledIn)) {
                    // revoked while retrying, or closing: what is still ours is fetched again from there
                    rewind(records, next);
                    commitPending();
                    return;
                }
                next.put(partition, record.offset() + 1);
                pending.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
            commitPending();
        }
    }

    /** Seeks every still assigned partition of an abandoned batch back to its first unapplied record. */
    private void rewind(ConsumerRecords<String, Envelope> records, Map<TopicPartition, Long> next) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (assigned.contains(partition)) {
                consumer.seek(partition, next.getOrDefault(partition, records.records(partition).get(0).offset()));
            }
        }
    }

    /** Applies the record, retrying while the agent is down; false when closing or the partition was revoked. */
    private boolean applyUntilAccepted(ConsumerRecord<String, Envelope> record, int polledIn) {
        while (running() && polledIn == generation) {
            try {
                if (record.value() != null) {
                    actions.apply(record.value());
                }
                if (down) {
                    LOG.info("Consul at {} is reachable again; catching up", settings.url());
                    down = false;
                    consumer.resume(consumer.paused());
                }
                tracker.reachable(true);
                backoff.reset();
                return true;
            } catch (ConsulUnavailableException e) {
                if (!down) {
                    LOG.warn("Consul at {} is unavailable ({}); mirroring paused, retrying until it is back",
                            settings.url(), e.getMessage());
                    down = true;
                    tracker.reachable(false);
                    commitPending();
                }
                consumer.pause(consumer.assignment());
                pause(backoff.nextMillis());
                keepMembership();
            }
        }
        return false;
    }

    /** Polls the paused consumer so the group keeps it; records it returns anyway are fetched again later. */
    private void keepMembership() {
        ConsumerRecords<String, Envelope> stray = consumer.poll(Duration.ZERO);
        for (TopicPartition partition : stray.partitions()) {
            consumer.seek(partition, stray.records(partition).get(0).offset());
        }
    }

    private void commitPending() {
        if (!pending.isEmpty()) {
            consumer.commitSync(Map.copyOf(pending));
            pending.clear();
        }
    }

    private boolean running() {
        return stop.getCount() > 0;
    }

    private void pause(long millis) {
        try {
            stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        consumer.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Properties consumerProperties(KafkaConnection kafka, String groupId) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return props;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commitPending();
            } catch (RuntimeException e) {
                LOG.debug("commit on revocation failed: {}", e.toString());
                pending.clear();
            }
            generation++;
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.keySet().removeAll(partitions);
            generation++;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (down) {
                consumer.pause(partitions);
            }
        }
    }
}
