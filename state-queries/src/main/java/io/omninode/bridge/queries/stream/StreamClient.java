package io.omninode.bridge.queries.stream;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One connected client's buffer between the tails, which offer every event on their own threads,
 * and the client's request thread, which writes them out. The buffer is bounded in events and in
 * bytes: a client that falls that far behind is cut off, its buffer emptied at once, and told so
 * by its writer (it may reconnect with its last event id and catch up from the topics).
 */
final class StreamClient {

    /** Why a client's stream ended. */
    enum End { NONE, CUT_OFF, CLOSED }

    private final StreamFilter filter;
    private final Runnable onCutOff;
    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
    private long bytes;
    private End end = End.NONE;
    private int droppedOnCutOff;

    StreamClient(StreamFilter filter, int maxEvents, long maxBytes) {
        this(filter, maxEvents, maxBytes, () -> { });
    }

    /** @param onCutOff runs once, on the tail's thread, when the client is cut off */
    StreamClient(StreamFilter filter, int maxEvents, long maxBytes, Runnable onCutOff) {
        this.onCutOff = onCutOff;
        this.filter = filter;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    StreamFilter filter() {
        return filter;
    }

    /** Called by a tail for every event of a topic the client follows; cuts the client off when its buffer is full. */
    synchronized void offer(StreamEvent event) {
        if (end != End.NONE || !filter.matches(event)) {
            return;
        }
        int weight = event.weight();
        if (queue.size() >= maxEvents || bytes + weight > maxBytes) {
            end = End.CUT_OFF;
            droppedOnCutOff = queue.size() + 1;
            queue.clear();
            bytes = 0;
            notifyAll();
            onCutOff.run();
            return;
        }
        queue.addLast(event);
        bytes += weight;
        notifyAll();
    }

    /**
     * Moves every buffered event into {@code into}, waiting up to {@code timeoutMs} for the first;
     * returns the end of the stream when it ended (buffered events are still handed out first,
     * unless it was a cut-off, whose buffer is gone).
     */
    synchronized End drainTo(List<StreamEvent> into, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (queue.isEmpty() && end == End.NONE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return End.NONE;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        into.addAll(queue);
        queue.clear();
        bytes = 0;
        return into.isEmpty() ? end : End.NONE;
    }

    /** Ends the stream (the bridge is stopping, or the client left). */
    synchronized void close() {
        if (end == End.NONE) {
            end = End.CLOSED;
        }
        queue.clear();
        bytes = 0;
        notifyAll();
    }

    /** True once the stream was closed (not cut off). */
    synchronized boolean closed() {
        return end == End.CLOSED;
    }

    synchronized int buffered() {
        return queue.size();
    }

    synchronized long bufferedBytes() {
        return bytes;
    }

    synchronized int droppedOnCutOff() {
        return droppedOnCutOff;
    }
}
