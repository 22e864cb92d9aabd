package io.omninode.bridge.queries;

/** A store or partition cannot answer right now (rebalance, restoration, migration): retry later. */
public final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message, null, false, false);
    }
}
