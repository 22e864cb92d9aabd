package io.omninode.bridge.ingest.kafka;

import io.omninode.bridge.http.ApiException;
import io.omninode.bridge.schemas.KafkaConnection;
import io.omninode.bridge.schemas.Topic;
import io.omninode.bridge.schemas.TopicWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes envelopes to Kafka and completes only after the broker's acknowledgement
 * ({@code acks=all}, idempotent). Every failure — broker down, metadata unavailable, buffer full —
 * surfaces within {@link #SEND_TIMEOUT} as a 503 {@link ApiException}; never as a success.
 *
 * <p>The producer's own delivery timeout answers every send before that; the deadline here is the
 * guarantee on top of it. Every send has the same deadline, so the sends in the order they were made
 * are also in the order they expire: one queue and one check every {@link #DEADLINE_TICK} replace a
 * timer per send ({@code CompletableFuture.orTimeout} scheduled one on a shared timer, and cancelling
 * it on the producer's I/O thread, for every record, was 1.8 % of the bridge's CPU under batch load).
 */
public final class EventPublisher implements TopicWriter, AutoCloseable {

    /**
     * Bytes per partition batch. A produce request carries up to one batch per partition of a broker,
     * and a broker reads each request into one array: with 128 KiB, a request to the six partitions of
     * {@code hooks.tool_execution} was about 780 KB, which on a heap of up to 2 GB (1 MB G1 regions)
     * is a humongous object, and under batch load the embedded broker allocated some 200 of them a
     * second, each young collection a concurrent marking cycle. 64 KiB keeps such a request under
     * half a region.
     */
    private static final int BATCH_BYTES = 64 * 1024;
    /** Upper bound between {@link #publish} and its outcome. */
    public static final Duration SEND_TIMEOUT = Duration.ofMillis(4_800);
    /** Largest record the producer accepts; bodies are limited well below it. */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;
    /** How often {@link #expire} runs; a send's deadline is this much short of {@link #SEND_TIMEOUT}. */
    static final Duration DEADLINE_TICK = Duration.ofMillis(50);
    private static final long RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final AtomicLong LAST_WARNING = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS - 1);

    private final Producer<String, byte[]> producer;
    private final long deadlineNanos;
    /** Sends not known to be answered, oldest first (answered ones leave when they reach the head). */
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService deadlines;

    private record Pending(long deadline, Topic<?, ?> topic, CompletableFuture<RecordMetadata> result) {
    }

    /** Values are serialized with each topic's serde by {@link #publish}; the producer only moves bytes. */
    public EventPublisher(Producer<String, byte[]> producer) {
        this(producer, SEND_TIMEOUT);
    }

    /** A publisher whose sends fail as not acknowledged after {@code timeout} (tests use a short one). */
    EventPublisher(Producer<String, byte[]> producer, Duration timeout) {
        this.producer = producer;
        this.deadlineNanos = Math.max(0, timeout.minus(DEADLINE_TICK).toNanos());
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-send-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.scheduleWithFixedDelay(this::expire, DEADLINE_TICK.toMillis(), DEADLINE_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Producer compression of the public topics by default: none, so that every standard client reads
     * them without optional codec packages (DESIGN.md §4; the seed's aiokafka consumer reads lz4
     * only with an extra package).
     */
    public static final String DEFAULT_COMPRESSION = "none";
    /** The compression types a producer accepts. */
    public static final List<String> COMPRESSION_TYPES = List.of("none", "gzip", "snappy", "lz4", "zstd");

    /** A publisher with its own {@link KafkaProducer} configured by {@link #producerConfig}, uncompressed. */
    public static EventPublisher create(String bootstrapServers, String clientId) {
        return create(bootstrapServers, clientId, DEFAULT_COMPRESSION);
    }

    /** A publisher with its own {@link KafkaProducer} configured by {@link #producerConfig}. */
    public static EventPublisher create(String bootstrapServers, String clientId, String compression) {
        return create(KafkaConnection.plain(bootstrapServers), clientId, compression);
    }

    /** A publisher on {@code kafka} (its security settings included), configured by {@link #producerConfig}. */
    public static EventPublisher create(KafkaConnection kafka, String clientId, String compression) {
        Properties props = producerConfig(kafka, clientId, compression);
        return new EventPublisher(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }

    /** {@link #producerConfig(String, String, String)} without compression. */
    public static Properties producerConfig(String bootstrapServers, String clientId) {
        return producerConfig(bootstrapServers, clientId, DEFAULT_COMPRESSION);
    }

    /**
     * Durable, bounded producer settings: acks=all, idempotence, and timeouts that make every
     * send finish (one way or the other) within {@link #SEND_TIMEOUT}.
     *
     * @param compression one of {@link #COMPRESSION_TYPES}
     */
    public static Properties producerConfig(String bootstrapServers, String clientId, String compression) {
        return producerConfig(KafkaConnection.plain(bootstrapServers), clientId, compression);
    }

    /** {@link #producerConfig(String, String, String)} on top of {@code kafka}'s client properties. */
    public static Properties producerConfig(KafkaConnection kafka, String clientId, String compression) {
        if (!COMPRESSION_TYPES.contains(compression)) {
            throw new IllegalArgumentException("compression must be one of " + COMPRESSION_TYPES + ", not " + compression);
        }
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 4_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_500);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return props;
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }

    /**
     * Sends any value (null = tombstone) to {@code topic} with the topic's serde. The future completes
     * with the broker's metadata, or exceptionally with an {@link ApiException} (503, or 413 for a
     * record the broker refuses as too large). {@link #publish} sends envelopes through it.
     */
    @Override
    public <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value, Headers headers) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        pending.add(new Pending(System.nanoTime() + deadlineNanos, topic, result));
        try {
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), null, key, bytes, headers);
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(translate(topic, error));
                } else {
                    result.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(translate(topic, e));
        }
        return result;
    }

    /** Fails every send whose deadline has passed without an answer, and drops answered ones from the head. */
    private void expire() {
        long now = System.nanoTime();
        Pending head;
        while ((head = pending.peek()) != null && (head.result().isDone() || head.deadline() - now <= 0)) {
            pending.poll();
            if (!head.result().isDone()) {
                head.result().completeExceptionally(translate(head.topic(), new TimeoutException("no acknowledgement in time")));
            }
        }
    }

    /** Unwraps completion wrappers and turns Kafka failures into the HTTP error the client sees. */
    public static ApiException translate(Topic<?, ?> topic, Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof RecordTooLargeException) {
            return ApiException.tooLarge("the event is larger than Kafka accepts for " + topic.name());
        }
        long now = System.nanoTime();
        long last = LAST_WARNING.get();
        if (now - last > WARNING_INTERVAL_NANOS && LAST_WARNING.compareAndSet(last, now)) {
            LOG.warn("Kafka write to {} failed, answering 503 (further failures muted for 10 s): {}",
                    topic.name(), timedOut(cause) ? "no acknowledgement in time" : cause.toString());
        }
        // a write without an acknowledgement in time may still be stored (acks=all landed after the deadline)
        String outcome = timedOut(cause) ? "the event was not acknowledged in time and may or may not be stored"
                : "the event was not stored";
        return ApiException.unavailable("Kafka is unavailable; " + outcome + " (" + cause.getClass().getSimpleName()
                + ")", RETRY_AFTER_SECONDS);
    }

    /** Our own deadline ran out, or the producer's delivery timeout did: the broker may have stored the record anyway. */
    private static boolean timedOut(Throwable cause) {
        return cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        } finally {
            deadlines.shutdownNow();
        }
    }
}
