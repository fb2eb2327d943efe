package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One layer of a network run by libtorch through DJL: a forward function over batched arrays, and the arrays it owns.
 * Arrays are named as PyTorch's {@code state_dict} names them ({@code 3.weight}, {@code 5.running_mean}), so
 * checkpoints read like PyTorch's.
 *
 * <p>Forward results must land in the input's manager (the per-step one): libtorch ops put their result in the manager
 * of their first operand, so a layer that computes on its own weights first attaches the result to
 * {@code x.getManager()} with {@link #local}.
 */
interface Layer {

    NDArray forward(NDArray x, boolean training);

    /** Trainable arrays. */
    default List<Param> params() {
        return List.of();
    }

    /** Non-trainable state that is saved with the weights (batch norm's running statistics). */
    default List<Param> buffers() {
        return List.of();
    }

    /** A named array owned by a layer. */
    record Param(String name, NDArray array) {}

    /** Moves a temporary computed from long-lived arrays into {@code owner}'s manager so it is freed with the step. */
    static NDArray local(NDArray owner, NDArray temporary) {
        temporary.attach(owner.getManager());
        return temporary;
    }
}
