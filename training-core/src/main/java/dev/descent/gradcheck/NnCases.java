package dev.descent.gradcheck;

import static dev.descent.gradcheck.TensorOpCases.awayFromZero;
import static dev.descent.gradcheck.TensorOpCases.distinct;
import static dev.descent.gradcheck.TensorOpCases.uniform;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.loss.BCELoss;
import dev.descent.loss.BCEWithLogitsLoss;
import dev.descent.loss.CrossEntropyLoss;
import dev.descent.loss.HuberLoss;
import dev.descent.loss.L1Loss;
import dev.descent.loss.Loss;
import dev.descent.loss.MSELoss;
import dev.descent.loss.NLLLoss;
import dev.descent.loss.Reduction;
import dev.descent.loss.SmoothL1Loss;
import dev.descent.nn.F;
import dev.descent.nn.RecurrentConfig;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Gradient checks for the nn functional ops, the recurrent networks and the losses. */
final class NnCases {
    private NnCases() {}

    private static final List<GradCheckCase> CASES = new ArrayList<>();

    private static void add(String name, Supplier<Tensor[]> inputs, Function<Tensor[], Tensor> f) {
        CASES.add(new GradCheckCase(name, inputs, f));
    }

    private static Tensor classes(long... values) {
        return Tensor.fromArray(values);
    }

    private static int[] two(int a, int b) {
        return new int[] {a, b};
    }

    static List<GradCheckCase> cases() {
        if (!CASES.isEmpty()) return CASES;
        linearAndConvolution();
        pooling();
        paddingDropoutEmbeddingNorms();
        recurrent();
        losses();
        return CASES;
    }

    private static void linearAndConvolution() {
        add(
                "linear",
                () -> new Tensor[] {uniform(200, -1, 1, 3, 4), uniform(201, -1, 1, 5, 4), uniform(202, -1, 1, 5)},
                x -> F.linear(x[0], x[1], x[2]));
        add(
                "linear_no_bias_3d",
                () -> new Tensor[] {uniform(203, -1, 1, 2, 3, 4), uniform(204, -1, 1, 2, 4)},
                x -> F.linear(x[0], x[1], null));
        add(
                "linear_1d_input",
                () -> new Tensor[] {uniform(205, -1, 1, 4), uniform(206, -1, 1, 3, 4), uniform(207, -1, 1, 3)},
                x -> F.linear(x[0], x[1], x[2]));
        add(
                "linear_double_backward",
                () -> new Tensor[] {uniform(208, -1, 1, 2, 3), uniform(209, -1, 1, 4, 3)},
                x -> gradientOf(z -> F.linear(z, x[1], null).tanh(), x));
        add(
                "conv1d",
                () -> new Tensor[] {uniform(210, -1, 1, 2, 3, 7), uniform(211, -1, 1, 4, 3, 3), uniform(212, -1, 1, 4)},
                x -> F.conv1d(x[0], x[1], x[2], 2, 1, 1, 1));
        add(
                "conv2d",
                () -> new Tensor[] {
                    uniform(213, -1, 1, 2, 2, 5, 5), uniform(214, -1, 1, 3, 2, 3, 3), uniform(215, -1, 1, 3)
                },
                x -> F.conv2d(x[0], x[1], x[2], 1, 0));
        add(
                "conv2d_stride_pad_dilation",
                () -> new Tensor[] {
                    uniform(216, -1, 1, 1, 2, 6, 7), uniform(217, -1, 1, 2, 2, 3, 2), uniform(218, -1, 1, 2)
                },
                x -> F.conv2d(x[0], x[1], x[2], two(2, 1), two(1, 2), two(2, 1), 1));
        add(
                "conv2d_groups",
                () -> new Tensor[] {uniform(219, -1, 1, 2, 4, 4, 4), uniform(220, -1, 1, 6, 2, 2, 2)},
                x -> F.conv2d(x[0], x[1], null, two(1, 1), two(0, 0), two(1, 1), 2));
        add(
                "conv2d_unbatched",
                () -> new Tensor[] {uniform(221, -1, 1, 1, 4, 4), uniform(222, -1, 1, 2, 1, 3, 3)},
                x -> F.conv2d(x[0], x[1], null, 1, 1));
        add(
                "conv_transpose2d",
                () -> new Tensor[] {
                    uniform(223, -1, 1, 2, 2, 3, 3), uniform(224, -1, 1, 2, 3, 3, 3), uniform(225, -1, 1, 3)
                },
                x -> F.convTranspose2d(x[0], x[1], x[2], two(2, 2), two(1, 1), two(1, 1), 1, two(1, 1)));
        add(
                "conv_transpose2d_groups_dilation",
                () -> new Tensor[] {uniform(226, -1, 1, 1, 4, 3, 2), uniform(227, -1, 1, 4, 1, 2, 2)},
                x -> F.convTranspose2d(x[0], x[1], null, two(1, 2), two(0, 1), two(0, 0), 2, two(2, 1)));
    }

