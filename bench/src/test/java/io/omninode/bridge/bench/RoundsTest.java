package io.omninode.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void shouldJudgeTheRoundsByTheirMedianRatioWhateverTheirOrder() {
        assertThat(Rounds.median(List.of(0.61, 0.22, 0.45, 0.38, 0.50))).isEqualTo(0.45);
        assertThat(Rounds.median(List.of(0.50, 0.30, 0.40, 0.60))).isCloseTo(0.45, within(1e-12));
        assertThat(Rounds.median(List.of(0.42))).isEqualTo(0.42);
    }

    @Test
    void shouldSwapWhichSideGoesFirstEveryRoundAndPairEachBridgeRateWithItsOwnRoundsBaseline() throws Exception {
        List<String> order = new ArrayList<>();

        List<Double> ratios = new Rounds(4).ratios(round -> {
            order.add("bridge " + round);
            return 10.0 * round;
        }, round -> {
            order.add("baseline " + round);
            return 20.0 * round + 20;
        });

        assertThat(order).containsExactly("baseline 1", "bridge 1", "bridge 2", "baseline 2", "baseline 3", "bridge 3",
                "bridge 4", "baseline 4");
        assertThat(ratios).containsExactly(10.0 / 40, 20.0 / 60, 30.0 / 80, 40.0 / 100);
    }

    @Test
    void shouldRefuseFewerThanOneRound() {
        assertThatThrownBy(() -> new Rounds(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--rounds must be at least 1, not 0");
    }
}
