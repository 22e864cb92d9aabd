package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TailCommandIntegrationTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintEnvelopesFromTheBeginningAsJsonDocuments() throws IOException {
        // Given two envelopes on intelligence.health
        Topics topics = SharedKafka.freshTopics();
        Envelope first = envelope("alpha");
        Envelope second = envelope("beta");
        SharedKafka.produce(topics.intelligenceHealth, "alpha", first);
        SharedKafka.produce(topics.intelligenceHealth, "beta", second);

        // When tail reads them by logical name
        int exitCode = tail("intelligence.health", "--from-beginning", "--max", "2", "--timeout", "30s",
                "--topic-prefix", topics.config().prefix());

        // Then stdout holds exactly the two envelopes, one pretty-printed JSON document each
        assertThat(exitCode).as(err.toString()).isZero();
        List<JsonNode> documents = documents(out.toString());
        assertThat(documents).extracting(doc -> doc.get("event_id").asText())
                .containsExactlyInAnyOrder(first.eventId(), second.eventId());
        assertThat(documents).allSatisfy(doc ->
                assertThat(Json.MAPPER.treeToValue(doc, Envelope.class)).isIn(first, second));
        assertThat(out.toString()).contains("\n  \"event_type\" : ");
    }

    @Test
    void shouldAcceptTheFullPrefixedTopicName() throws IOException {
        Topics topics = SharedKafka.freshTopics();
        Envelope envelope = envelope("gamma");
        SharedKafka.produce(topics.errors, "gamma", envelope);

        int exitCode = tail(topics.errors.name(), "--from-beginning", "--max", "1", "--timeout", "30s",
                "--topic-prefix", topics.config().prefix());

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(documents(out.toString())).singleElement()
                .satisfies(doc -> assertThat(doc.get("event_id").asText()).isEqualTo(envelope.eventId()));
    }

    @Test
    void shouldShowDeadLettersWithKeyHeadersAndTextOrBase64Value() throws IOException {
        Topics topics = SharedKafka.freshTopics();
        SharedKafka.produce(topics.dlq, "svc".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8),
                new RecordHeader("source_topic", topics.toolExecution.name().getBytes(StandardCharsets.UTF_8)));
        SharedKafka.produce(topics.dlq, null, new byte[] {(byte) 0xff, 0x00, (byte) 0xfe});

        int exitCode = tail("bridge.dlq", "--from-beginning", "--max", "2", "--timeout", "30s",
                "--topic-prefix", topics.config().prefix());

        assertThat(exitCode).as(err.toString()).isZero();
        List<JsonNode> documents = documents(out.toString());
        assertThat(documents).hasSize(2);
        JsonNode text = documents.get(0);
        assertThat(text.get("topic").asText()).isEqualTo(topics.dlq.name());
        assertThat(text.get("partition").asInt()).isZero();
        assertThat(text.get("offset").asLong()).isZero();
        assertThat(text.get("key").asText()).isEqualTo("svc");
        assertThat(text.get("headers").get("source_topic").asText()).isEqualTo(topics.toolExecution.name());
        assertThat(text.get("value").asText()).isEqualTo("{not json");
        JsonNode binary = documents.get(1);
        assertThat(binary.get("key").isNull()).isTrue();
        assertThat(binary.get("value").get("base64").asText()).isEqualTo("/wD+");
    }

    @Test
    void shouldPrintOnlyNewRecordsWithoutFromBeginning() throws IOException {
        // Given a record written before tail starts
        Topics topics = SharedKafka.freshTopics();
        Envelope old = envelope("old");
        SharedKafka.produce(topics.intelligenceHealth, "old", old);

        // When tail runs without --from-beginning while new records keep arriving
        CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(() -> tail("intelligence.health",
                "--max", "1", "--timeout", "30s", "--topic-prefix", topics.config().prefix()));
        List<String> newIds = new ArrayList<>();
        try (KafkaProducer<String, Envelope> producer = new KafkaProducer<>(SharedKafka.producerConfig(),
                topics.intelligenceHealth.keySerde().serializer(), topics.intelligenceHealth.valueSerde().serializer())) {
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(() -> {
                Envelope fresh = envelope("new");
                producer.send(new ProducerRecord<>(topics.intelligenceHealth.name(), "new", fresh)).get();
                newIds.add(fresh.eventId());
                return tail.isDone();
            });
        }

        // Then it printed a new record, not the old one
        assertThat(tail.join()).as(err.toString()).isZero();
        assertThat(documents(out.toString())).singleElement()
                .satisfies(doc -> assertThat(doc.get("event_id").asText()).isIn(newIds));
    }

    @Test
    void shouldRejectAnUnknownTopicListingTheCatalog() {
        int exitCode = tail("intelligence.nope");

        assertThat(exitCode).isEqualTo(BridgeCli.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains("unknown topic 'intelligence.nope'")
                .contains("hooks.service_lifecycle", "intelligence.health", "bridge.dlq");
    }

    @Test
    void shouldReportATopicMissingOnTheBroker() {
        int exitCode = tail("hooks.errors", "--topic-prefix", SharedKafka.uniquePrefix(),
                "--bootstrap-servers", SharedKafka.bootstrapServers());

        assertThat(exitCode).isEqualTo(BridgeCli.FAILED);
        assertThat(err.toString()).contains("does not exist on Kafka at " + SharedKafka.bootstrapServers())
                .doesNotContain("Exception");
    }

    private int tail(String... args) {
        List<String> all = new ArrayList<>(List.of("tail"));
        all.addAll(List.of(args));
        if (!all.contains("--bootstrap-servers")) {
            all.add("--bootstrap-servers");
            all.add(SharedKafka.bootstrapServers());
        }
        CommandLine commandLine = BridgeCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(all.toArray(String[]::new));
    }

    private static List<JsonNode> documents(String text) throws IOException {
        return Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll();
    }

    private static Envelope envelope(String service) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.putObject("health_transition").put("previous_status", "healthy").put("current_status", "degraded");
        return Envelope.create(EventTypes.SERVICE_HEALTH_CHANGED, new Source(service, service + "-1", "1.0.0"),
                "corr-" + service, "req-" + service, payload);
    }
}
