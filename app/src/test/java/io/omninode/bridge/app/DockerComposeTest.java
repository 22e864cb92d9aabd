package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml and the Dockerfile cannot run here (no Docker engine), so this reads them:
 * the services, ports and health checks are there, and every bridge command is one the CLI accepts.
 */
class DockerComposeTest {

    private static final List<String> BRIDGES = List.of("bridge-1", "bridge-2");

    private final JsonNode compose = read("docker-compose.yml");

    @Test
    void shouldDefineKafkaConsulAndTwoBridgesWithHealthChecks() {
        JsonNode services = compose.path("services");
        assertThat(names(services)).containsExactlyInAnyOrder("kafka", "consul", "bridge-1", "bridge-2");
        assertThat(services.at("/kafka/image").asText()).startsWith("apache/kafka:");
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(services.at("/consul/image").asText()).startsWith("hashicorp/consul");
        assertThat(services.at("/consul/command").toString()).contains("-dev");
        assertThat(services.at("/consul/ports").toString()).contains("8500:8500");
        services.forEach(service -> assertThat(service.at("/healthcheck/test").isMissingNode()).isFalse());
        assertThat(services.at("/bridge-1/ports/0").asText()).isEqualTo("8001:8000");
        assertThat(services.at("/bridge-2/ports/0").asText()).isEqualTo("8002:8000");
        for (String bridge : BRIDGES) {
            JsonNode service = services.path(bridge);
            assertThat(service.at("/healthcheck/test").toString()).contains("/ready");
            assertThat(service.at("/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
            assertThat(service.at("/depends_on/consul/condition").asText()).isEqualTo("service_healthy");
        }
    }

    @Test
    void shouldRunEachBridgeWithOptionsTheCliAccepts() {
        for (String bridge : BRIDGES) {
            List<String> command = command(bridge);
            assertThat(command).startsWith("run");
            assertThat(value(command, "--bootstrap-servers")).isEqualTo("kafka:9092");
            assertThat(value(command, "--consul-url")).isEqualTo("http://consul:8500");
            assertThat(value(command, "--application-id")).isEqualTo("omninode-bridge");
            assertThat(value(command, "--application-server")).isEqualTo(bridge + ":8000");
            assertThat(value(command, "--instance-id")).isEqualTo(bridge);

            assertThat(compose.at("/services/" + bridge + "/environment/BRIDGE_CLUSTER_SECRET").isMissingNode())
                    .as("no well-known default secret: the instances share one through Kafka").isTrue();
            String[] args = command.toArray(String[]::new);
            assertThatCode(() -> BridgeCli.commandLine().parseArgs(args)).as(bridge + ": " + command)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldBuildANonRootImageThatExposesThePortAndChecksReadiness() throws IOException {
        String dockerfile = Files.readString(root().resolve("Dockerfile"));
        assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre",
                "app/target/bridge-app.jar", "app/target/lib/", "EXPOSE 8000", "/ready");
        assertThat(dockerfile).containsPattern("(?m)^USER (?!root)\\S+");
    }

    private List<String> command(String service) {
        return StreamSupport.stream(compose.at("/services/" + service + "/command").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    private static String value(List<String> command, String option) {
        int at = command.indexOf(option);
        return at < 0 || at + 1 >= command.size() ? null : command.get(at + 1);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read(String file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(root().resolve(file).toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The repository root: the parent of the app module the tests run in. */
    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
