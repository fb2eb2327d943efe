package dev.descent.data;

import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** A finite, indexable collection of (features, target) examples. */
public interface Dataset {

    int size();

    Example get(int index);

    /**
     * The examples at {@code indices}, stacked along a new first dimension. In-memory datasets override this with one
     * gather.
     */
    default Batch batch(int[] indices) {
        List<Tensor> xs = new ArrayList<>(indices.length), ys = new ArrayList<>(indices.length);
        for (int i : indices) {
            Example e = get(i);
            xs.add(e.features());
            ys.add(e.target());
        }
        return new Batch(Tensor.stack(xs, 0), Tensor.stack(ys, 0));
    }
}
