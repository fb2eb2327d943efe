package dev.descent.gradcheck;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Gradient checks for the tensor ops: arithmetic, activations, reductions, views, joins and indexing. */
final class TensorOpCases {
    private TensorOpCases() {}

    /** Uniform float64 values in [lo, hi) that require grad. */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Tensor.uniform(new Generator(seed), lo, hi, shape)
                .to(DType.FLOAT64)
                .requiresGrad_();
    }

    /** Values in [0.5, 2) with a random sign: away from 0, where abs, relu and friends have a kink. */
    static Tensor awayFromZero(long seed, int... shape) {
        Tensor mag = Tensor.uniform(new Generator(seed), 0.5, 2, shape);
        Tensor sign = Tensor.rand(new Generator(seed + 1), shape)
                .gt(0.5)
                .to(DType.FLOAT32)
                .mul(2)
                .sub(1);
        return mag.mul(sign).to(DType.FLOAT64).requiresGrad_();
    }

    /** Distinct values (a shuffled range plus noise), so max/min and their ties are unambiguous. */
    static Tensor distinct(long seed, int... shape) {
        int n = Shape.of(shape).numel();
        Tensor perm = Tensor.randperm(new Generator(seed), n).to(DType.FLOAT64).mul(0.1);
        return perm.reshape(shape).to(DType.FLOAT64).requiresGrad_();
    }

    static Tensor index(long... values) {
        return Tensor.fromArray(values);
    }

    private static final List<GradCheckCase> CASES = new ArrayList<>();

    private static void add(String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f) {
        CASES.add(new GradCheckCase(name, inputs, f));
    }

    static List<GradCheckCase> cases() {
        if (!CASES.isEmpty()) return CASES;
        // Arithmetic with broadcasting.
        add("add", () -> new Tensor[] {uniform(1, -1, 1, 3, 4), uniform(2, -1, 1, 4)}, x -> x[0].add(x[1]));
        add(
                "add_alpha",
                () -> new Tensor[] {uniform(1, -1, 1, 3, 4), uniform(2, -1, 1, 3, 1)},
                x -> x[0].add(x[1], -2.5));
        add("sub", () -> new Tensor[] {uniform(3, -1, 1, 2, 3), uniform(4, -1, 1, 2, 1)}, x -> x[0].sub(x[1]));
        add("mul", () -> new Tensor[] {uniform(5, -1, 1, 2, 3, 4), uniform(6, -1, 1, 3, 1)}, x -> x[0].mul(x[1]));
        add("div", () -> new Tensor[] {uniform(7, -1, 1, 3, 4), awayFromZero(8, 4)}, x -> x[0].div(x[1]));
        add("neg", () -> new Tensor[] {uniform(9, -1, 1, 5)}, x -> x[0].neg());
        add("pow_scalar", () -> new Tensor[] {uniform(10, 0.5, 2, 6)}, x -> x[0].pow(2.5));
        add("pow_tensor", () -> new Tensor[] {uniform(11, 0.5, 2, 2, 3), uniform(12, -1, 2, 3)}, x -> x[0].pow(x[1]));
        add("square", () -> new Tensor[] {uniform(13, -2, 2, 6)}, x -> x[0].square());
        add("sqrt", () -> new Tensor[] {uniform(14, 0.5, 3, 6)}, x -> x[0].sqrt());
        add("reciprocal", () -> new Tensor[] {awayFromZero(15, 6)}, x -> x[0].reciprocal());
        add("exp", () -> new Tensor[] {uniform(16, -2, 2, 6)}, x -> x[0].exp());
        add("log", () -> new Tensor[] {uniform(17, 0.2, 3, 6)}, x -> x[0].log());
        add("abs", () -> new Tensor[] {awayFromZero(18, 6)}, x -> x[0].abs());
        add("sin", () -> new Tensor[] {uniform(19, -3, 3, 6)}, x -> x[0].sin());
        add("cos", () -> new Tensor[] {uniform(20, -3, 3, 6)}, x -> x[0].cos());
        add("tanh", () -> new Tensor[] {uniform(21, -2, 2, 6)}, x -> x[0].tanh());
        add("sigmoid", () -> new Tensor[] {uniform(22, -4, 4, 6)}, x -> x[0].sigmoid());
        add("erf", () -> new Tensor[] {uniform(23, -2.5, 2.5, 6)}, x -> x[0].erf());
        add("relu", () -> new Tensor[] {awayFromZero(24, 8)}, x -> x[0].relu());
        add("leaky_relu", () -> new Tensor[] {awayFromZero(25, 8)}, x -> x[0].leakyRelu(0.1));
        add("gelu", () -> new Tensor[] {uniform(26, -3, 3, 8)}, x -> x[0].gelu());
        add("gelu_tanh", () -> new Tensor[] {uniform(27, -3, 3, 8)}, x -> x[0].gelu("tanh"));
        add(
                "clamp",
                () -> new Tensor[] {distinct(28, 10).sub(0.45).detach().requiresGrad_()},
                x -> x[0].clamp(-0.22, 0.23));
        add("maximum", () -> new Tensor[] {uniform(29, -1, 1, 3, 4), uniform(30, -1, 1, 4)}, x -> x[0].maximum(x[1]));
        add(
                "minimum",
                () -> new Tensor[] {uniform(31, -1, 1, 3, 4), uniform(32, -1, 1, 3, 1)},
                x -> x[0].minimum(x[1]));
        add(
                "where",
                () -> new Tensor[] {uniform(33, -1, 1, 3, 4), uniform(34, -1, 1, 4)},
                x -> Tensor.where(Tensor.rand(new Generator(35), 3, 4).gt(0.5), x[0], x[1]));
        add(
                "masked_fill",
                () -> new Tensor[] {uniform(36, -1, 1, 3, 4)},
                x -> x[0].maskedFill(Tensor.rand(new Generator(37), 4).gt(0.5), 2.0));

        // Reductions.
        add("sum", () -> new Tensor[] {uniform(40, -1, 1, 2, 3, 4)}, x -> x[0].sum());
        add(
                "sum_dims_keepdim",
                () -> new Tensor[] {uniform(41, -1, 1, 2, 3, 4)},
                x -> x[0].sum(new int[] {0, 2}, true));
        add("mean", () -> new Tensor[] {uniform(42, -1, 1, 2, 3, 4)}, x -> x[0].mean(1));
        add("max", () -> new Tensor[] {distinct(43, 3, 4)}, x -> x[0].max(1));
        add("max_all", () -> new Tensor[] {distinct(44, 3, 4)}, x -> x[0].max());
        add("min", () -> new Tensor[] {distinct(45, 3, 4)}, x -> x[0].min(0, true));
        add(
                "max_with_indices",
                () -> new Tensor[] {distinct(46, 3, 5)},
                x -> x[0].maxWithIndices(1, false).values());
        add("var", () -> new Tensor[] {uniform(47, -1, 1, 3, 5)}, x -> x[0].var(1, false));
        add("std", () -> new Tensor[] {uniform(48, -1, 1, 3, 5)}, x -> x[0].std(new int[] {0, 1}, 0, true));
        add("logsumexp", () -> new Tensor[] {uniform(49, -3, 3, 3, 5)}, x -> x[0].logsumexp(1, false));
        add("softmax", () -> new Tensor[] {uniform(50, -3, 3, 3, 5)}, x -> x[0].softmax(-1));
        add("softmax_dim0", () -> new Tensor[] {uniform(51, -3, 3, 3, 5)}, x -> x[0].softmax(0));
        add("log_softmax", () -> new Tensor[] {uniform(52, -3, 3, 3, 5)}, x -> x[0].logSoftmax(1));
        add("norm", () -> new Tensor[] {uniform(53, -1, 1, 7)}, x -> x[0].norm());

        // Linear algebra.
        add(
                "matmul_2d",
                () -> new Tensor[] {uniform(60, -1, 1, 3, 4), uniform(61, -1, 1, 4, 5)},
                x -> x[0].matmul(x[1]));
        add(
                "matmul_vec_vec",
                () -> new Tensor[] {uniform(62, -1, 1, 4), uniform(63, -1, 1, 4)},
                x -> x[0].matmul(x[1]));
        add(
                "matmul_mat_vec",
                () -> new Tensor[] {uniform(64, -1, 1, 3, 4), uniform(65, -1, 1, 4)},
                x -> x[0].matmul(x[1]));
        add(
                "matmul_vec_mat",
                () -> new Tensor[] {uniform(66, -1, 1, 4), uniform(67, -1, 1, 4, 2)},
                x -> x[0].matmul(x[1]));
        add(
                "matmul_batched_broadcast",
                () -> new Tensor[] {uniform(68, -1, 1, 2, 3, 4), uniform(69, -1, 1, 4, 5)},
                x -> x[0].matmul(x[1]));
        add(
                "matmul_transposed",
                () -> new Tensor[] {uniform(70, -1, 1, 4, 3), uniform(71, -1, 1, 5, 4)},
                x -> x[0].t().matmul(x[1].t()));

        // Views and copies.
        add(
                "reshape",
                () -> new Tensor[] {uniform(80, -1, 1, 2, 6)},
                x -> x[0].reshape(3, 4).mul(x[0].reshape(3, 4)));
        add(
                "view",
                () -> new Tensor[] {uniform(81, -1, 1, 2, 6)},
                x -> x[0].view(4, -1).exp());
        add(
                "permute",
                () -> new Tensor[] {uniform(82, -1, 1, 2, 3, 4)},
                x -> x[0].permute(2, 0, 1)
                        .mul(Tensor.arange(0.0, 24.0, 1.0).reshape(4, 2, 3).to(DType.FLOAT64)));
        add(
                "transpose_contiguous",
                () -> new Tensor[] {uniform(83, -1, 1, 3, 4)},
                x -> x[0].transpose(0, 1).contiguous().square());
        add(
                "expand",
                () -> new Tensor[] {uniform(84, -1, 1, 3, 1)},
                x -> x[0].expand(2, 3, 4)
                        .mul(Tensor.arange(0.0, 24.0, 1.0).reshape(2, 3, 4).to(DType.FLOAT64)));
        add(
                "squeeze_unsqueeze",
                () -> new Tensor[] {uniform(85, -1, 1, 3, 1, 4)},
                x -> x[0].squeeze(1).unsqueeze(0).sin());
        add(
                "narrow",
                () -> new Tensor[] {uniform(86, -1, 1, 5, 4)},
                x -> x[0].narrow(0, 1, 3).exp());
        add(
                "slice_step",
                () -> new Tensor[] {uniform(87, -1, 1, 7, 3)},
                x -> x[0].slice(0, 1, 7, 2).square());
        add(
                "select",
                () -> new Tensor[] {uniform(88, -1, 1, 3, 4)},
                x -> x[0].select(1, 2).exp());
        add(
                "flatten",
                () -> new Tensor[] {uniform(89, -1, 1, 2, 3, 4)},
                x -> x[0].flatten(1, 2).sin());
        add(
                "clone",
                () -> new Tensor[] {uniform(90, -1, 1, 4)},
                x -> x[0].clone().mul(x[0]));
        add(
                "to_float64",
                () -> new Tensor[] {uniform(91, -1, 1, 4)},
                x -> x[0].to(DType.FLOAT64).exp());

        // Joins and splits.
        add(
                "cat",
                () -> new Tensor[] {uniform(100, -1, 1, 2, 3), uniform(101, -1, 1, 4, 3)},
                x -> Tensor.cat(0, x[0], x[1]).exp());
        add(
                "stack",
                () -> new Tensor[] {uniform(102, -1, 1, 2, 3), uniform(103, -1, 1, 2, 3)},
                x -> Tensor.stack(List.of(x[0], x[1]), 1).sin());
        add(
                "split",
                () -> new Tensor[] {uniform(104, -1, 1, 5, 2)},
                x -> x[0].split(2, 0)
                        .get(2)
                        .exp()
                        .sum()
                        .add(x[0].split(2, 0).get(0).square().sum()));
        add(
                "chunk",
                () -> new Tensor[] {uniform(105, -1, 1, 3, 6)},
                x -> x[0].chunk(3, 1).get(1).exp());

        // Indexing.
        add(
                "gather",
                () -> new Tensor[] {uniform(110, -1, 1, 3, 4)},
                x -> x[0].gather(1, Tensor.fromArray(new long[] {0, 3, 3, 1, 2, 0}, 3, 2)));
        add(
                "scatter_add",
                () -> new Tensor[] {uniform(111, -1, 1, 3, 4), uniform(112, -1, 1, 3, 2)},
                x -> x[0].scatterAdd(1, Tensor.fromArray(new long[] {0, 3, 3, 3, 2, 0}, 3, 2), x[1]));
        add(
                "index_select",
                () -> new Tensor[] {uniform(113, -1, 1, 5, 3)},
                x -> x[0].indexSelect(0, index(4, 0, 4, 2)));
        add(
                "index_add",
                () -> new Tensor[] {uniform(114, -1, 1, 5, 3), uniform(115, -1, 1, 4, 3)},
                x -> x[0].indexAdd(0, index(4, 0, 4, 2), x[1]));
        return CASES;
    }
}
