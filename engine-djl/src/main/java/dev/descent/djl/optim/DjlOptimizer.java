package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizers;
import dev.descent.optim.RMSprop;
import dev.descent.optim.SGD;
import dev.descent.spec.ConfigException;
import dev.descent.spec.OptimizerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer written with NDArray operations (DJL's own fall short on the PyTorch engine: its RMSprop throws "Not
 * implemented"). The options, their defaults and their checks are training-core's ({@link Optimizers#resolve}); each
 * subclass takes the typed hyper-parameters and writes the update rule of its training-core namesake. Updates run with
 * autograd off, in place on the weights; per-parameter state is created lazily as zeros in the weights' manager and
 * named as PyTorch names it ({@code exp_avg}...).
 *
 * <p>Every temporary of a step belongs to the step's manager: an operation whose first operand is long-lived (a weight,
 * a state slot) puts its result in the long-lived manager, so {@link #local} moves it.
 */
public abstract sealed class DjlOptimizer permits DjlSGD, DjlMomentum, DjlRMSprop, DjlAdam, DjlAdagrad, DjlAdadelta {

    /** The optimizer types this engine runs: every type but lbfgs. */
    public static final List<String> TYPES =
            List.of("sgd", "momentum", "rmsprop", "adam", "adamw", "adagrad", "adadelta");

    private final Map<String, Map<String, NDArray>> state = new LinkedHashMap<>();
    private long steps;
    private NDManager scope;

    /** Builds the optimizer a config names; errors are training-core's, naming {@code optimizer.<option>}. */
    public static DjlOptimizer of(OptimizerConfig config) {
        Optimizers.Resolved r = Optimizers.resolve(config);
        return switch (r.hyper()) {
            case SGD.Hyper h -> new DjlSGD(h);
            case Momentum.Hyper h -> new DjlMomentum(h);
            case RMSprop.Hyper h -> new DjlRMSprop(h);
            case Adam.Hyper h -> new DjlAdam(h, r.type().equals("adamw"));
            case Adagrad.Hyper h -> new DjlAdagrad(h);
            case Adadelta.Hyper h -> new DjlAdadelta(h);
            default ->
                throw new ConfigException(
                        "optimizer.type",
                        "the djl engine cannot run '" + r.type() + "'"
                                + (r.type().equals("lbfgs")
                                        ? ": it re-evaluates the loss within a step, which this engine's loop does not do"
                                        : "")
                                + "; use one of " + String.join(", ", TYPES));
        };
    }

    /** Checks a config as {@link #of} does, for submission. */
    public static void validate(OptimizerConfig config) {
        of(config);
    }

    /** Applies one update to {@code weight} given its gradient {@code grad} (a step temporary). */
    abstract void update(String name, NDArray weight, NDArray grad, double lr, long t);

    /** One step over every parameter at learning rate {@code lr}. */
    public final void step(List<NamedArray> params, List<NDArray> grads, double lr, NDManager stepScope) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        scope = stepScope;
        try {
            steps++;
            for (int i = 0; i < params.size(); i++)
                update(params.get(i).name(), params.get(i).array(), grads.get(i), lr, steps);
        } finally {
            scope = null;
            JniUtils.setGradMode(gradMode);
        }
    }

    /** A parameter by name; the name keys its state. */
    public record NamedArray(String name, NDArray array) {}

    /**
     * The state slot {@code slot} of parameter {@code name}, created as zeros (or {@code initial}) beside the weight.
     */
    final NDArray slot(String name, String slot, NDArray weight, float initial) {
        return state.computeIfAbsent(name, k -> new LinkedHashMap<>()).computeIfAbsent(slot, k -> {
            NDArray a = weight.getManager().full(weight.getShape(), initial);
            a.setName(name + "." + slot);
            return a;
        });
    }

    /** Moves a temporary computed from a long-lived array into the step's manager. */
    final NDArray local(NDArray temporary) {
        temporary.attach(scope);
        return temporary;
    }

    /** The gradient plus L2 weight decay (wd W), as PyTorch's coupled weight_decay adds it. */
    final NDArray withWeightDecay(NDArray grad, NDArray weight, double weightDecay) {
        return weightDecay == 0 ? grad : grad.add(local(weight.mul(weightDecay)));
    }

    /** Every state array as {@code <param>.<slot>}, for checkpoints. */
    public final Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        state.forEach((param, slots) -> slots.forEach((slot, a) -> out.put(param + "." + slot, a)));
        return out;
    }

    /** Restores a state array saved by {@link #state()}; {@code weight} gives its shape and manager. */
    public final void restore(String param, String slot, NDArray weight, float[] values) {
        NDArray a = slot(param, slot, weight, 0);
        a.set(values);
    }

    public final long steps() {
        return steps;
    }

    public final void setSteps(long steps) {
        this.steps = steps;
    }
}
