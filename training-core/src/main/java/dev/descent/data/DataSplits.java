package dev.descent.data;

/**
 * The data a training run sees: a training set and a held-out test set (null when there is none). The trainer carves
 * the validation split out of {@code train}.
 */
public record DataSplits(String name, Dataset train, Dataset test) {
    public DataSplits {
        if (train == null) throw new IllegalArgumentException("a dataset needs a training split");
    }
}
