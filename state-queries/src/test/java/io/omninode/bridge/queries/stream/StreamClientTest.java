package io.omninode.bridge.queries.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamClientTest {

    private static final StreamFilter HEALTH_OF_A = new StreamFilter(Set.of("intelligence.health"), "svc-a", null);

    private static StreamEvent event(String topic, String service, long offset) {
        return new StreamEvent(topic, 0, offset, new long[] {offset + 1}, "e", service, null, "{\"n\":" + offset + "}");
    }

    @Test
    void shouldBufferOnlyWhatTheFilterAsksFor() throws InterruptedException {
        StreamClient client = new StreamClient(HEALTH_OF_A, 10, 1 << 20);
        client.offer(event("intelligence.health", "svc-a", 1));
        client.offer(event("intelligence.health", "svc-b", 2));
        client.offer(event("intelligence.patterns", "svc-a", 3));
        client.offer(event("intelligence.health", "svc-a", 4));

        List<StreamEvent> out = new ArrayList<>();
        assertThat(client.drainTo(out, 10)).isEqualTo(StreamClient.End.NONE);

        assertThat(out).extracting(StreamEvent::offset).containsExactly(1L, 4L);
        assertThat(client.buffered()).isZero();
    }

    @Test
    void shouldCutOffAClientWhoseBufferIsFullAndFreeTheBufferAtOnce() throws InterruptedException {
        StreamClient client = new StreamClient(HEALTH_OF_A, 3, 1 << 20);
        for (int i = 0; i < 3; i++) {
            client.offer(event("intelligence.health", "svc-a", i));
        }
        assertThat(client.buffered()).isEqualTo(3);
        assertThat(client.bufferedBytes()).isPositive();

        client.offer(event("intelligence.health", "svc-a", 3));
        client.offer(event("intelligence.health", "svc-a", 4));

        assertThat(client.buffered()).isZero();
        assertThat(client.bufferedBytes()).isZero();
        assertThat(client.droppedOnCutOff()).isEqualTo(4);
        List<StreamEvent> out = new ArrayList<>();
        assertThat(client.drainTo(out, 10)).isEqualTo(StreamClient.End.CUT_OFF);
        assertThat(out).isEmpty();
    }

    @Test
    void shouldCutOffOnTheByteBoundToo() {
        StreamEvent one = event("intelligence.health", "svc-a", 1);
        StreamClient client = new StreamClient(HEALTH_OF_A, 1_000, one.weight() * 2L);
        client.offer(one);
        client.offer(event("intelligence.health", "svc-a", 2));
        assertThat(client.buffered()).isEqualTo(2);

        client.offer(event("intelligence.health", "svc-a", 3));

        assertThat(client.buffered()).isZero();
        assertThat(client.droppedOnCutOff()).isEqualTo(3);
    }

    @Test
    void shouldEndAWaitingWriterWhenClosed() throws InterruptedException {
        StreamClient client = new StreamClient(HEALTH_OF_A, 10, 1 << 20);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        });
        closer.start();

        assertThat(client.drainTo(new ArrayList<>(), 60_000)).isEqualTo(StreamClient.End.CLOSED);
        closer.join();
    }
}
