package io.omninode.bridge.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    @Test
    void shouldSetOnlyConfigsTheBrokerKnows() {
        Properties props = BrokerProperties.create("127.0.0.1", Path.of("/tmp/x/kafka"), 9092, 9093, Map.of());

        assertThat(props.stringPropertyNames())
                .allSatisfy(name -> assertThat(KafkaConfig.configDef().names()).as(name).contains(name));
    }

    @Test
    void shouldDescribeACombinedSingleNodeWithStaticQuorum() {
        KafkaConfig config = KafkaConfig.fromProps(
                BrokerProperties.create("127.0.0.1", Path.of("/tmp/x/kafka"), 19092, 19093, Map.of()), false);

        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(config.getList("process.roles")).containsExactly("broker", "controller");
        assertThat(config.getList("controller.quorum.voters")).containsExactly("1@127.0.0.1:19093");
        assertThat(config.getBoolean("auto.create.topics.enable")).isFalse();
        assertThat(config.getShort("offsets.topic.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getShort("transaction.state.log.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getInt("transaction.state.log.min.isr")).isEqualTo(1);
        assertThat(config.getInt("group.initial.rebalance.delay.ms")).isZero();
    }

    @Test
    void shouldLetOverridesWin() {
        Properties props = BrokerProperties.create("127.0.0.1", Path.of("/tmp/x/kafka"), 9092, 9093,
                Map.of("num.io.threads", "2", "auto.create.topics.enable", "true"));

        assertThat(props.getProperty("num.io.threads")).isEqualTo("2");
        assertThat(props.getProperty("auto.create.topics.enable")).isEqualTo("true");
    }
}
