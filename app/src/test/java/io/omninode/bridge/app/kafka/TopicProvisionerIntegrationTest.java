package io.omninode.bridge.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.app.BridgeException;
import io.omninode.bridge.app.support.FreePorts;
import io.omninode.bridge.app.support.SharedKafka;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicProvisionerIntegrationTest {

    @Test
    void shouldCreateEveryCatalogTopicWithItsPartitionsAndConfigs() throws Exception {
        // Given a catalog under a new prefix
        Topics topics = new Topics(TopicsConfig.withPrefix(SharedKafka.uniquePrefix()));
        Admin admin = SharedKafka.admin();

        // When it is provisioned
        TopicProvisioner.Result result = TopicProvisioner.ensureTopics(admin, topics);

        // Then every topic exists with the catalog's partitions, cleanup policy and retention
        List<String> names = topics.all().stream().map(Topic::name).toList();
        assertThat(result.created()).containsExactlyElementsOf(names);
        assertThat(result.existing()).isEmpty();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        Map<String, Config> configs = describeConfigs(admin, names);
        for (Topic<?, ?> topic : topics.all()) {
            assertThat(descriptions.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
            topic.configs().forEach((key, value) ->
                    assertThat(configs.get(topic.name()).get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
        }
        assertThat(configs.get(topics.registryTools.name()).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        assertThat(descriptions.get(topics.serviceLifecycle.name()).partitions()).hasSize(6);
    }

    @Test
    void shouldCreateNothingWhenRunAgain() {
        Topics topics = SharedKafka.freshTopics();

        TopicProvisioner.Result again = TopicProvisioner.ensureTopics(SharedKafka.admin(), topics);

        assertThat(again.created()).isEmpty();
        assertThat(again.existing()).containsExactlyElementsOf(topics.all().stream().map(Topic::name).toList());
    }

    @Test
    void shouldCreateTopicsUnderThePrefixOnlyWithScaledPartitions() throws Exception {
        String prefix = SharedKafka.uniquePrefix();
        Topics topics = new Topics(new TopicsConfig(prefix, 0.5, (short) 1));

        TopicProvisioner.Result result = TopicProvisioner.ensureTopics(SharedKafka.admin(), topics);

        assertThat(result.created()).hasSize(12).allSatisfy(name -> assertThat(name).startsWith(prefix));
        assertThat(SharedKafka.admin().listTopics().names().get())
                .filteredOn(name -> name.startsWith(prefix))
                .containsExactlyInAnyOrderElementsOf(result.created());
        assertThat(SharedKafka.admin().describeTopics(List.of(topics.toolExecution.name())).allTopicNames().get()
                .get(topics.toolExecution.name()).partitions()).hasSize(3);
    }

    @Test
    void shouldFailClearlyWhenReplicationFactorExceedsTheBrokers() {
        Topics topics = new Topics(new TopicsConfig(SharedKafka.uniquePrefix(), 1.0, (short) 3));

        assertThatThrownBy(() -> TopicProvisioner.ensureTopics(SharedKafka.admin(), topics))
                .isInstanceOf(BridgeException.class)
                .hasMessageContaining("cannot create topic " + topics.serviceLifecycle.name())
                .hasMessageContaining("replication factor 3");
    }

    @Test
    void shouldFailWithinTheTimeoutWhenTheBrokerIsUnreachable() {
        Duration timeout = Duration.ofSeconds(2);
        String nowhere = "127.0.0.1:" + FreePorts.one();
        try (Admin admin = KafkaClients.admin(nowhere, "unreachable-test", timeout)) {
            long begin = System.nanoTime();

            assertThatThrownBy(() -> TopicProvisioner.ensureTopics(admin, Topics.defaults(), timeout))
                    .isInstanceOf(BridgeException.class)
                    .hasMessageContaining("no answer within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static Map<String, Config> describeConfigs(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        return admin.describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), Map.Entry::getValue));
    }
}
