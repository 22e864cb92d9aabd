package io.omninode.bridge.consul;

import java.time.Duration;

/** Doubling pauses between retries, from {@value #FIRST_MILLIS} ms up to a bound; reset on success. */
final class Backoff {

    static final long FIRST_MILLIS = 200;

    private final long maxMillis;
    private long next = FIRST_MILLIS;

    Backoff(Duration max) {
        this.maxMillis = Math.max(FIRST_MILLIS, max.toMillis());
    }

    /** The pause before the next retry; each call doubles the following one up to the bound. */
    long nextMillis() {
        long current = next;
        next = Math.min(maxMillis, next * 2);
        return current;
    }

    void reset() {
        next = FIRST_MILLIS;
    }
}
