package io.omninode.bridge.proxy;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Per-instance circuit breaker: {@code threshold} consecutive failures open it for
 * {@code openNanos}; then one probe request is let through (half-open) — its success closes the
 * breaker, its failure opens it again.
 */
public final class CircuitBreaker {

    /** The breaker's state, reported by {@code GET /proxy/health}. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int threshold;
    private final long openNanos;
    private final LongSupplier clock;
    private State state = State.CLOSED;
    private int failures;
    private long openUntil;
    private boolean probeInFlight;

    public CircuitBreaker(int threshold, long openNanos, LongSupplier clock) {
        this.threshold = threshold;
        this.openNanos = openNanos;
        this.clock = clock;
    }

    /** Whether a request could be sent now (does not take the half-open probe). */
    public synchronized boolean available() {
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> clock.getAsLong() >= openUntil;
            case HALF_OPEN -> !probeInFlight;
        };
    }

    /** Takes permission to send one request; false when open or the probe is already out. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && clock.getAsLong() >= openUntil) {
            state = State.HALF_OPEN;
            probeInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probeInFlight) {
                    yield false;
                }
                probeInFlight = true;
                yield true;
            }
        };
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        failures = 0;
        probeInFlight = false;
    }

    public synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openUntil = clock.getAsLong() + openNanos;
            probeInFlight = false;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && clock.getAsLong() >= openUntil) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
