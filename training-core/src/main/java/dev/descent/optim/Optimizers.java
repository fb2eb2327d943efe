package dev.descent.optim;

import dev.descent.spec.ConfigException;
import dev.descent.spec.OptimizerConfig;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Builds the optimizer an {@link OptimizerConfig} names, from its lr and camelCase options (PyTorch's defaults for the
 * rest). Every mistake is a {@link ConfigException} naming the field, {@code optimizer.<option>}, so the platform can
 * reject a run at submission with {@link #validate}.
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
            "nadam", List.of("beta1", "beta2", "eps", "weightDecay", "momentumDecay"),
            "radam", List.of("beta1", "beta2", "eps", "weightDecay"),
            "adagrad", List.of("lrDecay", "weightDecay", "initialAccumulator", "eps"),
            "adadelta", List.of("rho", "eps", "weightDecay"),
            "lbfgs", List.of("maxIter", "maxEval", "toleranceGrad", "toleranceChange", "historySize", "lineSearch"));

    /**
     * A config read into its parts: the optimizer type, the learning rate and the typed hyper-parameters
     * ({@link SGD.Hyper}, {@link Momentum.Hyper}, {@link RMSprop.Hyper}, {@link Adam.Hyper} for adam and adamw,
     * {@link NAdam.Hyper}, {@link RAdam.Hyper}, {@link Adagrad.Hyper}, {@link Adadelta.Hyper}, {@link LBFGS.Hyper})
     * with PyTorch's defaults filled in. Another engine builds its own optimizers from this, so option names and
     * defaults live here only.
     */
    public record Resolved(String type, double lr, Record hyper) {}

    public static Optimizer<?> create(OptimizerConfig config, List<? extends Tensor> params) {
        Resolved r = resolve(config);
        double lr = r.lr();
        return switch (r.hyper()) {
            case SGD.Hyper h -> new SGD(params, lr, h);
            case Momentum.Hyper h -> new Momentum(params, lr, h);
            case RMSprop.Hyper h -> new RMSprop(params, lr, h);
            case Adam.Hyper h when r.type().equals("adamw") -> new AdamW(params, lr, h);
            case Adam.Hyper h -> new Adam(params, lr, h);
            case NAdam.Hyper h -> new NAdam(params, lr, h);
            case RAdam.Hyper h -> new RAdam(params, lr, h);
            case Adagrad.Hyper h -> new Adagrad(params, lr, h);
            case Adadelta.Hyper h -> new Adadelta(params, lr, h);
            case LBFGS.Hyper h -> new LBFGS(params, lr, h);
            default -> throw new IllegalStateException("no optimizer for " + r.hyper());
        };
    }

    /** Checks every option of {@code config} without building anything. */
    public static void validate(OptimizerConfig config) {
        resolve(config);
    }

    /**
     * The type, lr and typed hyper-parameters of {@code config}; every mistake is a {@link ConfigException} naming the
     * field.
     */
    public static Resolved resolve(OptimizerConfig config) {
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
            Record hyper = switch (type) {
                case "sgd" ->
                    new SGD.Hyper(
                            o.number("momentum", 0),
                            o.number("dampening", 0),
                            o.flag("nesterov", false),
                            o.number("weightDecay", 0));
                case "momentum" -> new Momentum.Hyper(o.number(beta, Momentum.Hyper.DEFAULT.beta()));
                case "rmsprop" -> {
                    var d = RMSprop.Hyper.DEFAULT;
                    yield new RMSprop.Hyper(
                            o.number(beta, d.beta()),
                            o.number("eps", d.eps()),
                            o.number("weightDecay", 0),
                            o.number("momentum", 0),
                            o.flag("centered", false));
                }
                case "adam" -> adam(o, Adam.Hyper.DEFAULT);
                case "adamw" -> adam(o, AdamW.DEFAULT);
                case "nadam" -> {
                    var d = NAdam.Hyper.DEFAULT;
                    yield new NAdam.Hyper(
                            o.number("beta1", d.beta1()),
                            o.number("beta2", d.beta2()),
                            o.number("eps", d.eps()),
                            o.number("weightDecay", d.weightDecay()),
                            o.number("momentumDecay", d.momentumDecay()));
                }
                case "radam" -> {
                    var d = RAdam.Hyper.DEFAULT;
                    yield new RAdam.Hyper(
                            o.number("beta1", d.beta1()),
                            o.number("beta2", d.beta2()),
                            o.number("eps", d.eps()),
                            o.number("weightDecay", d.weightDecay()));
                }
                case "adagrad" -> {
                    var d = Adagrad.Hyper.DEFAULT;
                    yield new Adagrad.Hyper(
                            o.number("lrDecay", d.lrDecay()),
                            o.number("weightDecay", d.weightDecay()),
                            o.number("initialAccumulator", d.initialAccumulator()),
                            o.number("eps", d.eps()));
                }
                case "adadelta" -> {
                    var d = Adadelta.Hyper.DEFAULT;
                    yield new Adadelta.Hyper(
                            o.number("rho", d.rho()),
                            o.number("eps", d.eps()),
                            o.number("weightDecay", d.weightDecay()));
                }
                case "lbfgs" -> {
                    var d = LBFGS.Hyper.DEFAULT;
                    int maxIter = o.whole("maxIter", d.maxIter());
                    yield new LBFGS.Hyper(
                            maxIter,
                            o.whole("maxEval", Math.max(1, maxIter * 5 / 4)),
                            o.number("toleranceGrad", d.toleranceGrad()),
                            o.number("toleranceChange", d.toleranceChange()),
                            o.whole("historySize", d.historySize()),
                            o.choice("lineSearch", "none", List.of("none", "strong_wolfe"))
                                    .equals("strong_wolfe"));
                }
                default ->
                    throw new ConfigException(
                            "optimizer.type",
                            "unknown optimizer '" + type + "'; expected one of "
                                    + String.join(", ", OptimizerConfig.TYPES));
            };
            return new Resolved(type, lr, hyper);
        } catch (HyperParameterException e) {
            throw new ConfigException(o.field(e.option().equals("beta") ? beta : e.option()), e.getMessage());
        }
    }

    private static Adam.Hyper adam(Options o, Adam.Hyper d) {
        return new Adam.Hyper(
                o.number("beta1", d.beta1()),
                o.number("beta2", d.beta2()),
                o.number("eps", d.eps()),
                o.number("weightDecay", d.weightDecay()),
                o.flag("amsgrad", d.amsgrad()));
    }
}