    private static void pooling() {
        add("max_pool2d", () -> new Tensor[] {distinct(230, 2, 2, 5, 5)}, x -> F.maxPool2d(x[0], 2, 2));
        add(
                "max_pool2d_pad_ceil",
                () -> new Tensor[] {distinct(231, 1, 2, 5, 6)},
                x -> F.maxPool2d(x[0], two(3, 2), two(2, 2), two(1, 1), two(1, 1), true));
        add("max_unpool2d", () -> new Tensor[] {uniform(232, -1, 1, 1, 2, 2, 2)}, x -> {
            Tensor indices = F.maxPool2dWithIndices(
                            TensorOpCases.distinct(233, 1, 2, 4, 5).detach(),
                            two(2, 2),
                            two(2, 2),
                            two(0, 0),
                            two(1, 1),
                            false)
                    .indices();
            return F.maxUnpool2d(x[0], indices, two(2, 2), two(2, 2), two(0, 0), two(4, 5));
        });
        add("avg_pool2d", () -> new Tensor[] {uniform(234, -1, 1, 2, 2, 4, 6)}, x -> F.avgPool2d(x[0], 2, 2));
        add(
                "avg_pool2d_pad_ceil",
                () -> new Tensor[] {uniform(235, -1, 1, 1, 2, 5, 5)},
                x -> F.avgPool2d(x[0], two(3, 3), two(2, 2), two(1, 1), true, true));
        add(
                "avg_pool2d_exclude_pad",
                () -> new Tensor[] {uniform(236, -1, 1, 1, 1, 5, 4)},
                x -> F.avgPool2d(x[0], two(3, 2), two(2, 1), two(1, 1), false, false));
        add(
                "adaptive_avg_pool2d",
                () -> new Tensor[] {uniform(237, -1, 1, 2, 2, 5, 7)},
                x -> F.adaptiveAvgPool2d(x[0], 3, 2));
        add(
                "adaptive_max_pool2d",
                () -> new Tensor[] {distinct(238, 2, 2, 5, 7)},
                x -> F.adaptiveMaxPool2d(x[0], 3, 2));
        add(
                "fractional_max_pool2d",
                () -> new Tensor[] {distinct(239, 1, 2, 7, 7)},
                x -> F.fractionalMaxPool2d(x[0], two(2, 2), two(4, 3), new Generator(240))
                        .values());
    }

