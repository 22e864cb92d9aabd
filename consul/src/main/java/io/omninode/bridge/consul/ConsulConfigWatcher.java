package io.omninode.bridge.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Ids;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds Consul KV under {@code omninode-bridge/bridge/} and {@code omninode-bridge/services/} into
 * {@code bridge.config} (see {@link KvLayout} for the mapping): each changed key becomes a record
 * there (a deletion a tombstone) and a {@code configuration.updated} event on
 * {@code hooks.service_lifecycle}. Only the leader among the bridge processes watches (see
 * {@link ConfigLeadership}); it compares Consul with what {@code bridge.config} already holds, so a
 * restart or a new leader publishes only real changes.
 */
public final class ConsulConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsulConfigWatcher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Topics topics;
    private final ConfigState state = new ConfigState();
    private final KafkaProducer<String, JsonNode> configProducer;
    private final KafkaProducer<String, Envelope> eventProducer;
    private final ConfigLeadership leadership;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Thread> watches;

    private ConsulConfigWatcher(ConsulSettings settings, KafkaConnection kafka, Topics topics, String applicationId,
                                ConsulConnection consul) {
        this.topics = topics;
        Properties producerConfig = kafka.clientProperties();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, applicationId + "-consul-config");
        this.configProducer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                topics.bridgeConfig.valueSerde().serializer());
        this.eventProducer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                topics.serviceLifecycle.valueSerde().serializer());
        this.leadership = new ConfigLeadership(kafka, topics.bridgeConfig, applicationId, state);
        this.watches = List.of(KvLayout.BRIDGE_PREFIX, KvLayout.SERVICES_PREFIX).stream()
                .map(prefix -> new Thread(new KvPrefixWatch(prefix, consul, settings, leadership::leading,
                        this::reconcile, stop), "consul-kv-" + prefix.substring(KvLayout.ROOT.length(),
                        prefix.length() - 1)))
                .toList();
    }

    /** Starts the leadership consumer and one watch thread per prefix. */
    static ConsulConfigWatcher start(ConsulSettings settings, KafkaConnection kafka, Topics topics,
                                     String applicationId, ConsulConnection consul) {
        ConsulConfigWatcher watcher = new ConsulConfigWatcher(settings, kafka, topics, applicationId, consul);
        watcher.leadership.start();
        watcher.watches.forEach(thread -> {
            thread.setDaemon(true); // a blocking query in flight must not hold the JVM
            thread.start();
        });
        return watcher;
    }

    /** True while this process is the one watching Consul KV. */
    public boolean leading() {
        return leadership.leading();
    }

    /** Publishes the difference between one snapshot of {@code prefix} and {@code bridge.config}. */
    private synchronized void reconcile(String prefix, Map<String, KvPrefixWatch.Desired> desired,
                                        Set<String> malformed) {
        desired.forEach((configKey, want) -> {
            ConfigState.Entry current = state.get(configKey);
            if (current == null || !current.value().equals(want.value())) {
                publish(configKey, want.consulKey(), want.mapping().service(),
                        current == null ? null : current.value(), want.value());
            }
        });
        state.snapshot().forEach((configKey, current) -> {
            String consulKey = current.consulKey();
            if (consulKey != null && consulKey.startsWith(prefix) && !desired.containsKey(configKey)
                    && !malformed.contains(configKey)) {
                KvLayout.Mapping mapping = KvLayout.map(consulKey);
                String service = mapping != null ? mapping.service() : KvLayout.BRIDGE_SERVICE;
                publish(configKey, consulKey, service, current.value(), null);
            }
        });
    }

    private void publish(String configKey, String consulKey, String service, JsonNode oldValue, JsonNode newValue) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ConfigState.CONSUL_KEY_HEADER, consulKey.getBytes(StandardCharsets.UTF_8));
        RecordMetadata written = await(configProducer.send(new ProducerRecord<>(topics.bridgeConfig.name(), null,
                configKey, newValue, headers)), topics.bridgeConfig.name());
        state.apply(configKey, newValue, headers, new TopicPartition(written.topic(), written.partition()),
                written.offset());

        ObjectNode payload = NODES.objectNode();
        payload.put("config_key", configKey);
        payload.put("consul_key", consulKey);
        payload.set("old_value", oldValue == null ? NODES.nullNode() : oldValue);
        payload.set("new_value", newValue == null ? NODES.nullNode() : newValue);
        payload.put("source", "consul");
        String correlationId = Ids.random();
        Envelope event = Envelope.create(EventTypes.CONFIGURATION_UPDATED, new Source(service, null, null),
                correlationId, correlationId, payload);
        RecordHeaders eventHeaders = new RecordHeaders();
        eventHeaders.add(EventTypes.HEADER_EVENT_TYPE, event.eventType().getBytes(StandardCharsets.UTF_8));
        eventHeaders.add(EventTypes.HEADER_CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        await(eventProducer.send(new ProducerRecord<>(topics.serviceLifecycle.name(), null, service, event,
                eventHeaders)), topics.serviceLifecycle.name());
        LOG.info("config {} = {} (from Consul key {})", configKey, Objects.toString(newValue, "default"), consulKey);
    }

    private static RecordMetadata await(java.util.concurrent.Future<RecordMetadata> send, String topic) {
        try {
            return send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("writing to " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("writing to " + topic + ": no ack within " + SEND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        stop.countDown();
        for (Thread watch : watches) {
            try {
                // a blocking query in flight ends with its wait; do not hold shutdown for it
                watch.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        leadership.close();
        configProducer.close(Duration.ofSeconds(5));
        eventProducer.close(Duration.ofSeconds(5));
    }
}
