package io.omninode.bridge.topology;

import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.health.HealthChange;
import io.omninode.bridge.topology.health.HealthTransitionLog;
import io.omninode.bridge.topology.health.ServiceHealth;
import io.omninode.bridge.topology.health.ServiceRegistration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A {@link TopologyTestDriver} over {@link BridgeTopology}, configured by {@link BridgeStreamsConfig}
 * (exactly-once, dead-letter queue, bounded RocksDB), with a wall clock the test moves explicitly.
 * Every record is piped with the current wall-clock time as its timestamp unless a test gives one.
 */
final class HealthDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-26T10:15:00Z");

    final Topics topics = Topics.defaults();
    final TopologyTestDriver driver;
    private final TestOutputTopic<String, Envelope> health;
    private Instant now;

    HealthDriver(Path stateDir) {
        this(TopologyConfig.DEFAULTS, stateDir, T0);
    }

    HealthDriver(TopologyConfig config, Path stateDir, Instant wallClock) {
        this(config, stateDir, wallClock, "health-test-" + UUID.randomUUID());
    }

    HealthDriver(TopologyConfig config, Path stateDir, Instant wallClock, String applicationId) {
        this(config, stateDir, wallClock, applicationId, Map.of());
    }

    HealthDriver(TopologyConfig config, Path stateDir, Instant wallClock, String applicationId,
                 Map<String, Object> overrides) {
        this(config, stateDir, wallClock, applicationId, overrides, InputReadiness.ALWAYS);
    }

    /** A driver whose topology's wall clock waits for {@code inputs}. */
    HealthDriver(Path stateDir, InputReadiness inputs) {
        this(TopologyConfig.DEFAULTS, stateDir, T0, "health-test-" + UUID.randomUUID(), Map.of(), inputs);
    }

    private HealthDriver(TopologyConfig config, Path stateDir, Instant wallClock, String applicationId,
                         Map<String, Object> overrides, InputReadiness inputs) {
        this.now = wallClock;
        Properties properties = BridgeStreamsConfig.properties(applicationId, "unused:9092", stateDir, null, topics,
                16L << 20);
        properties.putAll(overrides);
        this.driver = new TopologyTestDriver(BridgeTopology.build(config, topics, inputs), properties, wallClock);
        this.health = output(topics.intelligenceHealth);
    }

    Instant now() {
        return now;
    }

    /** Moves the wall clock (and so the punctuation) forward. */
    void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    /** Lets one punctuation pass (1 s), which hands the executors' counted tool runs on to health. */
    void handOnRuns() {
        advance(Duration.ofSeconds(1));
    }

    void register(String service, String instance, long ttlSeconds) {
        pipe(topics.registryServices, service, Events.registered(service, instance, ttlSeconds));
    }

    void register(String service, String instance) {
        register(service, instance, 60);
    }

    void heartbeat(String service, String instance, String status) {
        pipe(topics.registryServices, service, Events.heartbeat(service, instance, status));
    }

    void heartbeat(String service, String instance, String status, long ttlSeconds) {
        pipe(topics.registryServices, service, Events.heartbeat(service, instance, status, ttlSeconds));
    }

    void lifecycle(String service, Envelope hook) {
        pipe(topics.serviceLifecycle, service, hook);
    }

    void error(String service, Envelope hook) {
        pipe(topics.errors, service, hook);
    }

    void execution(String tool, Envelope hook) {
        pipe(topics.toolExecution, tool, hook);
    }

    <K, V> void pipe(Topic<K, V> topic, K key, V value) {
        input(topic).pipeInput(new TestRecord<>(key, value, now));
    }

    <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** The derived events on {@code intelligence.health} since the last call. */
    List<Envelope> healthEvents() {
        return health.readValuesToList();
    }

    /** The payloads of the derived events since the last call. */
    List<HealthChange> changes() {
        return healthEvents().stream().map(HealthDriver::change).toList();
    }

    static HealthChange change(Envelope event) {
        return Json.MAPPER.convertValue(event.payload(), HealthChange.class);
    }

    ServiceHealth serviceHealth(String service) {
        return driver.<String, ServiceHealth>getKeyValueStore(StoreNames.SERVICE_HEALTH).get(service);
    }

    ServiceRegistration registration(String service) {
        return driver.<String, ServiceRegistration>getKeyValueStore(StoreNames.SERVICE_REGISTRY).get(service);
    }

    HealthTransitionLog transitions(String service) {
        return driver.<String, HealthTransitionLog>getKeyValueStore(StoreNames.HEALTH_TRANSITIONS).get(service);
    }

    @Override
    public void close() {
        driver.close();
    }
}
