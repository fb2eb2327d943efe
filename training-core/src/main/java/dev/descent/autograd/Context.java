package dev.descent.autograd;

import dev.descent.backend.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** What a {@link Function}'s forward leaves for its backward: saved tensors and facts about the inputs. */
public interface Context {

    /** Keeps tensors for backward; backward fails clearly if any of them is modified in place meanwhile. */
    void saveForBackward(Tensor... tensors);

    /** The tensors given to {@link #saveForBackward}, in order. */
    Tensor[] saved();

    default Tensor saved(int i) {
        return saved()[i];
    }

    /** Whether input {@code i} needs a gradient; backward may return null for inputs that do not. */
    boolean needsInputGrad(int i);

    Shape inputShape(int i);

    DType inputDType(int i);

    /**
     * A buffer the gradient of input {@code i} may be written into instead of a fresh tensor: the leaf's own gradient
     * when it was zeroed in place for this step (see {@link Tensor#zeroGradInPlace()}), handed out once; null
     * otherwise. A backward that writes into it returns it as that input's gradient.
     */
    default Tensor gradientBuffer(int i) {
        return null;
    }
}
