package io.omninode.bridge.queries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the partitions of each store are, read from Streams' assignment metadata: the ones this
 * instance is assigned as active ({@link #of}), and every partition with its active and standby
 * instances ({@link #placements}). An interactive query leaves out partitions whose task exists but
 * does not serve yet (created, initialising, handed to the state updater): comparing its answer
 * with these sets is how a list knows it is complete.
 */
public final class StorePartitions {

    private final KafkaStreams streams;
    private final HostInfo self;
    /** store name → the source topics of its sub-topology, as they appear in the assignment */
    private final Map<String, Set<String>> sources;
    /** store name → every partition seen in the metadata so far */
    private final Map<String, Set<Integer>> known = new ConcurrentHashMap<>();

    /**
     * @param topology      the description of the topology {@code streams} runs
     * @param applicationId its {@code application.id}, which prefixes the internal topics
     */
    public StorePartitions(KafkaStreams streams, HostInfo self, TopologyDescription topology, String applicationId) {
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

    /**
     * Every partition of {@code store} known to the application with where its copies are: the
     * active instance (null while none is assigned) and the standby instances, from Streams'
     * metadata of all instances. A partition seen once stays known, so one that lost every copy in
     * a rebalance is listed without copies rather than silently left out.
     */
    public Map<Integer, StoreLocator.Placement> placements(String store) {
        Set<String> topics = sources.get(store);
        if (topics == null) {
            throw new IllegalArgumentException("no partitioned store " + store + " in the topology");
        }
        Map<Integer, HostInfo> active = new TreeMap<>();
        Map<Integer, List<HostInfo>> standbys = new TreeMap<>();
        try {
            for (StreamsMetadata host : streams.metadataForAllStreamsClients()) {
                for (TopicPartition tp : host.topicPartitions()) {
                    if (topics.contains(tp.topic())) {
                        active.put(tp.partition(), host.hostInfo());
                    }
                }
                for (TopicPartition tp : host.standbyTopicPartitions()) {
                    if (topics.contains(tp.topic())) {
                        List<HostInfo> copies = standbys.computeIfAbsent(tp.partition(), p -> new ArrayList<>());
                        if (!copies.contains(host.hostInfo())) {
                            copies.add(host.hostInfo());
                        }
                    }
                }
            }
        } catch (StreamsException | IllegalStateException e) {
            throw new StoreUnavailableException("cannot read the placement of " + store + ": " + e.getMessage());
        }
        Set<Integer> partitions = known.computeIfAbsent(store, s -> new ConcurrentSkipListSet<>());
        partitions.addAll(active.keySet());
        partitions.addAll(standbys.keySet());
        Map<Integer, StoreLocator.Placement> out = new TreeMap<>();
        for (int partition : partitions) {
            out.put(partition, new StoreLocator.Placement(partition, active.get(partition),
                    List.copyOf(standbys.getOrDefault(partition, List.of()))));
        }
        return out;
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
