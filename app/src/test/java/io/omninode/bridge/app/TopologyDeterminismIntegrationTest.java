package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omninode.bridge.app.support.BridgeProcess;
import io.omninode.bridge.app.support.FleetHistory;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.app.support.TopicReader;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.topology.BridgeStreamsConfig;
import io.omninode.bridge.topology.BridgeTopology;
import io.omninode.bridge.topology.TopologyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md §6: the derivations are a function of the records and their timestamps. One generated
 * fleet history ({@link FleetHistory}: 70 minutes, an incident of every detector type and a near
 * miss of each) is processed (a) record by record in {@code TopologyTestDriver}, (b) as one backlog
 * by a real {@code KafkaStreams} on the embedded broker, and (c) by a real bridge process killed with
 * SIGKILL halfway through the backlog and started again; all three give the same window, anomaly
 * and pattern events (type, ids, counts, percentiles, confidence; event ids and emit times aside).
 * For the detectors whose subjects gather input from several partitions — {@code tool_sequence},
 * {@code recurring_error} and {@code co_failure} — the same patterns are found and end the same way,
 * while the confidence of the events in between may follow the arrival order across partitions.
 */
class TopologyDeterminismIntegrationTest {

    private static final Duration DRAIN = Duration.ofMinutes(4);
    /** Two hours ago, on a minute boundary: old enough to be a backlog, young enough for every retention. */
    private static final Instant START = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    private static List<FleetHistory.Entry> history;
    private static Derived expected;

    @TempDir
    static Path work;

    /** What is compared: one line per window event and anomaly, and each pattern's event sequence. */
    record Derived(List<String> windows, List<String> anomalies, Map<String, List<String>> patterns) {

        int windowEvents() {
            return windows.size();
        }

        int patternEvents() {
            return patterns.values().stream().mapToInt(List::size).sum();
        }
    }

    @BeforeAll
    static void recordByRecord() {
        history = FleetHistory.from(START);
        Topics topics = Topics.defaults();
        Properties props = BridgeStreamsConfig.properties("determinism-ttd", "unused:9092", fastStateDir(), null,
                topics, 16L << 20);
        List<Envelope> performance;
        List<Envelope> patterns;
        try (TopologyTestDriver driver = new TopologyTestDriver(BridgeTopology.build(TopologyConfig.DEFAULTS, topics),
                props, Instant.now())) {
            Map<String, TestInputTopic<String, Envelope>> inputs = new HashMap<>();
            for (FleetHistory.Entry entry : history) {
                Topic<String, Envelope> topic = entry.topic().apply(topics);
                inputs.computeIfAbsent(topic.name(), name -> driver.createInputTopic(name,
                                topic.keySerde().serializer(), topic.valueSerde().serializer()))
                        .pipeInput(new TestRecord<>(entry.key(), entry.value(), Instant.ofEpochMilli(entry.timestamp())));
            }
            // after the backlog, no input for 30 s: the wall clock closes what no further input will
            for (int i = 0; i < 35; i++) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            performance = driver.createOutputTopic(topics.intelligencePerformance.name(),
                    topics.intelligencePerformance.keySerde().deserializer(),
                    topics.intelligencePerformance.valueSerde().deserializer()).readValuesToList();
            patterns = driver.createOutputTopic(topics.intelligencePatterns.name(),
                    topics.intelligencePatterns.keySerde().deserializer(),
                    topics.intelligencePatterns.valueSerde().deserializer()).readValuesToList();
        }
        expected = derived(performance, patterns);
        // the history does what it is meant to: every detector fires, near misses do not
        assertThat(expected.patterns().keySet().stream().map(id -> id.substring(0, id.indexOf(' '))).distinct())
                .containsExactlyInAnyOrder("error_burst", "latency_regression", "recurring_error",
                        "flapping_service", "tool_sequence", "startup_regression", "co_failure", "retry_storm",
                        "cache_opportunity");
        assertThat(expected.patterns().keySet()).doesNotContain("error_burst code_analyzer",
                "flapping_service svc-calm/svc-calm-1", "startup_regression svc-warm", "co_failure svc-j+svc-k",
                "retry_storm schema_lookup in-calm", "cache_opportunity schema_lookup in-calm",
                "recurring_error quota exceeded for project <n>", "tool_sequence test_runner -> doc_writer",
                "latency_regression dependency_scanner", "latency_regression log_summarizer");
        assertThat(expected.anomalies()).anyMatch(a -> a.contains("dependency_scanner"))
                .noneMatch(a -> a.contains("log_summarizer"));
        assertThat(expected.windows()).allMatch(w -> w.contains(" late=0 "));
    }

