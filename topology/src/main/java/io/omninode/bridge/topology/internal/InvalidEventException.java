package io.omninode.bridge.topology.internal;

/**
 * An input event breaks its contract (e.g. a registry event without {@code instance_id}) and
 * cannot be processed. Thrown before any state is touched, so the processing exception handler
 * can route the record to the dead-letter queue and the topology carries on.
 */
public final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }
}
