package io.omninode.bridge.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher's own deadline on top of the producer's: a send nobody answers fails as a 503, never hangs. */
class EventPublisherTest {

    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final Topic<String, Envelope> TOPIC = Topics.defaults().toolExecution;

    /** Answers a send only when the test says so. */
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final EventPublisher publisher = new EventPublisher(producer, TIMEOUT);

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void aSendNobodyAnswersFailsAsNotAcknowledgedInTime() {
        CompletableFuture<RecordMetadata> sent = publisher.publish(TOPIC, "fs_read", envelope());

        assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("not acknowledged in time").contains("may or may not be stored");
                });
    }

    @Test
    void anAnsweredSendSucceedsAndStaysSucceededPastTheDeadline() throws Exception {
        CompletableFuture<RecordMetadata> answered = publisher.publish(TOPIC, "fs_read", envelope());
        CompletableFuture<RecordMetadata> unanswered = publisher.publish(TOPIC, "fs_write", envelope());
        assertThat(producer.completeNext()).isTrue();

        assertThat(answered.get(30, TimeUnit.SECONDS).topic()).isEqualTo(TOPIC.name());
        // the later send expires; by then the answered one's deadline has passed too
        assertThatThrownBy(() -> unanswered.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ApiException.class);
        assertThat(answered).isCompletedWithValueMatching(md -> md.topic().equals(TOPIC.name()));
    }

    @Test
    void sendsAfterAnExpiredOneAreTimedFromTheirOwnStart() throws Exception {
        CompletableFuture<RecordMetadata> first = publisher.publish(TOPIC, "fs_read", envelope());
        assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(ApiException.class);

        CompletableFuture<RecordMetadata> second = publisher.publish(TOPIC, "fs_read", envelope());
        assertThat(producer.completeNext()).isTrue(); // the expired first one: its answer changes nothing
        assertThat(second).isNotDone();
        assertThat(producer.completeNext()).isTrue();
        assertThat(second.get(30, TimeUnit.SECONDS).topic()).isEqualTo(TOPIC.name());
        assertThat(first).isCompletedExceptionally();
    }

    @Test
    void aSendTheProducerFailsIsA503AtOnce() {
        CompletableFuture<RecordMetadata> sent = publisher.publish(TOPIC, "fs_read", envelope());
        assertThat(producer.errorNext(new org.apache.kafka.common.errors.NotEnoughReplicasException("below min.insync")))
                .isTrue();

        assertThat(sent).isCompletedExceptionally();
        assertThatThrownBy(sent::join).cause().isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("the event was not stored");
        });
    }

    private static Envelope envelope() {
        return Envelope.create(EventTypes.TOOL_EXECUTION_COMPLETED, new Source("omniagent", null, null), null, null,
                Json.MAPPER.createObjectNode().put("hook_type", "tool_executed"));
    }
}
