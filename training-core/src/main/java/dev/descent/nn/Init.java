package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * Weight initialisers, each filling a tensor in place from a {@link Generator} so a model is reproducible from a seed.
 * For a weight [out, in, k...], fan_in = in * prod(k) and fan_out = out * prod(k).
 *
 * <ul>
 *   <li>normal fan-in: N(0, fan_in^-1/2), the classic choice of from-scratch networks;
 *   <li>Xavier/Glorot: U(-a, a) with a = gain sqrt(6 / (fan_in + fan_out)), or N(0, gain sqrt(2 / (fan_in + fan_out)));
 *   <li>Kaiming/He: std = gain / sqrt(fan) with fan_in or fan_out; uniform bound sqrt(3) std;
 *   <li>PyTorch's Linear/Conv default: Kaiming uniform with a = sqrt(5) (bound 1/sqrt(fan_in)), bias U(-1/sqrt(fan_in),
 *       1/sqrt(fan_in)).
 * </ul>
 */
public final class Init {
    private Init() {}

    public enum Mode {
        FAN_IN,
        FAN_OUT
    }

    /** fan_in and fan_out of a weight of rank >= 2. */
    public record Fans(int in, int out) {}

    public static Fans fans(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException(
                    "fan in and fan out need a tensor with at least 2 dimensions, got shape " + t.shape());
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) receptive *= t.size(d);
        return new Fans(t.size(1) * receptive, t.size(0) * receptive);
    }

    /**
     * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2 / (1 +
     * slope^2)) for leaky_relu, 3/4 for selu.
     */
    public static double gain(String nonlinearity, double slope) {
        return switch (nonlinearity) {
            case "linear", "identity", "conv1d", "conv2d", "conv_transpose2d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> Math.sqrt(2.0 / (1 + slope * slope));
            case "selu" -> 3.0 / 4;
            default ->
                throw new IllegalArgumentException(
                        "unknown nonlinearity '" + nonlinearity
                                + "'; expected linear, conv1d, conv2d, conv_transpose2d, sigmoid, tanh, relu, leaky_relu or selu");
        };
    }

    public static Tensor uniform_(Tensor t, double low, double high, Generator gen) {
        if (!(low <= high))
            throw new IllegalArgumentException("uniform init needs low <= high, got " + low + " and " + high);
        try (var _ = GradMode.noGrad()) {
            return t.uniform_(gen, low, high);
        }
    }

    public static Tensor normal_(Tensor t, double mean, double std, Generator gen) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal init needs std >= 0, got " + std);
        try (var _ = GradMode.noGrad()) {
            return t.normal_(gen, mean, std);
        }
    }

    public static Tensor constant_(Tensor t, double value) {
        try (var _ = GradMode.noGrad()) {
            return t.fill_(value);
        }
    }

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    /** N(0, fan_in^-1/2). */
    public static Tensor normalFanIn_(Tensor t, Generator gen) {
        return normal_(t, 0, 1 / Math.sqrt(fans(t).in()), gen);
    }

    public static Tensor xavierUniform_(Tensor t, double gain, Generator gen) {
        Fans f = fans(t);
        double a = gain * Math.sqrt(6.0 / (f.in() + f.out()));
        return uniform_(t, -a, a, gen);
    }

    public static Tensor xavierNormal_(Tensor t, double gain, Generator gen) {
        Fans f = fans(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f.in() + f.out())), gen);
    }

    /** @param slope the negative slope of a leaky_relu nonlinearity (ignored for others) */
    public static Tensor kaimingUniform_(Tensor t, double slope, Mode mode, String nonlinearity, Generator gen) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, slope, mode, nonlinearity);
        return uniform_(t, -bound, bound, gen);
    }

    public static Tensor kaimingNormal_(Tensor t, double slope, Mode mode, String nonlinearity, Generator gen) {
        return normal_(t, 0, kaimingStd(t, slope, mode, nonlinearity), gen);
    }

    private static double kaimingStd(Tensor t, double slope, Mode mode, String nonlinearity) {
        Fans f = fans(t);
        int fan = mode == Mode.FAN_IN ? f.in() : f.out();
        return gain(nonlinearity, slope) / Math.sqrt(fan);
    }

    /**
     * PyTorch's default for Linear and Conv weights: Kaiming uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in),
     * 1/sqrt(fan_in)).
     */
    public static void pytorchDefault_(Tensor weight, Tensor bias, Generator gen) {
        kaimingUniform_(weight, Math.sqrt(5), Mode.FAN_IN, "leaky_relu", gen);
        int fanIn = fans(weight).in();
        if (bias != null) {
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            uniform_(bias, -bound, bound, gen);
        }
    }
}
