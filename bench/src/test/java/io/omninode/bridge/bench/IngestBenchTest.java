package io.omninode.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IngestBenchTest {

    @Test
    void shouldJudgeTheRoundsByTheirMedianRatioWhateverTheirOrder() {
        assertThat(IngestBench.median(List.of(0.61, 0.22, 0.45, 0.38, 0.50))).isEqualTo(0.45);
        assertThat(IngestBench.median(List.of(0.50, 0.30, 0.40, 0.60))).isCloseTo(0.45, within(1e-12));
        assertThat(IngestBench.median(List.of(0.42))).isEqualTo(0.42);
    }
}
