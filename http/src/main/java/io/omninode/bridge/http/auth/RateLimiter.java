package io.omninode.bridge.http.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-principal token buckets: {@code ratePerSecond} permits refill each second, up to a burst of
 * one second's worth. A hook counts one permit; a batch counts one per item (a batch larger than
 * the burst is admitted when the bucket is full and leaves it in debt).
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond) {
        this(ratePerSecond, System::nanoTime);
    }

    RateLimiter(double ratePerSecond, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1.0, ratePerSecond);
        this.nanoClock = nanoClock;
    }

    /** A limiter that never refuses. */
    public static RateLimiter unlimited() {
        return new RateLimiter(0);
    }

    public boolean enabled() {
        return ratePerSecond > 0;
    }

    /**
     * Takes {@code permits} from the principal's bucket.
     *
     * @return 0 when granted, otherwise the whole seconds to wait before retrying (at least 1)
     */
    public long tryAcquire(String principal, int permits) {
        if (!enabled()) {
            return 0;
        }
        Bucket bucket = buckets.computeIfAbsent(principal, p -> new Bucket(burst, nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.lastRefillNanos) / 1e9 * ratePerSecond);
            bucket.lastRefillNanos = now;
            // a request larger than the burst may run the bucket into debt, so the average still holds
            double needed = Math.min(permits, burst);
            if (bucket.tokens >= needed) {
                bucket.tokens -= permits;
                return 0;
            }
            double missing = needed - bucket.tokens;
            return Math.max(1L, (long) Math.ceil(missing / ratePerSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long lastRefillNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefillNanos = now;
        }
    }
}
