package dev.descent.spec;

import java.util.Map;

/**
 * What an epoch has added up so far: the summed loss ({@link RunMetrics#batchTotal} of each batch), the examples seen
 * and those classified right. A checkpoint taken mid-epoch (a cancellation) keeps it, so the resumed epoch's
 * {@code train/epoch_loss} counts the batches before the interruption too, as the uninterrupted run's does.
 */
public record EpochTally(double lossSum, long seen, long correct) {
    public static final EpochTally EMPTY = new EpochTally(0, 0, 0);

    public EpochTally add(double batchTotal, int n, long right) {
        return new EpochTally(lossSum + batchTotal, seen + n, correct + right);
    }

    /** Writes {@code epoch_tally.*} into checkpoint metadata. */
    public void saveTo(Map<String, String> metadata) {
        metadata.put("epoch_tally.loss_sum", Double.toString(lossSum));
        metadata.put("epoch_tally.seen", Long.toString(seen));
        metadata.put("epoch_tally.correct", Long.toString(correct));
    }

    /** What {@link #saveTo} wrote; {@link #EMPTY} for metadata without it (an epoch-end or an older checkpoint). */
    public static EpochTally from(Map<String, String> metadata) {
        String loss = metadata.get("epoch_tally.loss_sum"),
                seen = metadata.get("epoch_tally.seen"),
                correct = metadata.get("epoch_tally.correct");
        if (loss == null || seen == null || correct == null) return EMPTY;
        try {
            return new EpochTally(Double.parseDouble(loss), Long.parseLong(seen), Long.parseLong(correct));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "checkpoint: epoch_tally is not numbers (" + loss + ", " + seen + ", " + correct + ")");
        }
    }
}
