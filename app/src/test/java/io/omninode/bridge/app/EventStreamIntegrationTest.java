package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.BridgeFixture;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.app.support.SseClient;
import io.omninode.bridge.app.support.SseClient.Event;
import io.omninode.bridge.ingest.IngestConfig;
import io.omninode.bridge.schemas.SeedSamples;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /events/stream} on a real bridge and broker: filters, resume, backlog, slow clients, auth. */
class EventStreamIntegrationTest {

    private static final IngestConfig LIMITS = new IngestConfig(IngestConfig.DEFAULT_MAX_BODY_BYTES, 0, "test");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> READER = Map.of("Authorization", "Bearer " + BridgeFixture.READER_TOKEN);
    private static BridgeFixture bridge;

    @BeforeAll
    static void start() {
        bridge = BridgeFixture.start(LIMITS);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void shouldStreamOnlyTheFilteredServiceAndResumeFromLastEventIdWithoutLossOrRepeat() throws Exception {
        String id;
        try (SseClient stream = SseClient.open(bridge.node.port(), "/events/stream?topic=intelligence.health&service=svc-sse",
                READER)) {
            assertThat(stream.status()).isEqualTo(200);
            Event hello = stream.next(WAIT);
            assertThat(hello.name()).isEqualTo("bridge.stream");
            assertThat(JSON.readTree(hello.data()).get("topics")).hasSize(1);

            register("svc-other", "svc-other-1");
            register("svc-sse", "svc-sse-1");

            Event first = stream.until(e -> e.name().equals("intelligence.health"), WAIT).get(0);
            assertThat(instance(first)).isEqualTo("svc-sse-1");
            id = first.id();
            assertThat(id).startsWith("intelligence.health:");
        }

        // missed while disconnected: two more instances of svc-sse, and other services' noise
        register("svc-sse", "svc-sse-2");
        register("svc-other", "svc-other-2");
        register("svc-sse", "svc-sse-3");
        awaitHealthEvents("svc-sse-3");

        try (SseClient resumed = SseClient.open(bridge.node.port(),
                "/events/stream?topic=intelligence.health&service=svc-sse", merge(READER, Map.of("Last-Event-ID", id)))) {
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(JSON.readTree(resumed.next(WAIT).data()).get("resumed").asBoolean()).isTrue();
            List<Event> events = resumed.until(e -> "svc-sse-3".equals(instance(e)), WAIT);
            assertThat(events).extracting(EventStreamIntegrationTest::instance)
                    .as("exactly what was missed, in order, nothing before the resumed position")
                    .containsExactly("svc-sse-2", "svc-sse-3");

            register("svc-sse", "svc-sse-4");
            assertThat(instance(resumed.until(e -> e.name().equals("intelligence.health"), WAIT).get(0)))
                    .as("then the live events").isEqualTo("svc-sse-4");
        }
    }

    @Test
    void shouldSendTheLatestRecordsFirstWhenAskedForABacklog() throws Exception {
        register("svc-backlog", "svc-backlog-1");
        awaitHealthEvents("svc-backlog-1");
        try (SseClient stream = SseClient.open(bridge.node.port(),
                "/events/stream?topic=intelligence.health&service=svc-backlog&backlog=50", READER)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.until(e -> "svc-backlog-1".equals(instance(e)), WAIT)).isNotEmpty();
        }
    }

    @Test
    void shouldCutOffAClientThatStopsReadingAndFreeItsBuffer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", bridge.node.port())) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /events/stream?topic=intelligence.patterns HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + BridgeFixture.READER_TOKEN + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(WAIT).until(() -> gauge("bridge_event_stream_clients") >= 1);

            // about 24 MB of events while the client reads nothing: more than the socket buffers and the
            // client's 4 MiB buffer together hold
            fill(6_000, 4_000);

            await().atMost(WAIT).until(() -> gauge("bridge_event_stream_cut_offs") >= 1);
            assertThat(gauge("bridge_event_stream_buffered_bytes")).as("the cut-off client's buffer is freed").isZero();

