package io.omninode.bridge.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.app.support.FakeConsul;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Consul KV → bridge.config records and configuration.updated events, read back with real consumers. */
class ConsulConfigWatcherIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MIN_RUNS = "omninode-bridge/bridge/detector/error_burst/min_runs";

    private FakeConsul consul;
    private Topics topics;
    private ConsulIntegration integration;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void start() {
        log.start();
        ((Logger) LoggerFactory.getLogger(KvPrefixWatch.class)).addAppender(log);
        consul = FakeConsul.start();
        topics = SharedKafka.freshTopics();
        integration = ConsulIntegration.start(ConsulSettings.of(consul.url(), null, null), SharedKafka.bootstrapServers(),
                topics, "consul-config-it-" + UUID.randomUUID());
        await().atMost(WAIT).until(integration::watchingConfig);
    }

    @AfterEach
    void stop() {
        integration.close();
        consul.close();
        ((Logger) LoggerFactory.getLogger(KvPrefixWatch.class)).detachAppender(log);
    }

    @Test
    void shouldWriteBridgeConfigAndConfigurationUpdatedForPutsAndATombstoneForDeletes() {
        put(MIN_RUNS, "15");

        ConsumerRecord<String, JsonNode> record = awaitConfig("detector.error_burst.min_runs", 1).get(0);
        assertThat(record.value().intValue()).isEqualTo(15);
        JsonNode event = awaitEvent("omninode-bridge", "detector.error_burst.min_runs", 1).get(0);
        assertThat(event.path("consul_key").asText()).isEqualTo(MIN_RUNS);
        assertThat(event.path("old_value").isNull()).isTrue();
        assertThat(event.path("new_value").intValue()).isEqualTo(15);
        assertThat(event.path("source").asText()).isEqualTo("consul");

        put("omninode-bridge/services/omniagent/database/max_connections", "50");
        put("omninode-bridge/services/omniagent/mode", "fast");
        assertThat(awaitConfig("services.omniagent.database.max_connections", 1).get(0).value().intValue()).isEqualTo(50);
        assertThat(awaitConfig("services.omniagent.mode", 1).get(0).value().asText()).isEqualTo("fast");
        assertThat(awaitEvent("omniagent", "services.omniagent.mode", 1).get(0).path("new_value").asText())
                .isEqualTo("fast");

        consul.deleteKv(MIN_RUNS);

        List<ConsumerRecord<String, JsonNode>> records = awaitConfig("detector.error_burst.min_runs", 2);
        assertThat(records.get(1).value()).as("tombstone").isNull();
        JsonNode deleted = awaitEvent("omninode-bridge", "detector.error_burst.min_runs", 2).get(1);
        assertThat(deleted.path("old_value").intValue()).isEqualTo(15);
        assertThat(deleted.path("new_value").isNull()).isTrue();
    }

    @Test
    void shouldReportAndIgnoreMalformedValuesAndApplyALaterGoodOne() {
        String threshold = "omninode-bridge/bridge/detector/error_burst/window_rate";
        put(threshold, "0.2x");
        consul.putKv("omninode-bridge/services/omniagent/label", new byte[] {(byte) 0xC3, (byte) 0x28});
        put("omninode-bridge/bridge/detector/error_burst/min_run", "5");
        put("omninode-bridge/bridge/detector/recurring_error/window_ms", "\"10m\"");

        await().atMost(WAIT).until(() -> warnings().size() >= 4);
        assertThat(warnings()).anySatisfy(w -> assertThat(w.getFormattedMessage()).contains(threshold, "not JSON"))
                .anySatisfy(w -> assertThat(w.getFormattedMessage()).contains("label", "UTF-8"))
                .anySatisfy(w -> assertThat(w.getFormattedMessage())
                        .contains("unknown config key detector.error_burst.min_run"))
                .anySatisfy(w -> assertThat(w.getFormattedMessage())
                        .contains("detector.recurring_error.window_ms must be an integer from 1000 to 604800000"))
                .allSatisfy(w -> assertThat(w.getThrowableProxy()).as("no stack trace").isNull());

        put(threshold, "0.3");

        List<ConsumerRecord<String, JsonNode>> records = awaitConfig("detector.error_burst.window_rate", 1);
        assertThat(records).extracting(r -> r.value().doubleValue()).containsExactly(0.3);
        assertThat(configRecords()).extracting(ConsumerRecord::key).doesNotContain("services.omniagent.label",
                "detector.error_burst.min_run", "detector.recurring_error.window_ms");
    }

    @Test
    void shouldHoldBlockingQueriesInsteadOfPolling() {
        put(MIN_RUNS, "12");
        awaitConfig("detector.error_burst.min_runs", 1);
        int before = consul.requests("/v1/kv/").size();

        // nothing changes for 3 s: each prefix's query is held by the agent, so hardly any new requests
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> consul.requests("/v1/kv/").size() - before <= 2);

        assertThat(consul.requests("/v1/kv/")).allSatisfy(r -> assertThat(r.query()).contains("recurse"));
        assertThat(consul.requests("/v1/kv/").subList(before, consul.requests("/v1/kv/").size()))
                .allSatisfy(r -> assertThat(r.query()).contains("index=").contains("wait=30s"));
    }

    private void put(String key, String value) {
        consul.putKv(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private List<ILoggingEvent> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    private List<ConsumerRecord<String, JsonNode>> configRecords() {
        return SharedKafka.readUntil(topics.bridgeConfig, r -> true, WAIT);
    }

    private List<ConsumerRecord<String, JsonNode>> awaitConfig(String key, int count) {
        return SharedKafka.readUntil(topics.bridgeConfig,
                records -> records.stream().filter(r -> key.equals(r.key())).count() >= count, WAIT).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }

    private List<JsonNode> awaitEvent(String recordKey, String configKey, int count) {
        return SharedKafka.readUntil(topics.serviceLifecycle,
                        records -> updates(records, recordKey, configKey).size() >= count, WAIT).stream()
                .filter(r -> recordKey.equals(r.key()))
                .map(ConsumerRecord::value)
                .filter(e -> EventTypes.CONFIGURATION_UPDATED.equals(e.eventType()))
                .map(Envelope::payload)
                .filter(p -> configKey.equals(p.path("config_key").asText()))
                .map(JsonNode.class::cast)
                .toList();
    }

    private static List<Envelope> updates(List<ConsumerRecord<String, Envelope>> records, String recordKey,
                                          String configKey) {
        return records.stream().filter(r -> recordKey.equals(r.key())).map(ConsumerRecord::value)
                .filter(e -> configKey.equals(e.payload().path("config_key").asText()))
                .toList();
    }
}
