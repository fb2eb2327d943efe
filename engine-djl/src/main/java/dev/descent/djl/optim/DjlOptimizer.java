package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.train.ConfigException;
import dev.descent.train.OptimizerConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer written with NDArray operations (DJL's own fall short on the PyTorch engine: its RMSprop
 * throws "Not implemented"). Updates run with autograd off, in place on the weights; per-parameter state
 * is created lazily as zeros in the weights' manager and named as PyTorch names it ({@code exp_avg}...).
 * <p>
 * Every temporary of a step belongs to the step's manager: an operation whose first operand is long-lived
 * (a weight, a state slot) puts its result in the long-lived manager, so {@link #local} moves it.
 */
public abstract sealed class DjlOptimizer permits Sgd, EmaMomentum, RmsProp, Adam, Adagrad, Adadelta {

    /** The optimizer types this engine runs (lbfgs is not one: it needs re-evaluating the loss inside a step). */
    public static final List<String> TYPES = List.of("sgd", "momentum", "rmsprop", "adam", "adamw", "adagrad", "adadelta");

    private final Map<String, Map<String, NDArray>> state = new LinkedHashMap<>();
    private long steps;
    private NDManager scope;

    /** Builds the optimizer a config names; hyper-parameters are checked here, errors name {@code optimizer.<option>}. */
    public static DjlOptimizer of(OptimizerConfig config) {
        DjlOptimizer optimizer = switch (config.type()) {
            case "sgd" -> new Sgd(config);
            case "momentum" -> new EmaMomentum(config);
            case "rmsprop" -> new RmsProp(config);
            case "adam" -> new Adam(config, false);
            case "adamw" -> new Adam(config, true);
            case "adagrad" -> new Adagrad(config);
            case "adadelta" -> new Adadelta(config);
            default -> throw new ConfigException("optimizer.type", "the djl engine cannot run the '" + config.type() + "' optimizer; it runs " + String.join(", ", TYPES));
        };
        for (String option : config.options().keySet()) {
            if (!optimizer.options().contains(option)) {
                throw new ConfigException("optimizer." + option, "unknown option for " + config.type() + " (known: " + new java.util.TreeSet<>(optimizer.options()) + ")");
            }
        }
        return optimizer;
    }

    /** The option names this optimizer reads besides {@code lr}. */
    abstract Set<String> options();

    /** Applies one update to {@code weight} given its gradient {@code grad} (a step temporary). */
    abstract void update(String name, NDArray weight, NDArray grad, double lr, long t);

    /** One step over every parameter, then zeroes their gradients (libtorch accumulates them otherwise). */
    public final void step(List<NamedArray> params, List<NDArray> grads, double lr, NDManager stepScope) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        scope = stepScope;
        try {
            steps++;
            for (int i = 0; i < params.size(); i++) update(params.get(i).name(), params.get(i).array(), grads.get(i), lr, steps);
        } finally {
            scope = null;
            JniUtils.setGradMode(gradMode);
        }
    }

    /** A parameter by name; the name keys its state. */
    public record NamedArray(String name, NDArray array) {}

    /** The state slot {@code slot} of parameter {@code name}, created as zeros (or {@code initial}) beside the weight. */
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

    public final long steps() { return steps; }

    public final void setSteps(long steps) { this.steps = steps; }

    static double number(OptimizerConfig c, String name, double fallback, double min, double max, boolean maxInclusive) {
        double v = c.option(name, fallback);
        if (!(v >= min) || (maxInclusive ? v > max : v >= max)) {
            throw new ConfigException("optimizer." + name, "must be in [" + min + ", " + max + (maxInclusive ? "]" : ")") + ", got " + v);
        }
        return v;
    }

    static double positive(OptimizerConfig c, String name, double fallback) {
        double v = c.option(name, fallback);
        if (!(v > 0) || Double.isInfinite(v)) throw new ConfigException("optimizer." + name, "must be > 0, got " + v);
        return v;
    }
}
