package io.omninode.bridge.topology.internal.patterns;

import io.omninode.bridge.topology.internal.CommitForwarder;
import io.omninode.bridge.topology.internal.CommitHook;
import io.omninode.bridge.topology.internal.execution.ToolExecution;
import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.BinaryReader;
import io.omninode.bridge.topology.internal.serde.BinaryWriter;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The input of {@code tool_sequence}'s first stage, aggregated before the shuffle: the executions
 * that carry a session, collected per destination partition (the session id's hash) and sent as
 * one {@link Batch} per partition when the task commits — a few records per commit instead of one
 * per execution, in the same transaction as the input offsets ({@link CommitHook},
 * {@link CommitForwarder}). A batch that grows past {@link #MAX_BATCH} steps is sent at once.
 */
final class SessionSteps implements Processor<String, ToolExecution, String, SessionSteps.Batch> {

    static final String HOOK = "pattern-tool-sequence-steps-commit-hook";
    static final int MAX_BATCH = 4_096;

    /**
     * Steps of sessions that all live on {@code partition} of the first stage: session, tool and
     * event time of each, in the order the executions arrived.
     */
    record Batch(int partition, List<String> sessions, List<String> tools, long[] times) {
        static final Serde<Batch> SERDE = InternalSerdes.binary(BinaryFormat.of("session step batch", 0x17,
                Format::write, Format::read));

        int size() {
            return sessions.size();
        }

        /** Routes a batch to the partition it was built for. */
        static final StreamPartitioner<String, Batch> PARTITIONER =
                (topic, key, value, partitions) -> Optional.of(Set.of(value.partition() % partitions));

        /** Tool and session names once each (a table), then per step two table indexes and a time delta. */
        private static final class Format {
            private Format() {
            }

            static void write(Batch value, BinaryWriter out) {
                out.writeVarLong(value.partition());
                Map<String, Integer> table = new HashMap<>();
                List<String> names = new ArrayList<>();
                int[] sessionAt = new int[value.size()];
                int[] toolAt = new int[value.size()];
                for (int i = 0; i < value.size(); i++) {
                    sessionAt[i] = table.computeIfAbsent(value.sessions().get(i), name -> add(names, name));
                    toolAt[i] = table.computeIfAbsent(value.tools().get(i), name -> add(names, name));
                }
                out.writeSignedVarLong(names.size());
                names.forEach(out::writeString);
                out.writeSignedVarLong(value.size());
                long previous = 0;
                for (int i = 0; i < value.size(); i++) {
                    out.writeVarLong(sessionAt[i]).writeVarLong(toolAt[i]).writeSignedVarLong(value.times()[i] - previous);
                    previous = value.times()[i];
                }
            }

            private static int add(List<String> names, String name) {
                names.add(name);
                return names.size() - 1;
            }

            static Batch read(BinaryReader in) {
                int partition = (int) in.readVarLong();
                String[] names = new String[in.readSize()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = in.readString();
                }
                int size = in.readSize();
                List<String> sessions = new ArrayList<>(size);
                List<String> tools = new ArrayList<>(size);
                long[] times = new long[size];
                long previous = 0;
                for (int i = 0; i < size; i++) {
                    sessions.add(names[(int) in.readVarLong()]);
                    tools.add(names[(int) in.readVarLong()]);
                    previous += in.readSignedVarLong();
                    times[i] = previous;
                }
                return new Batch(partition, sessions, tools, times);
            }
        }
    }

    static ProcessorSupplier<String, ToolExecution, String, Batch> supplier(int partitions) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ToolExecution, String, Batch> get() {
                return new SessionSteps(partitions);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(CommitHook.builder(HOOK));
            }
        };
    }

    /** The first-stage partition of a session (its id's murmur2 hash, as Kafka's default partitioner). */
    static int partitionOf(String session, int partitions) {
        return Utils.toPositive(Utils.murmur2(session.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private final int partitions;
    private final Pending[] pending;
    private ProcessorContext<String, Batch> context;
    private CommitForwarder<String, Batch> onCommit;

    SessionSteps(int partitions) {
        this.partitions = partitions;
        this.pending = new Pending[partitions];
    }

    @Override
    public void init(ProcessorContext<String, Batch> context) {
        this.context = context;
        this.onCommit = new CommitForwarder<>(context);
        CommitHook hook = context.getStateStore(HOOK);
        hook.onCommit(() -> {
            for (int p = 0; p < partitions; p++) {
                if (pending[p] != null) {
                    onCommit.forward(pending[p].take());
                    pending[p] = null;
                }
            }
        });
    }

    @Override
    public void process(Record<String, ToolExecution> record) {
        ToolExecution e = record.value();
        if (e == null || e.sessionId() == null || e.tool() == null) {
            return;
        }
        int p = partitionOf(e.sessionId(), partitions);
        Pending batch = pending[p];
        if (batch == null) {
            batch = pending[p] = new Pending(p);
        }
        batch.add(e.sessionId(), e.tool(), record.timestamp());
        if (batch.size() >= MAX_BATCH) {
            context.forward(batch.take());
            pending[p] = null;
        }
    }

    /** A batch being collected. */
    private static final class Pending {
        final int partition;
        final List<String> sessions = new ArrayList<>();
        final List<String> tools = new ArrayList<>();
        long[] times = new long[64];
        long maxTime = Long.MIN_VALUE;

        Pending(int partition) {
            this.partition = partition;
        }

        int size() {
            return sessions.size();
        }

        void add(String session, String tool, long time) {
            if (sessions.size() == times.length) {
                times = Arrays.copyOf(times, times.length * 2);
            }
            times[sessions.size()] = time;
            sessions.add(session);
            tools.add(tool);
            maxTime = Math.max(maxTime, time);
        }

        /** The batch, stamped with its newest step's time. */
        Record<String, Batch> take() {
            return new Record<>("steps-" + partition,
                    new Batch(partition, sessions, tools, Arrays.copyOf(times, sessions.size())), maxTime);
        }
    }
}
