package io.omninode.bridge.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong clock = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, clock::get);

    @Test
    void shouldGrantUpToTheBurstThenAskToRetry() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("svc", 1)).isZero();
        }

        assertThat(limiter.tryAcquire("svc", 1)).isEqualTo(1);
    }

    @Test
    void shouldRefillWithTime() {
        limiter.tryAcquire("svc", 10);
        assertThat(limiter.tryAcquire("svc", 1)).isPositive();

        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));

        assertThat(limiter.tryAcquire("svc", 5)).isZero();
        assertThat(limiter.tryAcquire("svc", 1)).isPositive();
    }

    @Test
    void shouldKeepPrincipalsApart() {
        limiter.tryAcquire("a", 10);

        assertThat(limiter.tryAcquire("a", 1)).isPositive();
        assertThat(limiter.tryAcquire("b", 1)).isZero();
    }

    @Test
    void shouldAdmitABatchLargerThanTheBurstOnlyWhenFullAndThenHoldTheAverage() {
        assertThat(limiter.tryAcquire("svc", 25)).isZero();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.tryAcquire("svc", 1)).as("still in debt after 1 s").isPositive();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(limiter.tryAcquire("svc", 1)).isZero();
    }

    @Test
    void shouldNeverRefuseWhenDisabled() {
        RateLimiter off = RateLimiter.unlimited();

        for (int i = 0; i < 100_000; i++) {
            assertThat(off.tryAcquire("svc", 1000)).isZero();
        }
    }
}
