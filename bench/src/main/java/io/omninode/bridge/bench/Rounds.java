package io.omninode.bridge.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The bridge against its baseline in rounds, one measurement of each in turn, the order swapped every
 * round (ABBA), so that a machine whose speed drifts over minutes favours neither; judged by the median
 * of the rounds' ratios. On these machines a baseline measured minutes apart from the bridge moved by
 * up to 2x between runs of the same code.
 */
final class Rounds {

    /** One measurement of one side: a rate, after whatever must follow it (a backlog caught up). */
    interface Side {
        double measure(int round) throws Exception;
    }

    private final int count;

    Rounds(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, not " + count);
        }
        this.count = count;
    }

    /** Each round's ratio of the bridge's rate to the baseline's, in round order. */
    List<Double> ratios(Side bridge, Side baseline) throws Exception {
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= count; round++) {
            boolean bridgeFirst = round % 2 == 0;
            double first = (bridgeFirst ? bridge : baseline).measure(round);
            double second = (bridgeFirst ? baseline : bridge).measure(round);
            double ratio = bridgeFirst ? first / second : second / first;
            Report.progress("round %d: ratio %.2f", round, ratio);
            ratios.add(ratio);
        }
        return ratios;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
