package dev.descent.optim;

import dev.descent.tensor.Tensor;
import dev.descent.train.ConfigException;
import dev.descent.train.OptimizerConfig;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the optimizer an {@link OptimizerConfig} names, from its lr and camelCase options (PyTorch's
 * defaults for the rest). Every mistake is a {@link ConfigException} naming the field,
 * {@code optimizer.<option>}, so the platform can reject a run at submission with {@link #validate}.
 */
public final class Optimizers {
    private Optimizers() {}

    /** The options each optimizer understands. */
    public static final Map<String, List<String>> OPTIONS = Map.of(
            "sgd", List.of("momentum", "dampening", "nesterov", "weightDecay"),
            "momentum", List.of("beta", "momentum"),
            "rmsprop", List.of("beta", "alpha", "eps", "weightDecay", "momentum", "centered"),
            "adam", List.of("beta1", "beta2", "eps", "weightDecay", "amsgrad"),
            "adamw", List.of("beta1", "beta2", "eps", "weightDecay", "amsgrad"),
            "adagrad", List.of("lrDecay", "weightDecay", "initialAccumulator", "eps"),
            "adadelta", List.of("rho", "eps", "weightDecay"),
            "lbfgs", List.of("maxIter", "maxEval", "toleranceGrad", "toleranceChange", "historySize", "lineSearch"));

    public static Optimizer<?> create(OptimizerConfig config, List<? extends Tensor> params) {
        return parse(config).apply(params);
    }

    /** Checks every option of {@code config} without building anything. */
    public static void validate(OptimizerConfig config) { parse(config); }

    private static Function<List<? extends Tensor>, Optimizer<?>> parse(OptimizerConfig config) {
        String type = config.type();
        Options o = new Options("optimizer", type, config.options());
        o.allowOnly(OPTIONS.getOrDefault(type, List.of()));
        double lr = config.lr();
        // The field an error points at: the alias when the user wrote the alias.
        String beta = switch (type) {
            case "momentum" -> o.aliasOf("beta", "momentum");
            case "rmsprop" -> o.aliasOf("beta", "alpha");
            default -> "beta";
        };
        try {
            Check.positive("lr", "learning rate", lr);
            return switch (type) {
                case "sgd" -> {
                    var h = new SGD.Hyper(o.number("momentum", 0), o.number("dampening", 0), o.flag("nesterov", false), o.number("weightDecay", 0));
                    yield p -> new SGD(p, lr, h);
                }
                case "momentum" -> {
                    var h = new Momentum.Hyper(o.number(beta, Momentum.Hyper.DEFAULT.beta()));
                    yield p -> new Momentum(p, lr, h);
                }
                case "rmsprop" -> {
                    var d = RMSprop.Hyper.DEFAULT;
                    var h = new RMSprop.Hyper(o.number(beta, d.beta()), o.number("eps", d.eps()), o.number("weightDecay", 0),
                            o.number("momentum", 0), o.flag("centered", false));
                    yield p -> new RMSprop(p, lr, h);
                }
                case "adam" -> {
                    var h = adam(o, Adam.Hyper.DEFAULT);
                    yield p -> new Adam(p, lr, h);
                }
                case "adamw" -> {
                    var h = adam(o, AdamW.DEFAULT);
                    yield p -> new AdamW(p, lr, h);
                }
                case "adagrad" -> {
                    var d = Adagrad.Hyper.DEFAULT;
                    var h = new Adagrad.Hyper(o.number("lrDecay", d.lrDecay()), o.number("weightDecay", d.weightDecay()),
                            o.number("initialAccumulator", d.initialAccumulator()), o.number("eps", d.eps()));
                    yield p -> new Adagrad(p, lr, h);
                }
                case "adadelta" -> {
                    var d = Adadelta.Hyper.DEFAULT;
                    var h = new Adadelta.Hyper(o.number("rho", d.rho()), o.number("eps", d.eps()), o.number("weightDecay", d.weightDecay()));
                    yield p -> new Adadelta(p, lr, h);
                }
                case "lbfgs" -> {
                    var d = LBFGS.Hyper.DEFAULT;
                    int maxIter = o.whole("maxIter", d.maxIter());
                    var h = new LBFGS.Hyper(maxIter, o.whole("maxEval", Math.max(1, maxIter * 5 / 4)),
                            o.number("toleranceGrad", d.toleranceGrad()), o.number("toleranceChange", d.toleranceChange()),
                            o.whole("historySize", d.historySize()), o.choice("lineSearch", "none", List.of("none", "strong_wolfe")).equals("strong_wolfe"));
                    yield p -> new LBFGS(p, lr, h);
                }
                default -> throw new ConfigException("optimizer.type", "unknown optimizer '" + type + "'; expected one of " + String.join(", ", OptimizerConfig.TYPES));
            };
        } catch (HyperParameterException e) {
            throw new ConfigException(o.field(e.option().equals("beta") ? beta : e.option()), e.getMessage());
        }
    }

    private static Adam.Hyper adam(Options o, Adam.Hyper d) {
        return new Adam.Hyper(o.number("beta1", d.beta1()), o.number("beta2", d.beta2()), o.number("eps", d.eps()),
                o.number("weightDecay", d.weightDecay()), o.flag("amsgrad", d.amsgrad()));
    }
}
