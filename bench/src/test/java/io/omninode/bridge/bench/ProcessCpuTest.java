package io.omninode.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void shouldAddUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (bridge) 1) S 1 4242 4242 0 -1 4194560 91017 0 12 0 7311 1204 0 0 20 0 117 0"
                + " 1337 5000000000 300000 18446744073709551615 1 1 0 0 0 0 0 4096 17610 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcessCpu.ticksOf(stat)).isEqualTo(7311 + 1204);
    }

    @Test
    void shouldReadThisProcessAndGiveMicrosPerUnitOfWork() {
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.ticks(pid);
        long deadline = System.nanoTime() + 10_000_000_000L;
        long sum = 0;
        // burn three ticks of CPU; a reader that never moves fails after 10 s instead of looping forever
        for (long i = 0; ProcessCpu.ticks(pid) - before < 3 && System.nanoTime() < deadline; i++) {
            sum += Long.numberOfTrailingZeros(i ^ sum);
        }

        assertThat(ProcessCpu.ticks(pid) - before).isGreaterThanOrEqualTo(3);
        assertThat(ProcessCpu.microsPer(250, 10_000)).isEqualTo(250.0);
        assertThat(ProcessCpu.microsPer(5, 0)).isNaN();
        assertThat(ProcessCpu.cores(150, 1_000_000_000L)).isEqualTo(1.5);
        assertThat(sum).isNotNegative();
    }
}
