package io.omninode.bridge.ingest.kafka;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an envelope topic from the beginning into a local view on its own thread, without a
 * consumer group, and keeps following it (read_committed). {@link #caughtUp()} turns true once
 * everything that was in the topic at start has been applied. Unreadable records are skipped
 * with a warning.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, Envelope> consumer;
    private final Topic<String, Envelope> topic;
    private final Consumer<Envelope> sink;
    private final String name;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean caughtUp;

    /**
     * @param name a short name for the thread, client id and logs, e.g. {@code registry}
     * @param sink receives every envelope in topic order per partition, on the follower's thread
     */
    public TopicFollower(String name, String bootstrapServers, Topic<String, Envelope> topic, Consumer<Envelope> sink) {
        this(name, KafkaConnection.plain(bootstrapServers), topic, sink);
    }

    /** A follower on {@code kafka}, its security settings included. */
    public TopicFollower(String name, KafkaConnection kafka, Topic<String, Envelope> topic, Consumer<Envelope> sink) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bridge-" + name + "-follower");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer());
        this.topic = topic;
        this.sink = sink;
        this.name = name;
        this.thread = new Thread(this::run, "bridge-" + name + "-follower");
        this.thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (running.get()) {
                poll();
                if (!caughtUp && endAtStart.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.info("{} view loaded from {}", name, topic.name());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("{} follower stopped: {}", name, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void poll() {
        try {
            for (ConsumerRecord<String, Envelope> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.value() != null) {
                    sink.accept(record.value());
                }
            }
        } catch (RecordDeserializationException e) {
            LOG.warn("skipping unreadable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
