package dev.descent.gradcheck;

import static dev.descent.gradcheck.TensorOpCases.awayFromZero;
import static dev.descent.gradcheck.TensorOpCases.distinct;
import static dev.descent.gradcheck.TensorOpCases.index;
import static dev.descent.gradcheck.TensorOpCases.uniform;

import dev.descent.autograd.GradMode;
import dev.descent.autograd.Gradients;
import dev.descent.backend.DType;
import dev.descent.loss.BCELoss;
import dev.descent.loss.BCEWithLogitsLoss;
import dev.descent.loss.CrossEntropyLoss;
import dev.descent.loss.KLDivLoss;
import dev.descent.loss.NLLLoss;
import dev.descent.loss.Reduction;
import dev.descent.nn.F;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gradient checks for the ops and options added for PyTorch parity: rounding, floor division and remainders, products,
 * running sums, sorts, flips and rolls, scatters, p-norms, writes through views, the new padding modes and pooling
 * options, the weighted losses and KL divergence, and gradients taken with {@link Gradients}.
 */
final class ParityCases {
    private ParityCases() {}

    private static final List<GradCheckCase> CASES = new ArrayList<>();

    private static void add(String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f) {
        CASES.add(new GradCheckCase(name, inputs, f));
    }

    /** Values k + 0.3 for small integers k: away from the jumps of floor, round and friends. */
    private static Tensor offInteger(long seed, int n) {
        return Tensor.randint(new dev.descent.backend.Generator(seed), -3, 3, n)
                .to(DType.FLOAT64)
                .add(0.3)
                .requiresGrad_();
    }

    static List<GradCheckCase> cases() {
        if (!CASES.isEmpty()) return CASES;
        elementwise();
        reductionsAndIndexing();
        functionalsAndLosses();
        return CASES;
    }

    private static void elementwise() {
        add(
                "rounding_ops",
                () -> new Tensor[] {offInteger(600, 8)},
                x -> x[0].sign()
                        .add(x[0].floor())
                        .add(x[0].ceil())
                        .add(x[0].round())
                        .add(x[0].trunc())
                        .add(x[0]));
        add(
                "floor_divide",
                () -> new Tensor[] {offInteger(601, 6), awayFromZero(602, 6)},
                x -> x[0].floorDivide(x[1]).add(x[0]));
        add(
                "remainder",
                () -> new Tensor[] {uniform(603, -3, 3, 2, 3), uniform(604, 0.7, 1.9, 3)},
                x -> x[0].remainder(x[1]));
        add(
                "fmod",
                () -> new Tensor[] {uniform(605, -3, 3, 2, 3), uniform(606, 0.7, 1.9, 3)},
                x -> x[0].fmod(x[1].neg()));
        add(
                "masked_fill_tensor_value",
                () -> new Tensor[] {uniform(607, -1, 1, 3, 4), uniform(608, -1, 1)},
                x -> x[0].maskedFill(
                        Tensor.rand(new dev.descent.backend.Generator(609), 4).gt(0.5), x[1].reshape()));
        add("in_place_through_a_view", () -> new Tensor[] {uniform(610, -1, 1, 3, 4), uniform(611, -1, 1, 4)}, x -> {
            Tensor y = x[0].mul(1L);
            y.select(0, 1).mul_(x[1]);
            y.narrow(1, 0, 2).add_(1.5);
            return y.exp();
        });
        add("relu_in_place_on_a_non_leaf", () -> new Tensor[] {awayFromZero(612, 6)}, x -> {
            Tensor a = x[0].mul(2L);
            a.relu_();
            return a.mul(x[0]);
        });
    }

    private static void reductionsAndIndexing() {
        add("prod_dim", () -> new Tensor[] {uniform(620, 0.5, 1.5, 3, 4)}, x -> x[0].prod(1, true));
        add(
                "prod_with_a_zero",
                () -> new Tensor[] {
                    Tensor.fromArray(new double[] {0.7, 0, -1.2, 0.9, 1.1}).requiresGrad_()
                },
                x -> x[0].prod());
        add(
                "prod_with_a_zero_double_backward",
                () -> new Tensor[] {
                    Tensor.fromArray(new double[] {0.7, 0, -1.2, 0.9}).requiresGrad_()
                },
                x -> gradientOf(z -> z.prod(), x));
        add(
                "cumsum",
                () -> new Tensor[] {uniform(621, -1, 1, 3, 5)},
                x -> x[0].cumsum(1).square());
        add(
                "flip",
                () -> new Tensor[] {uniform(622, -1, 1, 2, 3, 4)},
                x -> x[0].flip(0, 2).mul(x[0]));
        add(
                "roll",
                () -> new Tensor[] {uniform(623, -1, 1, 3, 4)},
                x -> x[0].roll(new int[] {1, -2}, new int[] {0, 1}).mul(x[0]));
        add(
                "masked_select",
                () -> new Tensor[] {uniform(624, -1, 1, 3, 4)},
                x -> x[0].maskedSelect(Tensor.rand(new dev.descent.backend.Generator(625), 4)
                                .gt(0.4))
                        .exp());
        add(
                "scatter",
                () -> new Tensor[] {uniform(626, -1, 1, 3, 4), uniform(627, -1, 1, 2, 4)},
                x -> x[0].scatter(0, Tensor.fromArray(new long[] {2, 0, 1, 2, 0, 1, 0, 1}, 2, 4), x[1])
                        .square());
        add(
                "sort_values",
                () -> new Tensor[] {distinct(628, 3, 5)},
                x -> x[0].sort(1, true).values().cumsum(1));
        add(
                "topk_values",
                () -> new Tensor[] {distinct(629, 4, 5)},
                x -> x[0].topk(2, 0, false).values().exp());
        for (double p : new double[] {1, 3, Double.POSITIVE_INFINITY}) {
            add(
                    "norm_p" + p,
                    () -> new Tensor[] {distinct(630, 3, 4).sub(0.55).detach().requiresGrad_()},
                    x -> x[0].norm(p, new int[] {1}, false));
        }
        add(
                "norm_double_backward",
                () -> new Tensor[] {uniform(631, -1, 1, 5)},
                x -> gradientOf(z -> z.norm(2, null, false), x));
        add("var_no_dof_left", () -> new Tensor[] {uniform(632, -1, 1, 3, 4)}, x -> x[0].var(new int[] {1}, 1, true));
        add(
                "matmul_vectors_double_backward",
                () -> new Tensor[] {uniform(633, -1, 1, 4), uniform(634, -1, 1, 4, 3)},
                x -> gradientOf(z -> z.matmul(x[1]).tanh().sum(), x));
        add(
                "gradients_grad_penalty",
                () -> new Tensor[] {uniform(635, -1, 1, 3), uniform(636, -1, 1, 3)},
                x -> gradientOf(z -> z.mul(x[1]).tanh().sum(), x).norm().sub(1L).square());
        add(
                "index_select_then_scatter_add",
                () -> new Tensor[] {uniform(637, -1, 1, 5, 3)},
                x -> Tensor.zeros(DType.FLOAT64, 5, 3)
                        .indexAdd(0, index(3, 0, 3), x[0].indexSelect(0, index(1, 4, 0))));
    }

