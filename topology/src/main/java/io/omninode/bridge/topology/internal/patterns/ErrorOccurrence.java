package io.omninode.bridge.topology.internal.patterns;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omninode.bridge.topology.internal.serde.InternalSerdes;
import org.apache.kafka.common.serialization.Serde;

/**
 * One error, keyed by its normalized signature ({@link ErrorSignatures}), as it crosses to the
 * {@code recurring_error} detector: where it came from ({@code tool:<name>} / {@code service:<name>})
 * and its message.
 */
record ErrorOccurrence(@JsonProperty("origin") String origin, @JsonProperty("message") String message) {

    static final Serde<ErrorOccurrence> SERDE = InternalSerdes.smile(ErrorOccurrence.class);
}
