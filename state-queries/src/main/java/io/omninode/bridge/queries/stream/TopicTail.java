package io.omninode.bridge.queries.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the newest records of one topic for every connected client that streams it: one
 * consumer (no group, {@code read_committed}, every partition assigned), started by the first
 * client and stopped when no client has wanted the topic for {@link #IDLE_STOP}, so a busy hook
 * topic costs nothing while no console watches it. Each record is decoded once and offered to
 * every client's bounded buffer; a client that attaches gets the exact offsets from which the
 * tail delivers to it, so a resume can read everything before them from the topic itself.
 */
final class TopicTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);
    static final Duration IDLE_STOP = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

    private final String logical;
    private final String physical;
    private final Function<String, Consumer<byte[], byte[]>> consumers;
    private final EventDecoder decoder;
    private final List<StreamClient> clients = new CopyOnWriteArrayList<>();

    // guarded by this
    private Run run;
    private long idleSinceNanos;
    private boolean closed;

    /** One start of the tail's consumer thread. */
    private final class Run implements Runnable {
        final CountDownLatch positioned = new CountDownLatch(1);
        final Thread thread = new Thread(this, "bridge-stream-" + logical);
        volatile Consumer<byte[], byte[]> consumer;
        volatile boolean stop;
        long[] next;           // guarded by TopicTail.this
        volatile RuntimeException failure;

        @Override
        public void run() {
            try (Consumer<byte[], byte[]> c = consumers.apply("bridge-stream-" + logical)) {
                consumer = c;
                List<TopicPartition> partitions = partitions(c);
                c.assign(partitions);
                c.seekToEnd(partitions);
                long[] start = new long[partitions.size()];
                for (TopicPartition tp : partitions) {
                    start[tp.partition()] = c.position(tp, POSITION_TIMEOUT);
                }
                synchronized (TopicTail.this) {
                    next = start;
                }
                positioned.countDown();
                while (!stop) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
                    if (!deliver(this, records)) {
                        return;
                    }
                }
            } catch (WakeupException e) {
                // closed
            } catch (RuntimeException e) {
                failure = e;
                LOG.warn("event stream of {} stopped: {}", physical, e.toString());
            } finally {
                positioned.countDown();
                boolean endClients;
                synchronized (TopicTail.this) {
                    // a run that stopped for idleness has no clients, and a newer run may have some by now
                    endClients = failure != null && run == this;
                    if (run == this) {
                        run = null;
                    }
                }
                if (endClients) {
                    clients.forEach(StreamClient::close);
                }
            }
        }
    }

    TopicTail(String logical, String physical, Function<String, Consumer<byte[], byte[]>> consumers) {
        this.logical = logical;
        this.physical = physical;
        this.consumers = consumers;
        this.decoder = new EventDecoder(logical);
    }

    String logical() {
        return logical;
    }

    String physical() {
        return physical;
    }

    /** Decodes the polled records and offers them to the clients; false when the run should end (idle). */
    private boolean deliver(Run current, ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        synchronized (this) {
            if (current.stop) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                long[] after = current.next.clone();
                after[record.partition()] = record.offset() + 1;
                current.next = after;
                StreamEvent event = decoder.decode(record.partition(), record.offset(), after, record.value());
                if (event != null) {
                    for (StreamClient client : clients) {
                        client.offer(event);
                    }
                }
            }
            if (clients.isEmpty() && System.nanoTime() - idleSinceNanos > IDLE_STOP.toNanos()) {
                LOG.debug("no client streams {}: its consumer stops", physical);
                current.stop = true;
                run = null;
                return false;
            }
            return true;
        }
    }

    /**
     * Adds {@code client} and returns the next offset of every partition from which it will get
     * this topic's events (a copy), starting the tail's consumer first when it is not running.
     *
     * @throws IllegalStateException when the topic's end offsets cannot be read in time (Kafka down)
     */
    long[] attach(StreamClient client) throws InterruptedException {
        while (true) {
            Run current;
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the event stream is closed");
                }
                if (run == null) {
                    run = new Run();
                    run.thread.setDaemon(true);
                    run.thread.start();
                }
                current = run;
            }
            if (!current.positioned.await(POSITION_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                    || current.failure != null) {
                throw new IllegalStateException("cannot read the end of " + physical
                        + (current.failure != null ? ": " + current.failure.getMessage() : ""));
            }
            synchronized (this) {
                // the run may have stopped for idleness in between: then start another
                if (run == current && !current.stop && current.next != null) {
                    clients.add(client);
                    return current.next.clone();
                }
            }
        }
    }

    void detach(StreamClient client) {
        synchronized (this) {
            clients.remove(client);
            if (clients.isEmpty()) {
                idleSinceNanos = System.nanoTime();
            }
        }
    }

    private List<TopicPartition> partitions(Consumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(physical, POSITION_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + physical + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>(infos.size());
        for (int i = 0; i < infos.size(); i++) {
            partitions.add(new TopicPartition(physical, i));
        }
        return partitions;
    }

    int clients() {
        return clients.size();
    }

    synchronized boolean running() {
        return run != null;
    }

    @Override
    public void close() {
        Run current;
        synchronized (this) {
            closed = true;
            current = run;
            run = null;
        }
        if (current != null) {
            current.stop = true;
            Consumer<byte[], byte[]> c = current.consumer;
            if (c != null) {
                c.wakeup();
            }
            try {
                current.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clients.forEach(StreamClient::close);
        clients.clear();
    }
}
