package dev.descent.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutALowerLoss() {
        EarlyStopping s = new EarlyStopping(2);
        assertThat(s.afterEpoch(1.0, 10, true)).isNull();
        assertThat(s.afterEpoch(0.8, 20, true)).isNull();
        assertThat(s.afterEpoch(0.9, 30, true)).isNull();
        assertThat(s.afterEpoch(0.7, 40, true)).isNull(); // a new best resets the count
        assertThat(s.afterEpoch(0.7, 50, true)).isNull(); // equal is not better
        assertThat(s.afterEpoch(0.75, 60, true))
                .isEqualTo(new EarlyStopping.Stop(
                        TrainResult.Status.EARLY_STOPPED, "no better validation loss for 2 epochs"));
    }

    @Test
    void aNonFiniteLossIsDivergenceEvenWithoutPatience() {
        EarlyStopping never = new EarlyStopping(0);
        for (int i = 0; i < 20; i++) assertThat(never.afterEpoch(1.0, i, false)).isNull();
        assertThat(never.afterEpoch(Double.NaN, 21, false))
                .isEqualTo(new EarlyStopping.Stop(TrainResult.Status.DIVERGED, "diverged at step 21"));
        assertThatThrownBy(() -> new EarlyStopping(-1)).hasMessage("patience must be >= 0, got -1");
    }

    @Test
    void itsCountSurvivesAWriteAndReadOfCheckpointMetadata() {
        EarlyStopping before = new EarlyStopping(3);
        before.afterEpoch(0.5, 10, true);
        before.afterEpoch(0.6, 20, true);
        java.util.Map<String, String> meta = new java.util.HashMap<>();
        before.saveTo(meta);

        EarlyStopping after = new EarlyStopping(3);
        after.loadFrom(meta);
        assertThat(after.best()).isEqualTo(0.5);
        assertThat(after.sinceBest()).isEqualTo(1);
        assertThat(after.afterEpoch(0.6, 30, true)).isNull();
        assertThat(after.afterEpoch(0.6, 40, true)).isNotNull();

        EarlyStopping fresh = new EarlyStopping(3);
        fresh.loadFrom(java.util.Map.of()); // a checkpoint from before the count was saved
        assertThat(fresh.best()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() ->
                        fresh.loadFrom(java.util.Map.of("early_stopping.best", "x", "early_stopping.since_best", "1")))
                .hasMessage("checkpoint: early stopping state is not numbers (best 'x', since_best '1')");
    }
}
