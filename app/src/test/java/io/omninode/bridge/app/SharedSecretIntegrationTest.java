package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.kafka.ClusterSecret;
import io.omninode.bridge.app.support.BridgeHttp;
import io.omninode.bridge.app.support.BridgeHttp.Reply;
import io.omninode.bridge.app.support.BridgeProcess;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.SeedSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances that find each other (issue 13, DESIGN.md §7): instances of one application share the
 * secret of forwarded queries through Kafka, without {@code --cluster-secret}.
 */
class SharedSecretIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void shouldAgreeOnOneSecretPerApplicationEvenWhenInstancesStartTogether() {
        String application = SharedKafka.uniquePrefix() + "bridge";
        List<CompletableFuture<ClusterSecret.Shared>> together = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> ClusterSecret.resolve(SharedKafka.admin(),
                        SharedKafka.bootstrapServers(), application, (short) 1)))
                .toList();
        List<ClusterSecret.Shared> shared = together.stream().map(CompletableFuture::join).toList();

        assertThat(shared).extracting(ClusterSecret.Shared::secret).containsOnly(shared.get(0).secret());
        assertThat(shared.get(0).secret()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(shared).filteredOn(ClusterSecret.Shared::generated).as("one generated it").hasSize(1);
        ClusterSecret.Shared later = ClusterSecret.resolve(SharedKafka.admin(), SharedKafka.bootstrapServers(),
                application, (short) 1);
        assertThat(later.secret()).isEqualTo(shared.get(0).secret());
        assertThat(later.generated()).isFalse();
        assertThat(ClusterSecret.resolve(SharedKafka.admin(), SharedKafka.bootstrapServers(), application + "-other",
                (short) 1).secret()).as("another application has its own").isNotEqualTo(later.secret());
    }

    @Test
    void shouldAnswerEachOthersKeysWhenStartedWithNothingButTheBootstrapServers() throws Exception {
        String prefix = SharedKafka.uniquePrefix();
        int[] ports = FreePorts.pick(2);
        Process a = start(prefix, ports[0], "a");
        Process b = null;
        try {
            b = start(prefix, ports[1], "b");
            BridgeHttp toA = new BridgeHttp(ports[0]);
            BridgeHttp toB = new BridgeHttp(ports[1]);
            List<String> services = IntStream.range(0, 12).mapToObj(i -> "shared-" + i).toList();
            for (String service : services) {
                ObjectNode body = SeedSamples.load(SeedSamples.REGISTRATION);
                body.put("service_name", service).put("instance_id", service + "-1");
                Reply reply = toA.post("/registry/services", body);
                assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            }

            Set<String> servedBy = new HashSet<>();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                servedBy.clear();
                for (String service : services) {
                    for (BridgeHttp bridge : List.of(toA, toB)) {
                        Reply health = bridge.get("/registry/services/" + service + "/health?fresh=true");
                        assertThat(health.status()).as("never the client's 403: %s", health.text()).isNotEqualTo(403);
                        if (health.status() != 200) {
                            return false;
                        }
                        servedBy.add(health.json().at("/metadata/served_by").asText());
                    }
                }
                return servedBy.size() == 2;
            });
            Reply list = toB.get("/registry/services?limit=1000&fresh=true");
            assertThat(list.status()).as(list.text()).isEqualTo(200);
            assertThat(list.data().get("count").asInt()).isEqualTo(services.size());
        } finally {
            if (b != null) {
                BridgeProcess.stop(b);
            }
            BridgeProcess.stop(a);
        }
    }

    private Process start(String prefix, int port, String name) throws Exception {
        return BridgeProcess.start(dir.resolve(name), "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--topic-prefix", prefix, "--port", Integer.toString(port),
                "--data-dir", dir.resolve(name).resolve("data").toString(), "--insecure");
    }
}
