package io.omninode.bridge.consul;

/** The agent did not answer, or answered that it cannot serve now (5xx, 429) or not us (401, 403): retry later. */
final class ConsulUnavailableException extends RuntimeException {

    ConsulUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
