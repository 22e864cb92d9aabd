package io.omninode.bridge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong clock = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(5, TimeUnit.SECONDS.toNanos(30), clock::get);

    @Test
    void shouldOpenAfterFiveConsecutiveFailuresOnly() {
        for (int i = 0; i < 4; i++) {
            breaker.onFailure();
        }
        breaker.onSuccess();
        for (int i = 0; i < 4; i++) {
            breaker.onFailure();
        }
        assertThat(breaker.state()).as("a success resets the count").isEqualTo(CircuitBreaker.State.CLOSED);

        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.available()).isFalse();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void shouldLetOneProbeThroughAfterThirtySecondsAndCloseOnItsSuccess() {
        openIt();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(breaker.tryAcquire()).isFalse();

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("only one probe at a time").isFalse();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void shouldOpenAgainWhenTheProbeFails() {
        openIt();
        clock.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onFailure();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(breaker.available()).isFalse();
    }

    private void openIt() {
        for (int i = 0; i < 5; i++) {
            breaker.onFailure();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
