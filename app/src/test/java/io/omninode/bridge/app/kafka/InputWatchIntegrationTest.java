package io.omninode.bridge.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.schemas.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch on the topology's inputs against a real broker: readable since ever while it answers,
 * not readable once it stops answering (within the staleness bound), and readable again from the
 * poll that found it back — never "since ever" after an outage.
 */
class InputWatchIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldSayUnreadableWhileTheBrokerIsDownAndReadableSinceItCameBack() throws Exception {
        int[] ports = FreePorts.pick(2);
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, ports[0], ports[1]).start();
        try {
            try (Admin admin = KafkaClients.admin(kafka.bootstrapServers(), "test", Duration.ofSeconds(15))) {
                admin.createTopics(List.of(new NewTopic("watched", 3, (short) 1),
                        new NewTopic("app-x-repartition", 2, (short) 1))).all().get();
            }
            KafkaConnection connection = KafkaConnection.plain(kafka.bootstrapServers());
            try (Admin admin = KafkaClients.admin(connection, "watch", InputWatch.TIMEOUT);
                 InputWatch watch = new InputWatch(admin, List.of("watched", "not-created-yet"), "app-", clock::get)) {
                // Before any answer: not known, so not readable
                assertThat(watch.readableSinceMs(clock.get())).isEqualTo(Long.MAX_VALUE);

                // Given: the broker answers
                watch.poll();
                assertThat(watch.readableSinceMs(clock.get())).as("readable since ever").isEqualTo(Long.MIN_VALUE);
                assertThat(watch.readableNow()).isEqualTo(1);

                // When: it stops
                kafka.close();
                clock.addAndGet(InputWatch.POLL.toMillis());
                watch.poll();

                // Then: not readable
                assertThat(watch.readableSinceMs(clock.get())).isEqualTo(Long.MAX_VALUE);
                assertThat(watch.readableNow()).isZero();

                // When: it is back on its log dir
                kafka = new EmbeddedKafka(dataDir, ports[0], ports[1]).start();
                long back = clock.addAndGet(InputWatch.POLL.toMillis());
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    watch.poll();
                    return watch.readableSinceMs(clock.get()) != Long.MAX_VALUE;
                });

                // Then: readable since the poll that found it back
                assertThat(watch.readableSinceMs(clock.get())).isEqualTo(back);

                // And: without an answer for longer than the staleness bound, not readable again
                clock.addAndGet(InputWatch.STALE.toMillis() + 1);
                assertThat(watch.readableSinceMs(clock.get())).isEqualTo(Long.MAX_VALUE);
            }
        } finally {
            kafka.close();
        }
    }
}
