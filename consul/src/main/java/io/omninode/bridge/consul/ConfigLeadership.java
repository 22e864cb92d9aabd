package io.omninode.bridge.consul;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks one config watcher among the bridge processes, with Kafka's group protocol rather than
 * anything home-made: the member of group {@code <application-id>-consul-config} that is assigned
 * partition 0 of {@code bridge.config} leads. Meanwhile every member reads {@code bridge.config}
 * in full into the {@link ConfigState}; the leader leads only once that read has caught up.
 */
final class ConfigLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLeadership.class);
    private static final Duration POLL = Duration.ofMillis(150);
    private static final Duration MEMBER_POLL = Duration.ofMillis(50);

    private final KafkaConsumer<byte[], byte[]> member;
    private final KafkaConsumer<String, JsonNode> reader;
    private final Topic<String, JsonNode> topic;
    private final ConfigState state;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean assigned;
    private volatile boolean caughtUp;
    private volatile boolean leading;

    ConfigLeadership(KafkaConnection kafka, Topic<String, JsonNode> topic, String applicationId, ConfigState state) {
        this.topic = topic;
        this.state = state;
        Properties common = kafka.clientProperties();
        common.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        common.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        common.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties memberProps = new Properties();
        memberProps.putAll(common);
        memberProps.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-consul-config");
        memberProps.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-consul-config-member");
        this.member = new KafkaConsumer<>(memberProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties readerProps = new Properties();
        readerProps.putAll(common);
        readerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-consul-config-reader");
        this.reader = new KafkaConsumer<>(readerProps, new StringDeserializer(), topic.valueSerde().deserializer());
        this.thread = new Thread(this::run, "consul-config-leadership");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True while this process leads and knows what {@code bridge.config} holds. */
    boolean leading() {
        return leading;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = reader.partitionsFor(topic.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            member.subscribe(List.of(topic.name()), new Membership());
            while (stop.getCount() > 0) {
                member.poll(MEMBER_POLL); // membership only: its partitions stay paused
                for (ConsumerRecord<String, JsonNode> record : reader.poll(POLL)) {
                    state.apply(record.key(), record.value(), record.headers(),
                            new TopicPartition(record.topic(), record.partition()), record.offset());
                }
                if (!caughtUp && reachedEnd(partitions)) {
                    caughtUp = true;
                }
                updateLeading();
            }
        } catch (WakeupException closing) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.error("Consul config leadership stopped: {}", e.toString());
        } finally {
            leading = false;
            member.close(Duration.ofSeconds(5));
            reader.close(Duration.ofSeconds(5));
        }
    }

    private boolean reachedEnd(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
        return partitions.stream().allMatch(p -> reader.position(p) >= ends.get(p));
    }

    private void updateLeading() {
        boolean now = assigned && caughtUp;
        if (now != leading) {
            leading = now;
            LOG.info(now ? "watching Consul KV (this process leads {})" : "no longer watching Consul KV ({})",
                    member.groupMetadata().groupId());
        }
    }

    @Override
    public void close() {
        stop.countDown();
        member.wakeup();
        reader.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Membership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(new TopicPartition(topic.name(), 0))) {
                assigned = false;
                leading = false;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            member.pause(partitions);
            if (partitions.contains(new TopicPartition(topic.name(), 0))) {
                assigned = true;
            }
        }
    }
}
