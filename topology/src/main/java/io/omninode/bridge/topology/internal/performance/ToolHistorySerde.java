package io.omninode.bridge.topology.internal.performance;

import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import org.apache.kafka.common.serialization.Serde;

/** The serde of {@code tool-performance-history} values. */
final class ToolHistorySerde {

    static final Serde<ToolHistory> SERDE = InternalSerdes.binary(ToolHistoryFormat.INSTANCE);

    private ToolHistorySerde() {
    }
}
