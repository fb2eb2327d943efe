package dev.descent.optim;

import dev.descent.backend.HostScalar;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One parameter's optimizer state, created on its first step: the number of steps taken and named buffers, which keep
 * PyTorch's names (exp_avg, exp_avg_sq, momentum_buffer, square_avg, ...) so that a checkpoint reads the same in both
 * worlds.
 */
public final class ParamState {
    private long step;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    /** Per-step factors the update's kernels read (see {@link HostScalar}): derived from t, so never saved. */
    private final Map<String, HostScalar> scalars = new LinkedHashMap<>();

    public long step() {
        return step;
    }

    /** Counts one more step and returns the new count (t in the update formulas, starting at 1). */
    long advance() {
        return ++step;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The buffer, or null before it exists. */
    public Tensor buffer(String name) {
        return buffers.get(name);
    }

    /** The buffer, created by {@code init} on first use. */
    Tensor buffer(String name, Supplier<Tensor> init) {
        return buffers.computeIfAbsent(name, k -> init.get());
    }

    /** The host scalar of this parameter's update named {@code name}, created on first use. */
    HostScalar scalar(String name) {
        return scalars.computeIfAbsent(name, HostScalar::new);
    }

    void put(String name, Tensor value) {
        buffers.put(name, value);
    }

    Map<String, Tensor> buffers() {
        return buffers;
    }
}
