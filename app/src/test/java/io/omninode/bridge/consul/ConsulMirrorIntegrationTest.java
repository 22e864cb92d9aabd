package io.omninode.bridge.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omninode.bridge.app.support.FakeConsul;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.ingest.registry.RegistrationIndex;
import io.omninode.bridge.schemas.Envelope;
import io.omninode.bridge.schemas.EventTypes;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.Source;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** registry.services (and removals on intelligence.health) mirrored to a (fake) Consul agent. */
class ConsulMirrorIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SERVICE = "omniagent";

    private FakeConsul consul;
    private Topics topics;
    private ConsulIntegration integration;

    @BeforeEach
    void start() {
        consul = FakeConsul.start();
        topics = SharedKafka.freshTopics();
        ConsulSettings settings = ConsulSettings.of(consul.url(), null, Duration.ofSeconds(60))
                .withMaxBackoff(Duration.ofMillis(500));
        integration = ConsulIntegration.start(settings, SharedKafka.bootstrapServers(), topics,
                "consul-mirror-it-" + UUID.randomUUID());
    }

    @AfterEach
    void stop() {
        integration.close();
        consul.close();
    }

    @Test
    void shouldMirrorRegistrationHeartbeatsTtlExpiryAndDeregistration() {
        registered("omniagent-h1", 2);

        await().atMost(WAIT).until(() -> "passing".equals(consul.checkStatus("service:omniagent-h1")));
        var service = consul.services().get("omniagent-h1");
        assertThat(service.path("Service").asText()).isEqualTo(SERVICE);
        assertThat(service.path("Address").asText()).isEqualTo("10.0.0.7");
        assertThat(service.path("Port").asInt()).isEqualTo(8080);
        assertThat(service.path("Tags")).extracting(Object::toString).asString().contains("planning");
        assertThat(service.path("Meta").path("environment").asText()).isEqualTo("test");
        assertThat(service.path("Meta").path("replicas").asText()).isEqualTo("3");

        heartbeat("omniagent-h1", "degraded", 2);
        await().atMost(WAIT).until(() -> "warning".equals(consul.checkStatus("service:omniagent-h1")));
        heartbeat("omniagent-h1", "healthy", 2);
        await().atMost(WAIT).until(() -> "passing".equals(consul.checkStatus("service:omniagent-h1")));

        // silence: no heartbeat within the 2 s TTL
        await().atMost(WAIT).until(() -> "critical".equals(consul.checkStatus("service:omniagent-h1")));

        deregistered("omniagent-h1");
        await().atMost(WAIT).until(() -> !consul.services().containsKey("omniagent-h1"));
    }

    @Test
    void shouldDeregisterAnInstanceTheTopologyRemoved() {
        registered("omniagent-gone", 60);
        await().atMost(WAIT).until(() -> consul.services().containsKey("omniagent-gone"));

        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.putObject("health_transition").put("previous_status", "unhealthy").put("current_status", "removed")
                .put("trigger_event", "heartbeat_ttl_expired");
        SharedKafka.produce(topics.intelligenceHealth, SERVICE, envelope(EventTypes.SERVICE_HEALTH_CHANGED,
                "omniagent-gone", payload));

        await().atMost(WAIT).until(() -> !consul.services().containsKey("omniagent-gone"));
    }

    @Test
    void shouldReportRegisteredOnlyAfterTheAgentHasIt() throws Exception {
        String id = RegistrationIndex.registrationId(SERVICE, "omniagent-late");
        consul.goDown();
        registered("omniagent-late", 60);

        assertThat(integration.status().awaitRegistered(id, Duration.ofSeconds(1)).get())
                .as("Consul is down: not registered").isFalse();
        assertThat(integration.status().reachable()).isFalse();

        CompletableFuture<Boolean> confirmed = integration.status().awaitRegistered(id, Duration.ofSeconds(20))
                .thenApply(registered -> registered && consul.services().containsKey("omniagent-late"));
        consul.comeBack();

        assertThat(confirmed.get()).as("true only once the agent has the instance").isTrue();
        assertThat(integration.status().awaitRegistered(id, Duration.ofSeconds(2)).get()).isTrue();
    }

    @Test
    void shouldCatchUpInOrderAfterAnOutage() {
        registered("omniagent-a", 60);
        await().atMost(WAIT).until(() -> consul.services().containsKey("omniagent-a"));

        consul.goDown();
        int before = consul.requests().size();
        heartbeat("omniagent-a", "degraded", 60);
        registered("omniagent-b", 60);
        heartbeat("omniagent-b", "unhealthy", 60);
        deregistered("omniagent-a");
        registered("omniagent-c", 60);
        await().atMost(WAIT).until(() -> !integration.status().reachable());
        consul.comeBack();

        await().atMost(WAIT).until(() -> consul.services().containsKey("omniagent-c"));
        assertThat(consul.services()).doesNotContainKey("omniagent-a").containsKey("omniagent-b");
        assertThat(consul.checkStatus("service:omniagent-b")).isEqualTo("critical");
        List<String> writes = consul.requests().subList(before, consul.requests().size()).stream()
                .filter(r -> r.method().equals("PUT"))
                .map(r -> r.path().endsWith("/register")
                        ? "register " + serviceId(r.body()) : r.path())
                .toList();
        assertThat(writes).containsExactly(
                "/v1/agent/check/warn/service:omniagent-a",
                "register omniagent-b",
                "/v1/agent/check/fail/service:omniagent-b",
                "/v1/agent/service/deregister/omniagent-a",
                "register omniagent-c");
    }

    private void registered(String instance, int ttl) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("service_name", SERVICE).put("version", "1.2.3").put("instance_id", instance)
                .put("host", "10.0.0.7").put("port", 8080)
                .put("health_check_url", "http://10.0.0.7:8080/health");
        p.putArray("capabilities").add("planning").add("tools");
        p.putObject("metadata").put("environment", "test").put("replicas", 3).putNull("deployment_id");
        p.put("ttl_seconds", ttl).put("registration_id", RegistrationIndex.registrationId(SERVICE, instance))
                .put("registered_at", now.toString()).put("expires_at", now.plusSeconds(ttl).toString());
        SharedKafka.produce(topics.registryServices, SERVICE, envelope(EventTypes.REGISTRY_SERVICE_REGISTERED,
                instance, p));
    }

    private void heartbeat(String instance, String health, int ttl) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("health_status", health).put("registration_id", RegistrationIndex.registrationId(SERVICE, instance))
                .put("service_name", SERVICE).put("instance_id", instance).put("ttl_seconds", ttl)
                .put("updated_at", Instant.now().toString());
        SharedKafka.produce(topics.registryServices, SERVICE, envelope(EventTypes.REGISTRY_SERVICE_HEARTBEAT,
                instance, p));
    }

    private void deregistered(String instance) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("registration_id", RegistrationIndex.registrationId(SERVICE, instance)).put("service_name", SERVICE)
                .put("instance_id", instance);
        SharedKafka.produce(topics.registryServices, SERVICE, envelope(EventTypes.REGISTRY_SERVICE_DEREGISTERED,
                instance, p));
    }

    private static String serviceId(String registerBody) {
        try {
            return Json.MAPPER.readTree(registerBody).path("ID").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Envelope envelope(String type, String instance, ObjectNode payload) {
        return Envelope.create(type, new Source(SERVICE, instance, null), "corr", "req", payload);
    }
}