    @Test
    void shouldDeriveTheSameFromABacklogAsRecordByRecord() throws Exception {
        // Given: the whole history already in the topics
        Topics topics = SharedKafka.freshTopics();
        write(topics);

        // When: a real KafkaStreams reads it as one backlog
        Properties props = BridgeStreamsConfig.properties(topics.config().prefix() + "determinism",
                SharedKafka.bootstrapServers(), work.resolve("backlog"), null, topics, 16L << 20);
        Derived actual;
        try (KafkaStreams streams = new KafkaStreams(BridgeTopology.build(TopologyConfig.DEFAULTS, topics), props)) {
            streams.start();
            actual = read(topics);
        }

        // Then
        assertSame(actual);
    }

    @Test
    void shouldDeriveTheSameWhenTheBridgeIsKilledHalfwayThroughTheBacklog() throws Exception {
        // Given: the whole history in the topics, and a bridge reading it
        Topics topics = SharedKafka.freshTopics();
        write(topics);
        String applicationId = topics.config().prefix() + "determinism-crash";
        Path dataDir = work.resolve("crash");
        Process first = startBridge(topics, applicationId, dataDir);
        long executions = history.stream().filter(e -> e.topic().apply(topics) == topics.toolExecution).count();

        // When: it is killed once half the executions are committed, and started again
        try {
            Awaitility.await().atMost(DRAIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> committed(applicationId, topics.toolExecution) >= executions / 2);
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(committed(applicationId, topics.toolExecution)).as("killed before the end of the backlog")
                .isLessThan(executions);
        Process second = startBridge(topics, applicationId, dataDir);
        Derived actual;
        try {
            actual = read(topics);
        } finally {
            BridgeProcess.stop(second);
        }

        // Then
        assertSame(actual);
    }

    /**
     * The test driver commits, and so flushes every RocksDB store to disk, after each record: on a
     * memory file system where there is one ({@code /dev/shm}), else in the test's directory.
     */
    private static Path fastStateDir() {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "bridge-determinism-") : work.resolve("ttd");
        } catch (IOException e) {
            return work.resolve("ttd");
        }
    }

    private static void assertSame(Derived actual) {
        assertThat(actual.windows()).as("window events: %s", diff(expected.windows(), actual.windows()))
                .containsExactlyElementsOf(expected.windows());
        assertThat(actual.anomalies()).as("anomalies: %s", diff(expected.anomalies(), actual.anomalies()))
                .containsExactlyElementsOf(expected.anomalies());
        StringBuilder patternDiff = new StringBuilder();
        java.util.Set<String> ids = new java.util.TreeSet<>(expected.patterns().keySet());
        ids.addAll(actual.patterns().keySet());
        for (String id : ids) {
            List<String> want = expected.patterns().getOrDefault(id, List.of());
            List<String> got = actual.patterns().getOrDefault(id, List.of());
            if (!want.equals(got)) {
                patternDiff.append("\n  ").append(id).append("\n    expected ").append(want)
                        .append("\n    actual   ").append(got);
            }
        }
        assertThat(patternDiff.toString()).as("pattern events that differ, per pattern").isEmpty();
    }

    private static String diff(List<String> want, List<String> got) {
        List<String> missing = new ArrayList<>(want);
        got.forEach(missing::remove);
        List<String> extra = new ArrayList<>(got);
        want.forEach(extra::remove);
        return "missing " + missing + ", extra " + extra;
    }

    private static void write(Topics topics) throws Exception {
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(SharedKafka.producerConfig(),
                new StringSerializer(), topics.toolExecution.valueSerde().serializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (FleetHistory.Entry entry : history) {
                sent.add(producer.send(new ProducerRecord<>(entry.topic().apply(topics).name(), null,
                        entry.timestamp(), entry.key(), entry.value())));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    /**
     * Reads the derived events until at least as many windows as record by record arrived and the
     * patterns have stopped changing for a while (a duplicate, or one missing, then shows in the diff).
     */
    private static Derived read(Topics topics) {
        TopicReader.readUntil(SharedKafka.bootstrapServers(), topics.intelligencePerformance,
                records -> records.stream().filter(r -> EventTypes.PERFORMANCE_WINDOW.equals(r.value().eventType()))
                        .count() >= expected.windowEvents(), DRAIN);
        long[] last = {-1, System.nanoTime()};
        Awaitility.await().atMost(DRAIN).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long end = TopicReader.endOffsetTotal(SharedKafka.bootstrapServers(), List.of(topics.intelligencePatterns));
            if (end != last[0]) {
                last[0] = end;
                last[1] = System.nanoTime();
            }
            return end >= expected.patternEvents() && System.nanoTime() - last[1] > Duration.ofSeconds(5).toNanos()
                    || System.nanoTime() - last[1] > Duration.ofSeconds(30).toNanos();
        });
        List<Envelope> performance = TopicReader.readAtLeast(SharedKafka.bootstrapServers(),
                topics.intelligencePerformance, expected.windowEvents(), DRAIN).stream().map(ConsumerRecord::value).toList();
        List<Envelope> patterns = TopicReader.readAtLeast(SharedKafka.bootstrapServers(), topics.intelligencePatterns,
                0, DRAIN).stream().map(ConsumerRecord::value).toList();
        return derived(performance, patterns);
    }

    private static Derived derived(List<Envelope> performance, List<Envelope> patterns) {
        List<String> windows = new ArrayList<>();
        List<String> anomalies = new ArrayList<>();
        for (Envelope e : performance) {
            JsonNode p = e.payload();
            if (EventTypes.PERFORMANCE_WINDOW.equals(e.eventType())) {
                windows.add(String.format(Locale.ROOT, "%s/%s %s count=%d errors=%d late=%d latency=%s",
                        p.path("tool_name").asText(), p.path("executor_service").asText("-"),
                        p.at("/window/start").asText(), p.path("count").asLong(), p.path("errors").asLong(),
                        p.path("late_events").asLong(), p.path("latency_ms")));
            } else {
                anomalies.add(String.format(Locale.ROOT, "%s %s %s x%s %s", p.at("/anomaly_info/tool_name").asText(),
                        p.at("/anomaly_info/window/start").asText(), p.at("/anomaly_info/severity").asText(),
                        p.at("/metrics_data/degradation_factor").asText(),
                        p.at("/root_cause_analysis/primary_factor").asText()));
            }
        }
        windows.sort(null);
        anomalies.sort(null);
        Map<String, List<String>> byPattern = new TreeMap<>();
        for (Envelope e : patterns) {
            JsonNode info = e.payload().path("pattern_info");
            String subject = info.path("pattern_type").asText() + " " + subjectOf(info);
            byPattern.computeIfAbsent(subject, s -> new ArrayList<>()).add(String.format(Locale.ROOT,
                    "%s id=%s confidence=%s components=%s", e.eventType(), info.path("pattern_id").asText(),
                    info.path("confidence_score").asText(), info.at("/pattern_data/confidence_components")));
        }
        // tool_sequence (sessions whose steps come from several tool partitions), recurring_error
        // (signatures seen in executions and in error hooks) and co_failure (turns of services on
        // different partitions): which patterns are found, and how they end, are the same; the
        // confidence of the events in between follows the order in which the inputs of several
        // partitions and topics arrive
        byPattern.replaceAll((subject, events) -> !subject.startsWith("tool_sequence ")
                && !subject.startsWith("recurring_error ") && !subject.startsWith("co_failure ") ? events
                : List.of(events.get(0).substring(0, events.get(0).indexOf(" confidence=")),
                        "ends " + events.get(events.size() - 1).substring(0, events.get(events.size() - 1).indexOf(' '))
                                .replace("intelligence.pattern.updated", "intelligence.pattern.discovered")));
        return new Derived(windows, anomalies, byPattern);
    }

    /** A readable subject for the pattern (tool, service, signature, pair…), taken from its data. */
    private static String subjectOf(JsonNode info) {
        JsonNode data = info.path("pattern_data");
        for (String field : List.of("error_signature", "service_instance", "tool_name", "service_name")) {
            if (data.hasNonNull(field)) {
                String more = data.hasNonNull("input_hash") ? " " + data.path("input_hash").asText() : "";
                return data.path(field).asText() + more;
            }
        }
        if (data.hasNonNull("tool_a")) {
            return data.path("tool_a").asText() + " -> " + data.path("tool_b").asText();
        }
        if (data.hasNonNull("service_a")) {
            return data.path("service_a").asText() + "+" + data.path("service_b").asText();
        }
        return info.path("pattern_id").asText();
    }

    private static long committed(String applicationId, Topic<?, ?> topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = SharedKafka.admin()
                .listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static Process startBridge(Topics topics, String applicationId, Path dataDir) throws IOException {
        return BridgeProcess.start(Path.of("target", "determinism-logs"), "--bootstrap-servers",
                SharedKafka.bootstrapServers(), "--topic-prefix", topics.config().prefix(), "--application-id",
                applicationId.substring(topics.config().prefix().length()), "--port", "0", "--data-dir",
                dataDir.toString(), "--insecure");
    }
}
