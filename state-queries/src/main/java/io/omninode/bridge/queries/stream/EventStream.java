package io.omninode.bridge.queries.stream;

import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live event stream of the console (DESIGN.md §5): the intelligence topics, and on request
 * the hook topics, as they are written, to any number of clients, each with its own filter and
 * its own bounded buffer. One {@link TopicTail} per topic serves every client; a client that
 * resumes from an earlier position first reads the gap from the topic with a consumer of its own.
 */
public final class EventStream implements AutoCloseable {

    /** What a client streams when it names no topic. */
    static final List<String> DEFAULT_TOPICS = List.of("intelligence.health", "intelligence.performance",
            "intelligence.patterns");
    private static final Duration CATCH_UP_STALL = Duration.ofSeconds(10);

    private final Map<String, TopicTail> tails = new LinkedHashMap<>();
    private final Function<String, Consumer<byte[], byte[]>> consumers;
    private final Limits limits;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicLong cutOffs = new AtomicLong();
    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();

    /**
     * @param maxClients      connections beyond this many are refused with 503 (each holds a request thread)
     * @param bufferEvents    a client's buffer bound in events
     * @param bufferBytes     a client's buffer bound in bytes
     */
    public record Limits(int maxClients, int bufferEvents, long bufferBytes) {
        public static final Limits DEFAULT = new Limits(64, 2_000, 4L << 20);
    }

    public EventStream(KafkaConnection kafka, Topics topics, Limits limits) {
        this(topics, limits, clientId -> {
            Properties props = kafka.clientProperties();
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        });
    }

    EventStream(Topics topics, Limits limits, Function<String, Consumer<byte[], byte[]>> consumers) {
        this.consumers = consumers;
        this.limits = limits;
        for (Topic<?, ?> topic : List.of(topics.intelligenceHealth, topics.intelligencePerformance,
                topics.intelligencePatterns, topics.toolExecution, topics.serviceLifecycle, topics.errors,
                topics.toolRegistration, topics.registryServices)) {
            tails.put(topic.logical(), new TopicTail(topic.logical(), topic.name(), consumers));
        }
    }

    /** The logical names a client may stream. */
    public Set<String> streamable() {
        return tails.keySet();
    }

    /** Clients connected now. */
    public int connected() {
        return connected.get();
    }

    /** Clients cut off for a full buffer since start. */
    public long cutOffs() {
        return cutOffs.get();
    }

    /** Events buffered for all connected clients together. */
    public long bufferedBytes() {
        long bytes = 0;
        for (StreamClient client : clients) {
            bytes += client.bufferedBytes();
        }
        return bytes;
    }

    StreamFilter filter(List<String> topics, String service, String tool) {
        return StreamFilter.parse(topics, service, tool, tails.keySet(), new LinkedHashSet<>(DEFAULT_TOPICS));
    }

    StreamPosition position(String lastEventId) {
        return StreamPosition.parse(lastEventId, tails.keySet());
    }

    /** A connected client, until {@link #close()}. */
    final class Session implements AutoCloseable {
        final StreamClient client;
        final StreamPosition position = new StreamPosition();
        private final Map<String, long[]> gapFrom = new LinkedHashMap<>();
        private final Map<String, long[]> gapTo = new LinkedHashMap<>();
        private final List<TopicTail> attached = new ArrayList<>();
        private boolean closed;

        private Session(StreamClient client) {
            this.client = client;
        }

        /** True when a resume left events to read from the topics before the live ones. */
        boolean hasGap() {
            return !gapFrom.isEmpty();
        }