    private static void functionalsAndLosses() {
        add(
                "pad_reflect",
                () -> new Tensor[] {uniform(650, -1, 1, 1, 2, 3, 4)},
                x -> F.pad(x[0], new int[] {2, 1, 1, 2}, "reflect", 0));
        add(
                "pad_circular",
                () -> new Tensor[] {uniform(651, -1, 1, 1, 2, 3, 4)},
                x -> F.pad(x[0], new int[] {3, 1, 2, 0}, "circular", 0));
        add(
                "avg_pool2d_divisor_override",
                () -> new Tensor[] {uniform(653, -1, 1, 1, 2, 5, 5)},
                x -> F.avgPool2d(x[0], new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true, true, 4));
        add(
                "conv_transpose2d_output_padding_below_dilation",
                () -> new Tensor[] {uniform(655, -1, 1, 1, 1, 3, 3), uniform(656, -1, 1, 1, 1, 2, 2)},
                x -> F.convTranspose2d(
                        x[0], x[1], null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1, new int[] {2, 2}));
        Tensor weights = Tensor.fromArray(new double[] {0.5, 2, 1, 1.5, 0.8});
        Tensor labels = Tensor.fromArray(new long[] {2, 0, 4, 1});
        add(
                "cross_entropy_weights_ignore_smoothing",
                () -> new Tensor[] {uniform(657, -2, 2, 4, 5)},
                x -> new CrossEntropyLoss(Reduction.MEAN, 0.2, weights, 4).apply(x[0], labels));
        add(
                "nll_weights_ignore",
                () -> new Tensor[] {uniform(658, -3, -0.1, 4, 5)},
                x -> new NLLLoss(Reduction.MEAN, weights, 0).apply(x[0], labels));
        add(
                "bce_weight",
                () -> new Tensor[] {uniform(659, 0.1, 0.9, 3, 4), uniform(660, 0, 1, 3, 4)},
                x -> new BCELoss(Reduction.SUM, Tensor.fromArray(new double[] {1, 2, 0.5, 3})).apply(x[0], x[1]));
        add(
                "bce_with_logits_weights",
                () -> new Tensor[] {uniform(661, -4, 4, 3, 4), uniform(662, 0, 1, 3, 4)},
                x -> new BCEWithLogitsLoss(
                                Reduction.MEAN,
                                Tensor.fromArray(new double[] {0.5, 1, 2, 3}),
                                Tensor.fromArray(new double[] {2, 1, 0.5}).reshape(3, 1))
                        .apply(x[0], x[1]));
        add(
                "kl_div",
                () -> new Tensor[] {uniform(663, -2, 2, 3, 4), uniform(664, 0.05, 0.95, 3, 4)},
                x -> new KLDivLoss(Reduction.BATCH_MEAN, false).apply(x[0].logSoftmax(1), x[1]));
        add(
                "kl_div_log_target",
                () -> new Tensor[] {uniform(665, -2, 2, 3, 4), uniform(666, -3, 0, 3, 4)},
                x -> new KLDivLoss(Reduction.SUM, true).apply(x[0], x[1]));
    }

    /** d f(z) / dz at z = inputs[0], with a graph of its own (so checking it checks the double backward). */
    private static Tensor gradientOf(Function<Tensor, Tensor> f, Tensor[] inputs) {
        try (var _ = GradMode.enableGrad()) {
            // With respect to a zero leaf added to the input: the finite differences feed plain tensors.
            Tensor t = Tensor.zeros(DType.FLOAT64, inputs[0].sizes()).requiresGrad_();
            return Gradients.grad(List.of(f.apply(inputs[0].add(t))), List.of(t), null, true, true)
                    .getFirst();
        }
    }
}
