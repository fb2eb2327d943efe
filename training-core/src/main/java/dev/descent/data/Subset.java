package dev.descent.data;

import java.util.Arrays;

/**
 * Some examples of a parent dataset, by index, without copying them. A batch maps its indices and asks the parent for
 * one batch, so a subset of a {@link TensorDataset} still batches with one gather.
 */
public final class Subset implements Dataset {
    private final Dataset parent;
    private final int[] indices;

    public Subset(Dataset parent, int[] indices) {
        if (parent == null) throw new IllegalArgumentException("a subset needs a parent dataset");
        int n = parent.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= n) {
                throw new IndexOutOfBoundsException("subset index " + indices[i] + " (position " + i
                        + ") is out of range for a dataset of " + n + " examples");
            }
        }
        this.parent = parent;
        this.indices = indices.clone();
    }

    public Dataset parent() {
        return parent;
    }

    /** The parent's index of each example of this subset. */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Example get(int index) {
        return parent.get(indices[checked(index)]);
    }

    @Override
    public Batch batch(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) mapped[i] = indices[checked(positions[i])];
        return parent.batch(mapped);
    }

    private int checked(int index) {
        if (index < 0 || index >= indices.length) {
            throw new IndexOutOfBoundsException(
                    "example index " + index + " is out of range for a subset of " + indices.length + " examples");
        }
        return index;
    }

    @Override
    public String toString() {
        return "Subset(" + indices.length + " of " + parent
                + (indices.length <= 8 ? ", " + Arrays.toString(indices) : "") + ")";
    }
}
