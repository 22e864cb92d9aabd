package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadAClientFileAndReplaceEnvironmentVariables() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.properties"), """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                  username="bridge" password="${env:KAFKA_PASSWORD}";
                ssl.truststore.location=/etc/kafka/${env:ENVIRONMENT}-truststore.jks
                """);
        Map<String, String> environment = Map.of("KAFKA_PASSWORD", "p$ss\\\\word", "ENVIRONMENT", "prod");

        KafkaConnection kafka = KafkaConnection.load("k1:9093,k2:9093", file, environment::get);

        assertThat(kafka.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(kafka.properties().get("sasl.jaas.config")).endsWith("username=\"bridge\" password=\"p$ss\\\\word\";");
        assertThat(kafka.properties().get("ssl.truststore.location")).isEqualTo("/etc/kafka/prod-truststore.jks");
        assertThat(kafka.clientProperties()).containsEntry("bootstrap.servers", "k1:9093,k2:9093")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(KafkaConnection.plain("k:9092").securityProtocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void shouldRefuseUnsetVariablesBootstrapServersAndUnreadableFiles() throws Exception {
        Path unset = Files.writeString(dir.resolve("unset.properties"), "sasl.jaas.config=${env:NOPE}\n");
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.properties"), "bootstrap.servers=x:1\n");

        assertThatThrownBy(() -> KafkaConnection.load("k:9092", unset, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE, which is not set");
        assertThatThrownBy(() -> KafkaConnection.load("k:9092", bootstrap, name -> null))
                .hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> KafkaConnection.load("k:9092", dir.resolve("missing"), name -> null))
                .hasMessageContaining("cannot read");
    }
}
