package dev.descent.platform.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter importance as rank correlation with the metric. */
class ImportanceTest {

    @Test
    void aMonotoneNumericParameterHasImportanceOneAndItsSign() {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        values.put("optimizer.lr", List.of(0.001, 0.01, 0.1, 1.0));
        values.put("batchSize", List.of(8.0, 8.0, 8.0, 8.0));
        values.put("seed", List.of(3.0, 1.0, 4.0, 2.0));
        List<Importance.Score> scores = Importance.of(values, List.of(0.9, 0.8, 0.5, 0.1));
        assertThat(scores.getFirst().parameter()).isEqualTo("optimizer.lr");
        assertThat(scores.getFirst().importance()).isCloseTo(1.0, within(1e-12));
        assertThat(scores.getFirst().correlation()).isCloseTo(-1.0, within(1e-12));
        assertThat(scores)
                .as("a parameter that never varied says nothing")
                .noneMatch(s -> s.parameter().equals("batchSize"));
        // seed ranks 3,1,4,2 against metric ranks 4,3,2,1: d = -1,-2,2,1, so rho = 1 - 6 * 10 / (4 * 15) = 0.
        Importance.Score seed = scores.stream()
                .filter(s -> s.parameter().equals("seed"))
                .findFirst()
                .orElseThrow();
        assertThat(seed.correlation()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void aCategoricalParameterIsOrderedByTheMeanRankOfItsLevels() {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        values.put(
                "optimizer.type", List.of("\"sgd\"", "\"adam\"", "\"sgd\"", "\"adam\"", "\"rmsprop\"", "\"rmsprop\""));
        List<Importance.Score> scores = Importance.of(values, List.of(0.1, 0.9, 0.2, 0.8, 0.5, 0.4));
        assertThat(scores).hasSize(1);
        assertThat(scores.getFirst().importance()).isBetween(0.9, 1.0);
        assertThat(scores.getFirst().correlation()).isPositive();
    }

    @Test
    void tiesShareTheirMeanRank() {
        assertThat(Importance.ranks(new double[] {5, 1, 5, 3})).containsExactly(3.5, 1, 3.5, 2);
    }
}
