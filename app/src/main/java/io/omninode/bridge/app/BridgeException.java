package io.omninode.bridge.app;

/**
 * An expected failure the operator can act on: a port in use, an unusable data directory, an
 * unreachable broker. The CLI prints the message as one line and exits non-zero, without a stack
 * trace; the message must therefore say what failed and, where it helps, what to do.
 */
public class BridgeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
