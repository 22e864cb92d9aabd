package io.omninode.bridge.topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poison records go to {@code bridge.dlq} (Kafka Streams' dead-letter queue, KIP-1034: original
 * key and value bytes, headers naming source topic, partition, offset and the exception) and
 * processing continues. Unlike Kafka's LogAndContinue handlers these log one line per record,
 * without a stack trace, at most one line per second: a poison record is an expected condition.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicLong LAST_LOG = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS - 1);

    private DeadLetters() {
    }

    /** Records that cannot be deserialized. */
    public static final class OnDeserialization implements DeserializationExceptionHandler {
        private String dlqTopic;

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                    Exception exception) {
            return Response.resume(deadLetters(dlqTopic, record.key(), record.value(), context, exception));
        }

        @Override
        public void configure(Map<String, ?> configs) {
            dlqTopic = dlqTopic(configs);
        }
    }

    /** Records whose processing throws. */
    public static final class OnProcessing implements ProcessingExceptionHandler {
        private String dlqTopic;

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            return Response.resume(deadLetters(dlqTopic, context.sourceRawKey(), context.sourceRawValue(), context,
                    exception));
        }

        @Override
        public void configure(Map<String, ?> configs) {
            dlqTopic = dlqTopic(configs);
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> deadLetters(String dlqTopic, byte[] key, byte[] value,
                                                                     ErrorHandlerContext context, Exception e) {
        long now = System.nanoTime();
        long last = LAST_LOG.get();
        if (now - last > LOG_INTERVAL_NANOS && LAST_LOG.compareAndSet(last, now)) {
            LOG.warn("dead letter from {}-{}@{} ({}): {}", context.topic(), context.partition(), context.offset(),
                    e.getClass().getSimpleName(), e.getMessage());
        }
        return ExceptionHandlerUtils.maybeBuildDeadLetterQueueRecords(dlqTopic, key, value, context, e);
    }

    private static String dlqTopic(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null ? null : topic.toString();
    }
}
