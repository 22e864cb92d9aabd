package io.omninode.bridge.topology.internal.health;

import io.omninode.bridge.topology.internal.serde.BinaryFormat;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import org.apache.kafka.common.serialization.Serde;

/**
 * Tool runs of one executor service (the record key) in one error-rate window, counted on a tool
 * partition since the last hand-off: what crosses {@code health-executor-runs-by-service} instead
 * of the executions themselves.
 *
 * @param windowStart start of the error-rate window (epoch ms, event time)
 * @param runs        executions counted
 * @param errors      of which not {@code success}
 */
record ExecutorRuns(long windowStart, long runs, long errors) {

    static final Serde<ExecutorRuns> SERDE = InternalSerdes.binary(BinaryFormat.of("executor runs", 0x12,
            (value, out) -> out.writeLong(value.windowStart()).writeVarLong(value.runs()).writeVarLong(value.errors()),
            in -> new ExecutorRuns(in.readLong(), in.readVarLong(), in.readVarLong())));

    ExecutorRuns plus(boolean success) {
        return new ExecutorRuns(windowStart, runs + 1, errors + (success ? 0 : 1));
    }
}
