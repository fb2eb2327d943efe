package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.descent.backend.Generator;
import dev.descent.spec.ModelPlan;
import dev.descent.tensor.Tensor;
import dev.descent.train.ModelBuilder;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The arrays a network starts from, taken by name from a native model's state dict: PyTorch's names and layouts
 * ({@code 0.weight} [out, in], {@code 2.weight_ih_l0}...). Built from the spec and seed with {@link ModelBuilder}, the
 * native engine's own builder, so a seed gives the same starting network on both engines and every init option of the
 * spec means the same thing.
 */
final class InitialWeights {
    /** Native state that libtorch's functional batch norm does not keep. */
    private static final String UNUSED_SUFFIX = "num_batches_tracked";

    private final Map<String, Tensor> state;
    private final NDManager manager;
    private final Set<String> untaken;

    InitialWeights(Map<String, Tensor> state, NDManager manager) {
        this.state = state;
        this.manager = manager;
        this.untaken = new LinkedHashSet<>(state.keySet());
        untaken.removeIf(name -> name.endsWith(UNUSED_SUFFIX));
    }

    /** The weights the native engine would start the planned spec from with this seed. */
    static InitialWeights of(ModelPlan plan, long seed, NDManager manager) {
        return new InitialWeights(ModelBuilder.initialState(plan, new Generator(seed)), manager);
    }

    NDManager manager() {
        return manager;
    }

    /** A trainable array, a copy of the native one. */
    NDArray parameter(String name) {
        NDArray a = buffer(name);
        a.setRequiresGradient(true);
        return a;
    }

    /** A non-trainable array (running statistics), a copy of the native one. */
    NDArray buffer(String name) {
        Tensor t = state.get(name);
        if (t == null)
            throw new IllegalStateException("the native model has no '" + name + "'; it has " + state.keySet());
        untaken.remove(name);
        NDArray a = Copies.array(t, manager);
        a.setName(name);
        return a;
    }

    /** Fails when a native array found no layer: the two engines would not be computing the same network. */
    void checkAllTaken() {
        if (!untaken.isEmpty())
            throw new IllegalStateException("the djl network does not use the native model's " + untaken);
    }
}
