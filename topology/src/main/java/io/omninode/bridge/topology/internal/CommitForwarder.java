package io.omninode.bridge.topology.internal;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;

/**
 * Forwards records from a {@link CommitHook} listener, as the processor that created it. Streams
 * forwards only from inside {@code process} or a punctuation, where it knows the current node; a
 * listener runs while the task prepares its commit, so this sets the node (and a record context
 * without a source offset, as a punctuation has) around the forward and restores them after —
 * what Streams' own record caches do when their flush emits records
 * ({@code TimestampedCacheFlushListener}). What is forwarded there reaches the record collector
 * before it is flushed and is committed in the same transaction as the input offsets.
 *
 * <p>Relies on {@link InternalProcessorContext}, an internal interface of Kafka Streams, like
 * {@link CommitHook}; outside a stream task (a {@code MockProcessorContext}) it forwards plainly.
 */
public final class CommitForwarder<K, V> {

    private final ProcessorContext<K, V> context;
    private final ProcessorNode<?, ?, ?, ?> node;

    /** Create it in {@code Processor.init}, where Streams' current node is the processor being initialised. */
    public CommitForwarder(ProcessorContext<K, V> context) {
        this.context = context;
        this.node = context instanceof InternalProcessorContext<?, ?> internal ? internal.currentNode() : null;
    }

    public void forward(Record<K, V> record) {
        if (node == null || !(context instanceof InternalProcessorContext<?, ?> internal)) {
            context.forward(record);
            return;
        }
        ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
        ProcessorRecordContext previousContext = internal.recordContext();
        internal.setCurrentNode(node);
        internal.setRecordContext(new ProcessorRecordContext(record.timestamp(), -1L, -1, null, record.headers()));
        try {
            context.forward(record);
        } finally {
            internal.setRecordContext(previousContext);
            internal.setCurrentNode(previousNode);
        }
    }
}
