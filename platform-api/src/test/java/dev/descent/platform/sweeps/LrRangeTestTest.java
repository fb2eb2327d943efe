package dev.descent.platform.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing a learning rate from a range test's curve. */
class LrRangeTestTest {

    @Test
    void picksAnOrderOfMagnitudeBelowTheLowestSmoothedLoss() {
        // Flat until 1e-4, falling to 0.1 at lr 0.1, then blowing up: the lowest smoothed loss lies near 0.1.
        List<LrRangeTest.Point> curve = new ArrayList<>();
        for (int k = 0; k <= 140; k++) {
            double lr = 1e-6 * Math.pow(10, k / 20.0);
            double decade = Math.log10(lr);
            double loss = decade < -4 ? 1 : decade <= -1 ? 1 - 0.3 * (decade + 4) : 0.1 * Math.exp(8 * (decade + 1));
            curve.add(new LrRangeTest.Point(lr, loss));
        }
        assertThat(LrRangeTest.suggest(curve)).isBetween(0.005, 0.03);
    }

    @Test
    void aCurveThatDivergesAtOnceSuggestsTheSmallestRate() {
        List<LrRangeTest.Point> curve = List.of(new LrRangeTest.Point(1e-6, Double.NaN));
        assertThat(LrRangeTest.suggest(curve)).isEqualTo(LrRangeTest.MIN_LR);
    }
}
