package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.descent.tensor.Tensor;

/** float32 arrays between training-core's tensors and libtorch's, by value. */
final class Copies {
    private Copies() {}

    static Tensor tensor(NDArray a) {
        long[] s = a.getShape().getShape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) shape[i] = Math.toIntExact(s[i]);
        return Tensor.fromArray(a.toFloatArray(), shape);
    }

    static NDArray array(Tensor t, NDManager manager) {
        int[] sizes = t.sizes();
        long[] shape = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) shape[i] = sizes[i];
        return manager.create(t.toFloatArray(), new Shape(shape));
    }
}
