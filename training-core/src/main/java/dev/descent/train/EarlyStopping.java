package dev.descent.train;

/**
 * What ends a run at an epoch's end, the same on every engine: a non-finite monitored loss (it diverged), or
 * {@code patience} epochs without a lower one (early stopping; patience 0 never stops). The monitored loss is
 * the validation loss, or the training loss without a validation set ({@link RunMetrics#epoch}).
 */
public final class EarlyStopping {
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int sinceBest;

    /** Why a run stops. */
    public record Stop(TrainResult.Status status, String message) {}

    public EarlyStopping(int patience) {
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        this.patience = patience;
    }

    /** The end of an epoch at global step {@code step}: null to go on, or why to stop. */
    public Stop afterEpoch(double monitored, long step, boolean validation) {
        if (!Double.isFinite(monitored)) {
            return new Stop(TrainResult.Status.DIVERGED, "diverged at step " + step);
        }
        if (monitored < best) {
            best = monitored;
            sinceBest = 0;
        } else if (patience > 0 && ++sinceBest >= patience) {
            return new Stop(TrainResult.Status.EARLY_STOPPED, "no better " + (validation ? "validation" : "training") + " loss for " + sinceBest + " epochs");
        }
        return null;
    }
}