        /**
         * Reads the gap between the resumed position and where the live events start, passing
         * each matching event to {@code out} and keeping {@link #position} up to date; ends when
         * every partition reached its live start, or with an exception when Kafka stops answering.
         */
        void catchUp(java.util.function.Consumer<StreamEvent> out) {
            for (Map.Entry<String, long[]> gap : gapFrom.entrySet()) {
                String logical = gap.getKey();
                TopicTail tail = tails.get(logical);
                long[] to = gapTo.get(logical);
                long[] current = gap.getValue().clone();
                EventDecoder decoder = new EventDecoder(logical);
                try (Consumer<byte[], byte[]> c = consumers.apply("bridge-stream-resume-" + logical)) {
                    List<TopicPartition> assigned = new ArrayList<>();
                    for (int p = 0; p < to.length; p++) {
                        if (current[p] < to[p]) {
                            assigned.add(new TopicPartition(tail.physical(), p));
                        }
                    }
                    c.assign(assigned);
                    for (TopicPartition tp : assigned) {
                        c.seek(tp, current[tp.partition()]);
                    }
                    long lastProgress = System.nanoTime();
                    while (!assigned.isEmpty()) {
                        if (client.closed()) {
                            return;
                        }
                        boolean progressed = false;
                        for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(200))) {
                            int p = record.partition();
                            if (record.offset() >= to[p]) {
                                continue;
                            }
                            progressed = true;
                            long[] after = current.clone();
                            after[p] = record.offset() + 1;
                            current = after;
                            StreamEvent event = decoder.decode(p, record.offset(), after, record.value());
                            if (event != null && client.filter().matches(event)) {
                                position.set(logical, after);
                                out.accept(event);
                            }
                        }
                        List<TopicPartition> done = new ArrayList<>();
                        for (TopicPartition tp : assigned) {
                            if (c.position(tp) >= to[tp.partition()]) {
                                done.add(tp);
                            }
                        }
                        if (!done.isEmpty()) {
                            progressed = true;
                            assigned.removeAll(done);
                            c.assign(assigned);
                        }
                        if (progressed) {
                            lastProgress = System.nanoTime();
                        } else if (System.nanoTime() - lastProgress > CATCH_UP_STALL.toNanos()) {
                            throw new IllegalStateException("reading " + tail.physical() + " from the resumed position"
                                    + " made no progress for " + CATCH_UP_STALL.toSeconds() + " s");
                        }
                    }
                }
                position.set(logical, to);
            }
            gapFrom.clear();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            client.close();
            for (TopicTail tail : attached) {
                tail.detach(client);
            }
            clients.remove(client);
            connected.decrementAndGet();
        }
    }

    /**
     * Connects a client: attaches it to the tail of every topic it streams and works out the gap
     * a resume must read first.
     *
     * @param resume  the position a reconnecting client sent, or null to start with the newest events
     * @param backlog without {@code resume}: how many of the latest records of each partition to send first
     * @throws TooManyClients  when {@link Limits#maxClients()} are connected
     * @throws IllegalStateException when a topic's end cannot be read (Kafka unavailable)
     */
    Session open(StreamFilter filter, StreamPosition resume, int backlog) throws InterruptedException {
        if (connected.incrementAndGet() > limits.maxClients()) {
            connected.decrementAndGet();
            throw new TooManyClients(limits.maxClients());
        }
        StreamClient client = new StreamClient(filter, limits.bufferEvents(), limits.bufferBytes(),
                cutOffs::incrementAndGet);
        Session session = new Session(client);
        clients.add(client);
        try {
            for (String logical : filter.topics()) {
                TopicTail tail = tails.get(logical);
                long[] live = tail.attach(client);
                session.attached.add(tail);
                long[] from = resume != null ? resume.of(logical) : backlog > 0 ? minus(live, backlog) : null;
                if (from == null) {
                    session.position.set(logical, live);
                    continue;
                }
                long[] start = live.clone();
                boolean gap = false;
                for (int p = 0; p < live.length && p < from.length; p++) {
                    start[p] = Math.min(from[p], live[p]);
                    gap |= start[p] < live[p];
                }
                session.position.set(logical, start);
                if (gap) {
                    session.gapFrom.put(logical, start);
                    session.gapTo.put(logical, live);
                }
            }
            return session;
        } catch (RuntimeException | InterruptedException e) {
            session.close();
            throw e;
        }
    }

    private static long[] minus(long[] offsets, int records) {
        long[] out = new long[offsets.length];
        for (int p = 0; p < offsets.length; p++) {
            out[p] = Math.max(0, offsets[p] - records);
        }
        return out;
    }

    /** Thrown by {@link #open} when the connection limit is reached. */
    static final class TooManyClients extends RuntimeException {
        TooManyClients(int limit) {
            super(limit + " event stream clients are connected to this instance, its limit");
        }
    }

    /** Ends every client's stream and stops every tail. */
    @Override
    public void close() {
        clients.forEach(StreamClient::close);
        tails.values().forEach(TopicTail::close);
    }
}
