package dev.descent.platform.sweeps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ASHA's stopping rule on fixed curves, arriving in a fixed order. */
class AshaTest {
    private final Asha asha = new Asha(1, 3);

    @Test
    void rungsAreMinResourceTimesEtaToTheKBelowTheLastEpoch() {
        assertThat(asha.rungEpochs(9)).containsExactly(1, 3);
        assertThat(asha.rungEpochs(10)).containsExactly(1, 3, 9);
        assertThat(asha.rungAt(1, 9)).isEqualTo(0);
        assertThat(asha.rungAt(3, 9)).isEqualTo(1);
        assertThat(asha.rungAt(2, 9)).isEqualTo(-1);
        assertThat(asha.rungAt(9, 9)).as("the last epoch saves nothing").isEqualTo(-1);
        assertThat(new Asha(2, 2).rungEpochs(20)).containsExactly(2, 4, 8, 16);
    }

    @Test
    void stopsExactlyTheRunsOutsideTheTopThirdOfThoseThatReachedTheRungBeforeThem() {
        // Nine runs reach epoch 1 in this order; the survivors reach epoch 3 in theirs.
        Map<String, Double> epoch1 = new LinkedHashMap<>();
        double[] values = {0.50, 0.60, 0.40, 0.70, 0.55, 0.30, 0.80, 0.65, 0.20};
        for (int i = 0; i < values.length; i++) epoch1.put("r" + (i + 1), values[i]);
        List<String> survivors = arrive(epoch1, Goal.MAXIMIZE);
        // r3: 2 better of 3 (keep 1); r5: 0.6 and 0.7 better of 5 (keep 1); r6: 5 better of 6 (keep 2);
        // r8: 0.7 and 0.8 better of 8 (keep 2); r9: 8 better of 9 (keep 3).
        assertThat(survivors).containsExactly("r1", "r2", "r4", "r7");

        Map<String, Double> epoch3 = new LinkedHashMap<>();
        epoch3.put("r1", 0.60);
        epoch3.put("r2", 0.55);
        epoch3.put("r4", 0.75);
        epoch3.put("r7", 0.72);
        assertThat(arrive(epoch3, Goal.MAXIMIZE)).containsExactly("r1", "r4");
    }

    @Test
    void aLossIsBetterLowAndANonFiniteValueIsTheWorst() {
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("a", 1.0);
        losses.put("b", 0.5);
        losses.put("c", Double.NaN);
        losses.put("d", 0.1);
        assertThat(arrive(losses, Goal.MINIMIZE)).containsExactly("a", "b", "d");
        assertThat(asha.promotes(List.of(), Double.NaN, Goal.MAXIMIZE))
                .as("the first arrival goes on")
                .isTrue();
        assertThat(asha.promotes(List.of(0.1), Double.NaN, Goal.MAXIMIZE)).isFalse();
    }

    @Test
    void equalValuesDoNotCountAsBetter() {
        assertThat(asha.promotes(List.of(0.5, 0.5), 0.5, Goal.MAXIMIZE)).isTrue();
    }

    private List<String> arrive(Map<String, Double> inOrder, Goal goal) {
        List<Double> earlier = new ArrayList<>();
        List<String> promoted = new ArrayList<>();
        for (var e : inOrder.entrySet()) {
            if (asha.promotes(earlier, e.getValue(), goal)) promoted.add(e.getKey());
            earlier.add(e.getValue());
        }
        return promoted;
    }
}
