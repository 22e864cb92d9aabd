package io.omninode.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ProducerPerformanceRunTest {

    /** The progress and summary lines as Kafka 4.2's ProducerPerformance formats them. */
    private static String progress(long records, double rate) {
        return String.format(Locale.ROOT, "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, "
                + "%.1f ms max latency.%n", records, rate, rate / 1000, 3.5, 40.0).trim();
    }

    private static String summary(long records, String steady, double rate, int p50, int p95, int p99) {
        return String.format(Locale.ROOT, "%d%s records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, "
                        + "%.2f ms max latency, %d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                records, steady, rate, rate / 1000, 2.5, 60.0, p50, p95, p99, p99 + 10).trim();
    }

    @Test
    void theSteadyStateSummaryWinsOverTheWholeRun() {
        List<String> lines = List.of(progress(4_990, 998.0), progress(9_995, 999.0),
                summary(15_000, "", 999.93, 3, 6, 12),
                summary(10_000, " steady state", 1000.02, 2, 5, 9));
        assertThat(ProducerPerformanceRun.steadyState(lines))
                .contains(new ProducerPerformanceRun.Summary(1000.02, 2, 9));
        assertThat(ProducerPerformanceRun.steadyState(List.of(lines.get(3), lines.get(2))))
                .contains(new ProducerPerformanceRun.Summary(1000.02, 2, 9));
    }

    @Test
    void withoutAWarmUpTheOnlySummaryCounts() {
        assertThat(ProducerPerformanceRun.steadyState(List.of(progress(50_000, 49_000.5),
                summary(100_000, "", 50_223.4, 40, 180, 310))))
                .contains(new ProducerPerformanceRun.Summary(50_223.4, 40, 310));
    }

    @Test
    void progressLinesAloneAreNoSummary() {
        assertThat(ProducerPerformanceRun.steadyState(List.of(progress(4_990, 998.0), "ERROR something"))).isEmpty();
    }
}
