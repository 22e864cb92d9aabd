package io.omninode.bridge.queries;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The partitions of each store that this instance is assigned as active, read from Streams'
 * assignment metadata. An interactive query leaves out partitions whose task exists but does not
 * serve yet (created, initialising, handed to the state updater): comparing its answer with this
 * set is how a list knows it is complete.
 */
public final class AssignedPartitions {

    private final KafkaStreams streams;
    private final HostInfo self;
    /** store name → the source topics of its sub-topology, as they appear in the assignment */
    private final Map<String, Set<String>> sources;

    /**
     * @param topology      the description of the topology {@code streams} runs
     * @param applicationId its {@code application.id}, which prefixes the internal topics
     */
    public AssignedPartitions(KafkaStreams streams, HostInfo self, TopologyDescription topology, String applicationId) {
        this.streams = streams;
        this.self = self;
        this.sources = sourcesByStore(topology, applicationId);
    }

    /** The partitions of {@code store} assigned to this instance as active; empty when none or not known yet. */
    public Set<Integer> of(String store) {
        Set<String> topics = sources.get(store);
        if (topics == null) {
            throw new IllegalArgumentException("no partitioned store " + store + " in the topology");
        }
        Set<Integer> partitions = new TreeSet<>();
        try {
            for (StreamsMetadata host : streams.streamsMetadataForStore(store)) {
                if (!host.hostInfo().equals(self)) {
                    continue;
                }
                for (TopicPartition tp : host.topicPartitions()) {
                    if (topics.contains(tp.topic())) {
                        partitions.add(tp.partition());
                    }
                }
            }
        } catch (StreamsException | IllegalStateException e) {
            throw new StoreUnavailableException("cannot read the assignment of " + store + ": " + e.getMessage());
        }
        return partitions;
    }

    static Map<String, Set<String>> sourcesByStore(TopologyDescription topology, String applicationId) {
        Map<String, Set<String>> out = new HashMap<>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            Set<String> topics = new HashSet<>();
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        // internal (repartition) topics are described without the application id prefix
                        topics.add(topic);
                        topics.add(applicationId + "-" + topic);
                    }
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            for (String store : stores) {
                out.computeIfAbsent(store, s -> new HashSet<>()).addAll(topics);
            }
        }
        return out;
    }
}
