package io.omninode.bridge.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Live numbers of one instance as seen by this proxy: in-flight calls, latency, breaker. */
public final class InstanceStats {

    private static final double EWMA_WEIGHT = 0.2;

    final AtomicInteger outstanding = new AtomicInteger();
    final CircuitBreaker breaker;
    private double ewmaMillis;
    private long calls;

    InstanceStats(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    synchronized void recordLatency(double millis) {
        ewmaMillis = calls == 0 ? millis : ewmaMillis + EWMA_WEIGHT * (millis - ewmaMillis);
        calls++;
    }

    /** Exponentially weighted mean response time in ms (0 before the first call). */
    public synchronized double averageMillis() {
        return ewmaMillis;
    }

    public int outstanding() {
        return outstanding.get();
    }

    public CircuitBreaker.State circuit() {
        return breaker.state();
    }

    static InstanceStats withDefaults() {
        return new InstanceStats(new CircuitBreaker(5, TimeUnit.SECONDS.toNanos(30), System::nanoTime));
    }
}
