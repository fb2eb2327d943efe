package dev.descent.spec;

/**
 * What ends a run at an epoch's end, the same on every engine: a non-finite monitored loss (it diverged), or
 * {@code patience} epochs without a lower one (early stopping; patience 0 never stops). The monitored loss is the
 * validation loss, or the training loss without a validation set ({@link RunMetrics#epoch}).
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

    /** The lowest monitored loss so far (infinite before the first epoch). */
    public double best() {
        return best;
    }

    /** Epochs since the best one. */
    public int sinceBest() {
        return sinceBest;
    }

    /**
     * Takes up a count saved in a checkpoint ({@link #best()}, {@link #sinceBest()}), so a resumed run stops where the
     * uninterrupted one would.
     */
    public void restore(double best, int sinceBest) {
        if (Double.isNaN(best) || sinceBest < 0) {
            throw new IllegalArgumentException(
                    "early stopping state must have a best loss and a count >= 0, got " + best + ", " + sinceBest);
        }
        this.best = best;
        this.sinceBest = sinceBest;
    }

    /** Writes {@code early_stopping.best} and {@code early_stopping.since_best} into checkpoint metadata. */
    public void saveTo(java.util.Map<String, String> metadata) {
        metadata.put("early_stopping.best", Double.toString(best));
        metadata.put("early_stopping.since_best", Integer.toString(sinceBest));
    }

    /** Restores what {@link #saveTo} wrote; metadata without it (an older checkpoint) leaves the count fresh. */
    public void loadFrom(java.util.Map<String, String> metadata) {
        String b = metadata.get("early_stopping.best"), n = metadata.get("early_stopping.since_best");
        if (b == null || n == null) return;
        try {
            restore(Double.parseDouble(b), Integer.parseInt(n));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "checkpoint: early stopping state is not numbers (best '" + b + "', since_best '" + n + "')");
        }
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
            return new Stop(
                    TrainResult.Status.EARLY_STOPPED,
                    "no better " + (validation ? "validation" : "training") + " loss for " + sinceBest + " epochs");
        }
        return null;
    }
}