    private static void paddingDropoutEmbeddingNorms() {
        add(
                "pad_constant",
                () -> new Tensor[] {uniform(250, -1, 1, 2, 3, 4)},
                x -> F.pad(x[0], new int[] {1, 2, 0, 1}, "constant", 0.5));
        add(
                "pad_replicate",
                () -> new Tensor[] {uniform(251, -1, 1, 1, 2, 3, 3)},
                x -> F.pad(x[0], new int[] {2, 1, 1, 3}, "replicate", 0));
        add(
                "dropout",
                () -> new Tensor[] {uniform(252, -1, 1, 4, 5)},
                x -> F.dropout(x[0], 0.4, true, new Generator(253)));
        add(
                "embedding",
                () -> new Tensor[] {uniform(254, -1, 1, 5, 3)},
                x -> F.embedding(Tensor.fromArray(new long[] {4, 0, 4, 2, 1, 1}, 2, 3), x[0]));
        add(
                "batch_norm_train",
                () -> new Tensor[] {uniform(255, -1, 2, 4, 3, 2), uniform(256, 0.5, 1.5, 3), uniform(257, -1, 1, 3)},
                x -> F.batchNorm(
                        x[0],
                        Tensor.zeros(DType.FLOAT64, 3),
                        Tensor.ones(DType.FLOAT64, 3),
                        x[1],
                        x[2],
                        true,
                        0.1,
                        1e-5));
        add(
                "batch_norm_2d_train",
                () -> new Tensor[] {uniform(258, -1, 2, 2, 2, 3, 3), uniform(259, 0.5, 1.5, 2), uniform(260, -1, 1, 2)},
                x -> F.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5));
        add(
                "batch_norm_eval",
                () -> new Tensor[] {uniform(261, -1, 2, 4, 3), uniform(262, 0.5, 1.5, 3), uniform(263, -1, 1, 3)},
                x -> F.batchNorm(
                        x[0],
                        Tensor.fromArray(new double[] {0.1, -0.2, 0.3}),
                        Tensor.fromArray(new double[] {0.5, 1.5, 2.0}),
                        x[1],
                        x[2],
                        false,
                        0.1,
                        1e-5));
        add(
                "layer_norm",
                () -> new Tensor[] {uniform(264, -1, 2, 3, 5), uniform(265, 0.5, 1.5, 5), uniform(266, -1, 1, 5)},
                x -> F.layerNorm(x[0], new int[] {5}, x[1], x[2], 1e-5));
        add(
                "layer_norm_2d_shape",
                () -> new Tensor[] {uniform(267, -1, 2, 2, 3, 4)},
                x -> F.layerNorm(x[0], new int[] {3, 4}, null, null, 1e-5));
    }

    private static void recurrent() {
        add(
                "rnn_cell_tanh",
                () -> new Tensor[] {
                    uniform(270, -1, 1, 2, 3),
                    uniform(271, -1, 1, 2, 4),
                    uniform(272, -1, 1, 4, 3),
                    uniform(273, -1, 1, 4, 4),
                    uniform(274, -1, 1, 4),
                    uniform(275, -1, 1, 4)
                },
                x -> F.rnnCell(x[0], x[1], x[2], x[3], x[4], x[5], false));
        add(
                "rnn_cell_relu",
                () -> new Tensor[] {
                    uniform(276, -1, 1, 2, 3),
                    uniform(277, -1, 1, 2, 4),
                    uniform(278, -1, 1, 4, 3),
                    uniform(279, -1, 1, 4, 4)
                },
                x -> F.rnnCell(x[0], x[1], x[2], x[3], null, null, true));
        add(
                "lstm_cell",
                () -> new Tensor[] {
                    uniform(280, -1, 1, 2, 3),
                    uniform(281, -1, 1, 2, 2),
                    uniform(282, -1, 1, 2, 2),
                    uniform(283, -1, 1, 8, 3),
                    uniform(284, -1, 1, 8, 2),
                    uniform(285, -1, 1, 8),
                    uniform(286, -1, 1, 8)
                },
                x -> {
                    var s = F.lstmCell(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
                    return Tensor.cat(-1, s.h(), s.c());
                });
        add(
                "gru_cell",
                () -> new Tensor[] {
                    uniform(287, -1, 1, 2, 3),
                    uniform(288, -1, 1, 2, 2),
                    uniform(289, -1, 1, 6, 3),
                    uniform(290, -1, 1, 6, 2),
                    uniform(291, -1, 1, 6),
                    uniform(292, -1, 1, 6)
                },
                x -> F.gruCell(x[0], x[1], x[2], x[3], x[4], x[5]));
        int seed = 300;
        for (RecurrentConfig.Mode mode : RecurrentConfig.Mode.values()) {
            int inputSeed = seed;
            seed += 40;
            RecurrentConfig config = new RecurrentConfig(mode, 3, 2, 2, true, true, 0, true);
            String name = mode.name().toLowerCase(java.util.Locale.ROOT) + "_2layer_bidirectional";
            boolean lstm = mode == RecurrentConfig.Mode.LSTM;
            add(name, () -> recurrentInputs(config, inputSeed), x -> {
                int states = lstm ? 2 : 1;
                List<Tensor> weights = Arrays.asList(x).subList(1 + states, x.length);
                var out = F.recurrent(config, x[0], x[1], lstm ? x[2] : null, weights, true, null);
                Tensor all = Tensor.cat(-1, out.output().reshape(-1), out.h().reshape(-1));
                return lstm ? Tensor.cat(-1, all, out.c().reshape(-1)) : all;
            });
        }
        RecurrentConfig unbatched = new RecurrentConfig(RecurrentConfig.Mode.GRU, 2, 3, 1, false, false, 0, false);
        add(
                "gru_unbatched_no_bias",
                () -> new Tensor[] {uniform(400, -1, 1, 4, 2), uniform(401, -1, 1, 9, 2), uniform(402, -1, 1, 9, 3)},
                x -> F.recurrent(unbatched, x[0], null, null, List.of(x[1], x[2]), true, null)
                        .output());
    }

    /** Input [B=2, T=3, 3] (batch first), h0 (and c0), then every weight in PyTorch's order. */
    private static Tensor[] recurrentInputs(RecurrentConfig c, long seed) {
        List<Tensor> in = new ArrayList<>();
        int dirs = c.directions(), rows = c.mode().gates() * c.hiddenSize();
        in.add(uniform(seed++, -1, 1, 2, 3, c.inputSize()));
        in.add(uniform(seed++, -1, 1, c.numLayers() * dirs, 2, c.hiddenSize()));
        if (c.mode() == RecurrentConfig.Mode.LSTM)
            in.add(uniform(seed++, -1, 1, c.numLayers() * dirs, 2, c.hiddenSize()));
        for (int layer = 0; layer < c.numLayers(); layer++) {
            int inSize = layer == 0 ? c.inputSize() : c.hiddenSize() * dirs;
            for (int d = 0; d < dirs; d++) {
                in.add(uniform(seed++, -0.8, 0.8, rows, inSize));
                in.add(uniform(seed++, -0.8, 0.8, rows, c.hiddenSize()));
                in.add(uniform(seed++, -0.5, 0.5, rows));
                in.add(uniform(seed++, -0.5, 0.5, rows));
            }
        }
        return in.toArray(Tensor[]::new);
    }

    private static void losses() {
        Tensor labels = classes(2, 0, 4, 1);
        lossCase("cross_entropy", new CrossEntropyLoss(), () -> uniform(500, -2, 2, 4, 5), labels);
        lossCase(
                "cross_entropy_sum_smoothing",
                new CrossEntropyLoss(Reduction.SUM, 0.2),
                () -> uniform(501, -2, 2, 4, 5),
                labels);
        lossCase(
                "cross_entropy_none", new CrossEntropyLoss(Reduction.NONE, 0), () -> uniform(502, -2, 2, 4, 5), labels);
        lossCase(
                "cross_entropy_kdim",
                new CrossEntropyLoss(Reduction.MEAN, 0.1),
                () -> uniform(503, -2, 2, 2, 3, 2),
                Tensor.fromArray(new long[] {2, 0, 1, 1}, 2, 2));
        add(
                "cross_entropy_double_backward",
                () -> new Tensor[] {uniform(504, -2, 2, 3, 4)},
                x -> gradientOf(z -> new CrossEntropyLoss(Reduction.SUM, 0.1).apply(z, classes(3, 0, 1)), x));
        lossCase("nll", new NLLLoss(), () -> uniform(505, -3, -0.1, 4, 5), labels);
        add(
                "mse",
                () -> new Tensor[] {uniform(506, -1, 1, 3, 4), uniform(507, -1, 1, 3, 4)},
                x -> new MSELoss().apply(x[0], x[1]));
        add(
                "mse_none",
                () -> new Tensor[] {uniform(508, -1, 1, 3, 4)},
                x -> new MSELoss(Reduction.NONE).apply(x[0], Tensor.ones(DType.FLOAT64, 3, 4)));
        add(
                "l1",
                () -> new Tensor[] {awayFromZero(509, 3, 4)},
                x -> new L1Loss(Reduction.SUM).apply(x[0], Tensor.zeros(DType.FLOAT64, 3, 4)));
        // Differences in [0.5, 2) by magnitude keep every element away from the kinks at beta = delta = 1.2.
        add(
                "smooth_l1",
                () -> new Tensor[] {awayFromZero(510, 3, 4)},
                x -> new SmoothL1Loss(Reduction.MEAN, 1.2).apply(x[0], Tensor.zeros(DType.FLOAT64, 3, 4)));
        add(
                "huber",
                () -> new Tensor[] {awayFromZero(511, 3, 4)},
                x -> new HuberLoss(Reduction.MEAN, 1.2).apply(x[0], Tensor.zeros(DType.FLOAT64, 3, 4)));
        add(
                "bce",
                () -> new Tensor[] {uniform(512, 0.1, 0.9, 3, 4), uniform(513, 0, 1, 3, 4)},
                x -> new BCELoss().apply(x[0], x[1]));
        add(
                "bce_with_logits",
                () -> new Tensor[] {uniform(514, -4, 4, 3, 4), uniform(515, 0, 1, 3, 4)},
                x -> new BCEWithLogitsLoss().apply(x[0], x[1]));
        add(
                "bce_with_logits_pos_weight",
                () -> new Tensor[] {uniform(516, -4, 4, 3, 4), uniform(517, 0, 1, 3, 4)},
                x -> new BCEWithLogitsLoss(Reduction.SUM, Tensor.fromArray(new double[] {0.5, 1, 2, 3}))
                        .apply(x[0], x[1]));
    }

    private static void lossCase(String name, Loss loss, Supplier<Tensor> scores, Tensor target) {
        add(name, () -> new Tensor[] {scores.get()}, x -> loss.apply(x[0], target));
    }

    /**
     * d f(z) / dz at z = inputs[0], as a function of the inputs with its own graph: f runs on inputs[0] + t for a zero
     * leaf t, and the backward of that records a graph (createGraph), so checking this checks the ops' double backward.
     * That backward also adds to the inputs' own gradients, which GradCheck reads between its evaluations, so they are
     * put back as they were.
     */
    private static Tensor gradientOf(Function<Tensor, Tensor> f, Tensor[] inputs) {
        Tensor[] before = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) before[i] = inputs[i].grad();
        try (var _ = GradMode.enableGrad()) {
            Tensor t = Tensor.zeros(DType.FLOAT64, inputs[0].sizes()).requiresGrad_();
            Tensor y = f.apply(inputs[0].add(t));
            y.backward(Tensor.onesLike(y), true, true);
            return t.grad();
        } finally {
            for (int i = 0; i < inputs.length; i++) inputs[i].setGrad(before[i]);
        }
    }
}
