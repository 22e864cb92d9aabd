package io.omninode.bridge.app;

import io.omninode.bridge.app.kafka.ClusterSecret;
import io.omninode.bridge.app.kafka.TopicProvisioner;
import io.omninode.bridge.schemas.Topics;
import io.omninode.bridge.schemas.TopicsConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridge topics --print}: for a cluster where the bridge's principal may not create topics,
 * the commands an administrator runs instead (issue 16): every topic of the catalog and the cluster
 * secret's, with their partitions, replication factor and configs, and the ACL that lets Kafka
 * Streams create its own changelog and repartition topics under the application id.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the kafka-topics.sh and kafka-acls.sh commands that create what 'bridge run' needs.")
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--print", required = true, description = "Print the commands (nothing is created).")
    private boolean print;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "The --topic-prefix the bridge runs with (default: none).")
    private String topicPrefix;

    @Option(names = "--partitions-scale", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "The --partitions-scale the bridge runs with (default: ${DEFAULT-VALUE}).")
    private double partitionsScale;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "" + TopicsConfig.PRODUCTION_REPLICATION_FACTOR,
            description = "Replication factor of the topics (default: ${DEFAULT-VALUE}, with min.insync.replicas 2).")
    private short replicationFactor;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "omninode-bridge",
            description = "The --application-id the bridge runs with (default: ${DEFAULT-VALUE}).")
    private String applicationId;

    @Option(names = "--principal", paramLabel = "PRINCIPAL", defaultValue = "User:bridge",
            description = "The bridge's Kafka principal, for the ACL line (default: ${DEFAULT-VALUE}).")
    private String principal;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Topics topics;
        try {
            topics = new Topics(new TopicsConfig(topicPrefix, partitionsScale, replicationFactor));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String application = topicPrefix + applicationId;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("# the topics of bridge run --topic-prefix '%s' --application-id %s (replication factor %d)%n",
                topicPrefix, applicationId, replicationFactor);
        for (NewTopic topic : TopicProvisioner.newTopics(topics)) {
            out.println(create(topic));
        }
        out.println(create(ClusterSecret.newTopic(ClusterSecret.topic(application), replicationFactor)));
        out.printf("# Kafka Streams creates its changelog and repartition topics itself, named %s-...;%n", application);
        out.println("# the bridge's principal needs these rights on that prefix (and Read, Write, Describe on the topics above):");
        out.printf("kafka-acls.sh --bootstrap-server BROKER:9092 --add --allow-principal %s --operation Create "
                + "--operation Read --operation Write --operation Describe --operation Delete "
                + "--resource-pattern-type prefixed --topic %s-%n", principal, application);
        out.printf("kafka-acls.sh --bootstrap-server BROKER:9092 --add --allow-principal %s --operation Read "
                + "--resource-pattern-type prefixed --group %s%n", principal, application);
        out.flush();
        return BridgeCli.OK;
    }

    private static String create(NewTopic topic) {
        StringBuilder line = new StringBuilder("kafka-topics.sh --bootstrap-server BROKER:9092 --create --topic ")
                .append(topic.name()).append(" --partitions ").append(topic.numPartitions())
                .append(" --replication-factor ").append(topic.replicationFactor());
        Map<String, String> configs = new TreeMap<>(topic.configs() == null ? Map.of() : topic.configs());
        configs.forEach((key, value) -> line.append(" --config ").append(key).append('=').append(value));
        return line.toString();
    }
}
