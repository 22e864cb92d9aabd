package io.omninode.bridge.app.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Configuration of the embedded single-node KRaft broker: combined broker and controller,
 * node 1, static one-voter quorum, every internal topic at replication factor 1.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String BROKER_LISTENER = "PLAINTEXT";

    /** Partitions of {@code __consumer_offsets} and {@code __transaction_state}: enough for a few instances, quick to create. */
    private static final int INTERNAL_TOPIC_PARTITIONS = 12;

    private BrokerProperties() {
    }

    static Properties create(String host, Path logDir, int kafkaPort, int controllerPort,
                             Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("listeners", BROKER_LISTENER + "://" + host + ":" + kafkaPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + kafkaPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());

        // one node: every replication factor and min ISR is 1
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");

        // the bridge creates its topics explicitly; nobody else should
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        // no one else will join a group on a one-node development broker: rebalance at once
        props.put("group.initial.rebalance.delay.ms", "0");
        // the default 128 MiB cleaner buffer is sized for large shared clusters
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
        // after a crash the restarted node re-registers only once its old registration's session
        // expires; heartbeats stay in-process, so a short session costs nothing (default 9 s / 2 s)
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        // fail start-up instead of hanging when the node cannot come up
        props.put("server.max.startup.time.ms", "60000");

        props.putAll(overrides);
        return props;
    }
}