            String received = readUntil(socket.getInputStream(), "event: bridge.cut_off");
            assertThat(received).contains("event: intelligence.patterns").contains("event: bridge.cut_off");
            String cutOff = received.substring(received.lastIndexOf("id: ", received.indexOf("event: bridge.cut_off")));
            assertThat(cutOff).contains("\"resume\"").contains("dropped_events");
        }
        await().atMost(WAIT).until(() -> gauge("bridge_event_stream_clients") == 0);
    }

    @Test
    void shouldRefuseStreamsWithoutAReadableTokenOrWithBadParameters() throws Exception {
        assertRefused(Map.of(), "/events/stream", 401, "missing token");
        assertRefused(Map.of("Authorization", "Bearer not-a-token"), "/events/stream", 401, "unknown token");
        assertRefused(READER, "/events/stream?topic=hooks.nope", 400, "unknown topic 'hooks.nope'");
        assertRefused(merge(READER, Map.of("Last-Event-ID", "intelligence.health:x")), "/events/stream", 400,
                "Last-Event-ID is not a position of this stream");
        assertRefused(READER, "/events/stream?backlog=5000", 400, "backlog must be an integer between 0 and 1000");
        try (SseClient agent = SseClient.open(bridge.node.port(), "/events/stream",
                Map.of("X-Service-Auth", BridgeFixture.AGENT_TOKEN))) {
            assertThat(agent.status()).as("any token that may read").isEqualTo(200);
        }
    }

    private static void assertRefused(Map<String, String> headers, String path, int status, String message)
            throws Exception {
        try (SseClient refused = SseClient.open(bridge.node.port(), path, headers)) {
            assertThat(refused.status()).isEqualTo(status);
            JsonNode body = JSON.readTree(refused.errorBody());
            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.at("/error/message").asText()).contains(message);
        }
    }

    private static void register(String service, String instance) {
        ObjectNode body = SeedSamples.load("registration.json");
        body.put("service_name", service);
        body.put("instance_id", instance);
        Reply reply = bridge.admin().post("/registry/services", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    /** Waits until the topology derived {@code instance}'s registration (so a stream opened later can miss it). */
    private static void awaitHealthEvents(String instance) {
        await().atMost(WAIT).until(() -> {
            Reply reply = bridge.reader().get("/intelligence/health/transitions?limit=1000");
            return reply.status() == 200 && reply.text().contains("\"" + instance + "\"");
        });
    }

    private static String instance(Event event) {
        try {
            return JSON.readTree(event.data()).at("/payload/service_info/instance_id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static void fill(int records, int bytes) throws Exception {
        String filler = "x".repeat(bytes);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(SharedKafka.producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                String value = "{\"event_type\":\"test.filler\",\"payload\":{\"n\":" + i + ",\"filler\":\"" + filler + "\"}}";
                sent.add(producer.send(new ProducerRecord<>(bridge.topics.intelligencePatterns.name(),
                        ("filler-" + i).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static double gauge(String name) {
        Reply metrics = bridge.http().get("/metrics");
        for (String line : metrics.text().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{") || line.startsWith(name + "_total ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " is not in /metrics");
    }

    /** Reads the HTTP/1.1 chunked reply on {@code in} until {@code marker} and the end of its event arrived. */
    private static String readUntil(InputStream raw, String marker) throws Exception {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(raw));
        String status = line(in);
        assertThat(status).startsWith("HTTP/1.1 200");
        while (!line(in).isEmpty()) {
            // headers
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).trim(), 16);
            if (size == 0) {
                break;
            }
            byte[] chunk = new byte[size];
            in.readFully(chunk);
            line(in);
            body.write(chunk);
            String text = body.toString(StandardCharsets.UTF_8);
            int at = text.indexOf(marker);
            if (at >= 0 && text.indexOf("\n\n", at) > 0) {
                return text;
            }
        }
        throw new AssertionError("the stream ended before " + marker + "; got " + body.size() + " bytes");
    }

    private static String line(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new java.util.HashMap<>(a);
        out.putAll(b);
        return out;
    }
}
