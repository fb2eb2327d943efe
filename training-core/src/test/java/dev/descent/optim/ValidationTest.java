package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.descent.spec.ConfigException;
import dev.descent.spec.OptimizerConfig;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {
    private static final List<Tensor> PARAMS = List.of(Tensor.ones(2, 3).requiresGrad_());

    private static void refuses(Executable constructor, String message) {
        assertThatThrownBy(constructor::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void constructorsNameTheHyperParameterAndTheValue() {
        refuses(() -> new SGD(PARAMS, -1), "learning rate must be > 0, got -1");
        refuses(() -> new Adam(PARAMS, 0), "learning rate must be > 0, got 0");
        refuses(() -> new SGD(PARAMS, Double.NaN), "learning rate must be > 0, got NaN");
        refuses(() -> new SGD(PARAMS, Double.POSITIVE_INFINITY), "learning rate must be > 0, got Infinity");
        refuses(() -> new SGD(PARAMS, 0.1, 1.5), "momentum must be in [0, 1), got 1.5");
        refuses(() -> new SGD(PARAMS, 0.1, -0.1), "momentum must be in [0, 1), got -0.1");
        refuses(() -> new SGD(PARAMS, 0.1, 0.9, 1.5, false, 0), "dampening must be in [0, 1], got 1.5");
        refuses(() -> new SGD(PARAMS, 0.1, 0.9, 0, false, -0.01), "weight decay must be >= 0, got -0.01");
        refuses(
                () -> new SGD(PARAMS, 0.1, 0, 0, true, 0),
                "Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0 and dampening 0");
        refuses(
                () -> new SGD(PARAMS, 0.1, 0.9, 0.1, true, 0),
                "Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1");
        refuses(() -> new Momentum(PARAMS, 0.1, 1), "beta must be in [0, 1), got 1");
        refuses(() -> new RMSprop(PARAMS, 0.1, 1.2, 1e-8), "beta must be in [0, 1), got 1.2");
        refuses(() -> new RMSprop(PARAMS, 0.1, 0.9, -1e-8), "eps must be >= 0, got -1.0E-8");
        refuses(
                () -> new RMSprop(PARAMS, 0.1, new RMSprop.Hyper(0.9, 1e-8, 0, 2, false)),
                "momentum must be in [0, 1), got 2");
        refuses(() -> new Adam(PARAMS, 0.1, 0.9, 1.0, 1e-8), "beta2 must be in [0, 1), got 1");
        refuses(() -> new Adam(PARAMS, 0.1, -0.9, 0.999, 1e-8), "beta1 must be in [0, 1), got -0.9");
        refuses(() -> new AdamW(PARAMS, 0.1, -1), "weight decay must be >= 0, got -1");
        refuses(
                () -> new Adagrad(PARAMS, 0.1, new Adagrad.Hyper(-1, 0, 0, 1e-10)),
                "learning rate decay must be >= 0, got -1");
        refuses(
                () -> new Adagrad(PARAMS, 0.1, new Adagrad.Hyper(0, 0, -0.1, 1e-10)),
                "initial accumulator value must be >= 0, got -0.1");
        refuses(() -> new Adadelta(PARAMS, 1, new Adadelta.Hyper(1, 1e-6, 0)), "rho must be in [0, 1), got 1");
        refuses(
                () -> new LBFGS(PARAMS, 1, new LBFGS.Hyper(10, 0, 1e-7, 1e-9, 10, false)),
                "max function evaluations must be >= 1, got 0");
        refuses(
                () -> new LBFGS(PARAMS, 1, new LBFGS.Hyper(10, 10, -1, 1e-9, 10, false)),
                "gradient tolerance must be >= 0, got -1");
    }

    /**
     * resolve() is what another engine builds its optimizers from: the same records, defaults and aliases create()
     * uses.
     */
    @Test
    void resolveGivesTheTypedHyperParametersThatCreateUses() {
        Optimizers.Resolved rms = Optimizers.resolve(
                OptimizerConfig.of("rmsprop", 0.01).with("alpha", 0.9).with("centered", true));
        assertThat(rms.type()).isEqualTo("rmsprop");
        assertThat(rms.lr()).isEqualTo(0.01);
        assertThat(rms.hyper()).isEqualTo(new RMSprop.Hyper(0.9, 1e-8, 0, 0, true));
        assertThat(Optimizers.resolve(OptimizerConfig.of("rmsprop", 0.01)).hyper())
                .isEqualTo(RMSprop.Hyper.DEFAULT);
        assertThat(Optimizers.resolve(OptimizerConfig.of("adamw", 0.01)).hyper())
                .isEqualTo(AdamW.DEFAULT);
        assertThat(Optimizers.resolve(OptimizerConfig.of("momentum", 0.01).with("momentum", 0.8))
                        .hyper())
                .isEqualTo(new Momentum.Hyper(0.8));
        assertThat(Optimizers.resolve(OptimizerConfig.of("adagrad", 0.01).with("initialAccumulator", 0.1))
                        .hyper())
                .isEqualTo(new Adagrad.Hyper(0, 0, 0.1, 1e-10));
        for (String type : OptimizerConfig.TYPES) {
            OptimizerConfig config = OptimizerConfig.of(type, 0.01);
            assertThat(Optimizers.create(config, List.of(Tensor.ones(2).requiresGrad_()))
                            .paramGroups()
                            .getFirst()
                            .hyper())
                    .as(type)
                    .isEqualTo(Optimizers.resolve(config).hyper());
        }
        assertThatThrownBy(() ->
                        Optimizers.resolve(OptimizerConfig.of("adam", 0.01).with("beta2", 1.0)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.beta2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "lbfgs"})
    void everyTypeIsBuiltWithDefaults(String type) {
        OptimizerConfig config = OptimizerConfig.of(type, 0.01);
        Optimizers.validate(config);
        Optimizer<?> opt = Optimizers.create(config, List.of(Tensor.ones(2).requiresGrad_()));
        assertThat(opt.lr()).isEqualTo(0.01);
        assertThat(opt.getClass().getSimpleName().toLowerCase(Locale.ROOT)).isEqualTo(type);
    }

    @Test
    void optionsReachTheHyperParameters() {
        List<Tensor> p = List.of(Tensor.ones(2).requiresGrad_());
        assertThat(hyper(
                        OptimizerConfig.of("sgd", 0.1)
                                .with("momentum", 0.9)
                                .with("nesterov", true)
                                .with("weightDecay", 1e-4),
                        p))
                .isEqualTo(new SGD.Hyper(0.9, 0, true, 1e-4));
        assertThat(hyper(OptimizerConfig.of("momentum", 0.1).with("beta", 0.8), p))
                .isEqualTo(new Momentum.Hyper(0.8));
        assertThat(hyper(OptimizerConfig.of("momentum", 0.1).with("momentum", 0.7), p))
                .isEqualTo(new Momentum.Hyper(0.7));
        assertThat(hyper(
                        OptimizerConfig.of("rmsprop", 0.1)
                                .with("alpha", 0.9)
                                .with("centered", true)
                                .with("momentum", 0.5),
                        p))
                .isEqualTo(new RMSprop.Hyper(0.9, 1e-8, 0, 0.5, true));
        assertThat(hyper(OptimizerConfig.of("rmsprop", 0.1).with("beta", 0.95).with("eps", 1e-7), p))
                .isEqualTo(new RMSprop.Hyper(0.95, 1e-7, 0, 0, false));
        assertThat(hyper(
                        OptimizerConfig.of("adam", 0.1)
                                .with("beta1", 0.8)
                                .with("beta2", 0.99)
                                .with("amsgrad", true),
                        p))
                .isEqualTo(new Adam.Hyper(0.8, 0.99, 1e-8, 0, true));
        assertThat(hyper(OptimizerConfig.of("adamw", 0.1), p)).isEqualTo(new Adam.Hyper(0.9, 0.999, 1e-8, 0.01, false));
        assertThat(hyper(OptimizerConfig.of("adagrad", 0.1).with("lrDecay", 0.1).with("initialAccumulator", 0.5), p))
                .isEqualTo(new Adagrad.Hyper(0.1, 0, 0.5, 1e-10));
        assertThat(hyper(OptimizerConfig.of("adadelta", 1).with("rho", 0.95), p))
                .isEqualTo(new Adadelta.Hyper(0.95, 1e-6, 0));
        assertThat(hyper(
                        OptimizerConfig.of("lbfgs", 1)
                                .with("maxIter", 8.0)
                                .with("historySize", 5.0)
                                .with("lineSearch", "strong_wolfe"),
                        p))
                .isEqualTo(new LBFGS.Hyper(8, 10, 1e-7, 1e-9, 5, true));
    }

    private static Record hyper(OptimizerConfig config, List<Tensor> params) {
        return Optimizers.create(config, params).paramGroups().getFirst().hyper();
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "adam     | foo        | 1    | optimizer.foo        | unknown option for adam; known: beta1, beta2, eps, weightDecay, amsgrad",
                "sgd      | beta1      | 0.9  | optimizer.beta1      | unknown option for sgd; known: momentum, dampening, nesterov, weightDecay",
                "lbfgs    | momentum   | 0.9  | optimizer.momentum   | unknown option for lbfgs; known: maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearch",
                "sgd      | momentum   | 1.5  | optimizer.momentum   | momentum must be in [0, 1), got 1.5",
                "momentum | momentum   | 1    | optimizer.momentum   | beta must be in [0, 1), got 1",
                "momentum | beta       | -0.5 | optimizer.beta       | beta must be in [0, 1), got -0.5",
                "rmsprop  | alpha      | 1.5  | optimizer.alpha      | beta must be in [0, 1), got 1.5",
                "rmsprop  | beta       | 1.5  | optimizer.beta       | beta must be in [0, 1), got 1.5",
                "adam     | beta2      | 1    | optimizer.beta2      | beta2 must be in [0, 1), got 1",
                "adamw    | weightDecay| -1   | optimizer.weightDecay| weight decay must be >= 0, got -1",
                "adagrad  | eps        | -1   | optimizer.eps        | eps must be >= 0, got -1",
                "adadelta | rho        | 2    | optimizer.rho        | rho must be in [0, 1), got 2",
                "lbfgs    | maxIter    | 2.5  | optimizer.maxIter    | must be a whole number, got 2.5",
                "lbfgs    | historySize| 0    | optimizer.historySize| history size must be >= 1, got 0",
            })
    void configErrorsNameTheField(String type, String option, double value, String field, String reason) {
        OptimizerConfig config = OptimizerConfig.of(type, 0.01).with(option, value);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Optimizers.validate(config));
        assertThat(e).as("validate").isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).isEqualTo(reason);
        ConfigException created = catchThrowableOfType(ConfigException.class, () -> Optimizers.create(config, PARAMS));
        assertThat(created).as("create").isNotNull();
        assertThat(created.getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void optionsOfTheWrongKindNameTheField() {
        assertThatThrownBy(() ->
                        Optimizers.validate(OptimizerConfig.of("adam", 0.01).with("beta1", "high")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("optimizer.beta1: must be a number, got \"high\"");
        assertThatThrownBy(() ->
                        Optimizers.validate(OptimizerConfig.of("adam", 0.01).with("amsgrad", 1.0)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("optimizer.amsgrad: must be true or false, got 1.0");
        assertThatThrownBy(
                        () -> Optimizers.validate(OptimizerConfig.of("lbfgs", 1).with("lineSearch", "armijo")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("optimizer.lineSearch: must be one of none, strong_wolfe, got \"armijo\"");
        assertThatThrownBy(() ->
                        Optimizers.validate(new OptimizerConfig("rmsprop", 0.01, Map.of("alpha", 0.9, "beta", 0.9))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("optimizer.alpha: give beta or alpha, not both");
    }

    @Test
    void theFirstUnknownOptionIsNamedAlphabetically() {
        var config = new OptimizerConfig("adam", 0.01, Map.of("zeta", 1.0, "alpha", 1.0, "beta1", 0.9));
        assertThatThrownBy(() -> Optimizers.validate(config))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).field())
                .isEqualTo("optimizer.alpha");
    }
}
