package io.omninode.bridge.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.omninode.bridge.app.kafka.KafkaClients;
import io.omninode.bridge.schemas.Json;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bridge tail}: prints the records of one bridge topic to stdout, one pretty-printed JSON
 * document each (see {@link RecordJson}). Reads every partition without a consumer group, so it
 * commits nothing and disturbs nobody.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the records of a bridge topic as JSON documents, new ones by default.")
final class TailCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Parameters(index = "0", paramLabel = "TOPIC",
            description = "Logical topic name (e.g. intelligence.health) or full, prefixed name.")
    private String topicName;

    @Option(names = "--from-beginning", description = "Start at the oldest record instead of the end.")
    private boolean fromBeginning;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "127.0.0.1:9092",
            description = "Kafka to read from (default: ${DEFAULT-VALUE}, the broker of a default 'bridge run').")
    private String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Kafka client properties file (security.protocol, sasl.*, ssl.*, ...), as for 'bridge run'.")
    private Path kafkaConfig;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "The --topic-prefix the bridge runs with (default: none).")
    private String topicPrefix;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    private Integer max;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 30s, 2m); with --max, reaching it before N records is an error.")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        if (max != null && max < 1) {
            throw new ParameterException(spec.commandLine(), "--max must be at least 1");
        }
        Topic<?, ?> topic = resolveTopic();
        List<TopicPartition> partitions = partitionsOf(topic);
        boolean valuesAreJson = !(topic.valueSerde().deserializer() instanceof ByteArrayDeserializer);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // resolve the start offsets now, so that everything written from here on is printed
            partitions.forEach(consumer::position);
            return print(consumer, valuesAreJson);
        }
    }

    private int print(KafkaConsumer<byte[], byte[]> consumer, boolean valuesAreJson) throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        ObjectWriter writer = Json.MAPPER.writerWithDefaultPrettyPrinter();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int printed = 0;
        while (max == null || printed < max) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                if (max != null) {
                    throw new BridgeException("tail timed out after " + timeout.toMillis() + " ms with "
                            + printed + " of " + max + " records");
                }
                return 0;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofNanos(Math.min(remaining, POLL.toNanos())))) {
                out.println(writer.writeValueAsString(RecordJson.of(record, valuesAreJson)));
                if (out.checkError()) {
                    return 0; // stdout closed, e.g. piped into head
                }
                if (++printed == (max == null ? -1 : max)) {
                    break;
                }
            }
        }
        return 0;
    }

    private Topic<?, ?> resolveTopic() {
        Topics topics;
        try {
            topics = new Topics(TopicsConfig.withPrefix(topicPrefix));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
        }
        return topics.find(topicName).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown topic '" + topicName + "'; the bridge's topics are: "
                        + topics.all().stream().map(Topic::logical).collect(Collectors.joining(", "))
                        + (topicPrefix.isEmpty() ? "" : " (each prefixed with '" + topicPrefix + "')")));
    }

    private List<TopicPartition> partitionsOf(Topic<?, ?> topic) {
        try (Admin admin = KafkaClients.admin(connection(), "bridge-tail", KafkaClients.DEFAULT_TIMEOUT)) {
            TopicDescription description = KafkaClients.await(
                    admin.describeTopics(List.of(topic.name())).topicNameValues().get(topic.name()),
                    KafkaClients.DEFAULT_TIMEOUT, "reading topic " + topic.name() + " from Kafka at " + bootstrapServers);
            return description.partitions().stream()
                    .map(partition -> new TopicPartition(topic.name(), partition.partition()))
                    .toList();
        } catch (BridgeException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new BridgeException("topic " + topic.name() + " does not exist on Kafka at " + bootstrapServers
                        + "; start 'bridge run' (with the same --topic-prefix) to create it", e);
            }
            throw e;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        connection().clientProperties().forEach((k, v) -> config.put((String) k, v));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bridge-tail");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.toIntExact(KafkaClients.DEFAULT_TIMEOUT.toMillis()));
        return config;
    }

    private KafkaConnection connection() {
        if (kafkaConfig == null) {
            return KafkaConnection.plain(bootstrapServers);
        }
        try {
            return KafkaConnection.load(bootstrapServers, kafkaConfig, System::getenv);
        } catch (IllegalArgumentException e) {
            throw new BridgeException(e.getMessage(), e);
        }
    }
}
