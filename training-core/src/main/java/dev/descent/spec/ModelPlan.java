package dev.descent.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model spec with its shapes worked out: from {@code spec.input()} (one sample, no batch dimension) through every
 * layer, each layer's input and output shape and parameter count, so in-features and in-channels are never written. A
 * spec whose layers do not fit together fails here with a {@link ConfigException} naming {@code layers[i].field} and
 * the shapes involved. Planning allocates no weights, so a service validates specs and shows their shapes cheaply; an
 * engine plans a spec once and builds its model from the plan.
 */
public final class ModelPlan {
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private final ModelSpec spec;
    private final List<LayerPlan> layers;

    /** One spec layer with the sample shapes around it and its parameter count. */
    public record LayerPlan(int index, LayerSpec layer, int[] in, int[] out, long params) {
        public LayerPlan {
            in = in.clone();
            out = out.clone();
        }

        @Override
        public int[] in() {
            return in.clone();
        }

        @Override
        public int[] out() {
            return out.clone();
        }
    }

    private ModelPlan(ModelSpec spec, List<LayerPlan> layers) {
        this.spec = spec;
        this.layers = List.copyOf(layers);
    }

    /** Plans {@code spec}; throws only {@link ConfigException}. */
    public static ModelPlan of(ModelSpec spec) {
        if (spec == null) throw new ConfigException("$", "a model spec is required");
        if (spec.layers() == null || spec.layers().isEmpty())
            throw new ConfigException("layers", "is required: a non-empty list of layers");
        int[] shape = spec.input();
        if (shape == null || shape.length == 0)
            throw new ConfigException("input", "is required: one sample's shape as a list, e.g. [1, 28, 28]");
        for (int i = 0; i < shape.length; i++)
            if (shape[i] <= 0)
                throw new ConfigException("input[" + i + "]", "must be a positive integer, got " + shape[i]);
        if (numel(shape) > MAX_ELEMENTS)
            throw new ConfigException(
                    "input", "a sample of " + show(shape) + " has more elements than a tensor holds (2^31-1)");
        List<LayerPlan> steps = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer == null) throw new ConfigException("layers[" + i + "]", "is null");
            LayerPlan s;
            try {
                s = infer(i, layer, shape);
            } catch (ConfigException e) {
                throw e;
            } catch (ArithmeticException e) {
                throw new ConfigException(
                        "layers[" + i + "]",
                        layer.type() + " on input " + show(shape) + " is too large: " + e.getMessage());
            } catch (RuntimeException e) {
                // A backstop: every case should be caught above with its own message, but a bad spec must never surface
                // as a 500.
                throw new ConfigException(
                        "layers[" + i + "]",
                        layer.type() + " cannot take input " + show(shape) + ": " + e.getMessage());
            }
            if (numel(s.out()) > MAX_ELEMENTS) {
                throw new ConfigException(
                        "layers[" + i + "]",
                        layer.type() + " output " + show(s.out())
                                + " has more elements per sample than a tensor holds (2^31-1)");
            }
            total += s.params();
            if (total < 0) throw new ConfigException("layers[" + i + "]", "the model has more than 2^63-1 parameters");
            steps.add(s);
            shape = s.out();
        }
        checkLoss(spec.loss(), shape);
        return new ModelPlan(spec, steps);
    }

    private static void checkLoss(String loss, int[] out) {
        if (loss == null) return;
        boolean classes = loss.equals("cross_entropy") || loss.equals("nll");
        if (classes && out[0] < 2) {
            throw new ConfigException(
                    "loss",
                    loss + " needs a score per class (at least 2) but the model outputs " + show(out)
                            + "; end with a linear layer whose out is the number of classes");
        }
    }

    // ============================================================================================
    // Shape inference
    // ============================================================================================

    private static LayerPlan infer(int i, LayerSpec layer, int[] in) {
        return switch (layer) {
            case LayerSpec.Linear l -> {
                if (in.length > 2) {
                    throw fail(
                            i,
                            "out",
                            "linear expects a 1-D input of features but gets " + show(in)
                                    + "; add a flatten layer before it");
                }
                int features = in[in.length - 1];
                long weights = weightElements(i, "out", (long) features * l.out());
                yield new LayerPlan(i, layer, in, with(in, in.length - 1, l.out()), weights + (l.bias() ? l.out() : 0));
            }
            case LayerSpec.Conv c -> {
                String sizes = c.dims() == 1 ? "[channels, length]" : "[channels, height, width]";
                if (in.length != c.dims() + 1) {
                    throw fail(
                            i,
                            null,
                            c.type() + " expects a " + (c.dims() + 1) + "-D input " + sizes + " but gets " + show(in)
                                    + (i == 0 ? "; set the spec's input to " + sizes : ""));
                }
                checkGroups(i, c.type(), in[0], c.out(), c.groups());
                int[] out = new int[in.length];
                out[0] = c.out();
                for (int d = 0; d < c.dims(); d++) {
                    out[d + 1] =
                            windowOutput(i, c.type(), in, d, c.kernel(), c.stride(), c.padding(), c.dilation(), false);
                }
                long weights = weightElements(i, "out", (long) c.out() * (in[0] / c.groups()) * product(c.kernel()));
                yield new LayerPlan(i, layer, in, out, weights + (c.bias() ? c.out() : 0));
            }
            case LayerSpec.ConvTranspose2d c -> {
                requireRank(i, c.type(), in, 3, "[channels, height, width]");
                checkGroups(i, c.type(), in[0], c.out(), c.groups());
                int[] out = {c.out(), 0, 0};
                for (int d = 0; d < 2; d++) {
                    if (c.outputPadding()[d] >= c.stride()[d] && c.outputPadding()[d] >= c.dilation()[d]) {
                        throw fail(
                                i,
                                "outputPadding",
                                "output padding " + show(c.outputPadding()) + " must be smaller than either the stride "
                                        + show(c.stride()) + " or the dilation " + show(c.dilation()));
                    }
                    long size = (long) (in[d + 1] - 1) * c.stride()[d]
                            - 2L * c.padding()[d]
                            + (long) c.dilation()[d] * (c.kernel()[d] - 1)
                            + c.outputPadding()[d]
                            + 1;
                    if (size <= 0) {
                        throw fail(
                                i,
                                "padding",
                                "conv_transpose2d on input " + show(in) + " with padding " + show(c.padding())
                                        + " gives an empty output (size " + size + ")");
                    }
                    out[d + 1] = Math.toIntExact(size);
                }
                long weights = weightElements(i, "out", (long) in[0] * (c.out() / c.groups()) * product(c.kernel()));
                yield new LayerPlan(i, layer, in, out, weights + (c.bias() ? c.out() : 0));
            }
            case LayerSpec.Pool2d p -> {
                requireRank(i, p.type(), in, 3, "[channels, height, width]");
                for (int d = 0; d < 2; d++) {
                    if (p.padding()[d] > p.kernel()[d] / 2) {
                        throw fail(
                                i,
                                "padding",
                                "padding " + show(p.padding()) + " must be at most half the kernel "
                                        + show(p.kernel()));
                    }
                }
                int[] out = {in[0], 0, 0};
                for (int d = 0; d < 2; d++)
                    out[d + 1] = windowOutput(
                            i, p.type(), in, d, p.kernel(), p.stride(), p.padding(), new int[] {1, 1}, p.ceilMode());
                yield new LayerPlan(i, layer, in, out, 0);
            }
            case LayerSpec.AdaptivePool2d p -> {
                requireRank(i, p.type(), in, 3, "[channels, height, width]");
                yield new LayerPlan(i, layer, in, new int[] {in[0], p.output()[0], p.output()[1]}, 0);
            }
            case LayerSpec.Pad2d p -> {
                if (p.mode().equals("replication")) requireRank(i, p.type(), in, 3, "[channels, height, width]");
                else if (in.length < 2)
                    throw fail(i, null, p.type() + " pads the last two dimensions but gets " + show(in));
                int[] out = in.clone();
                int[] pad = p.padding();
                out[in.length - 1] = Math.addExact(in[in.length - 1], pad[0] + pad[1]);
                out[in.length - 2] = Math.addExact(in[in.length - 2], pad[2] + pad[3]);
                yield new LayerPlan(i, layer, in, out, 0);
            }
            case LayerSpec.BatchNorm b -> {
                if (b.dims() == 1 && in.length != 1 && in.length != 2) {
                    throw fail(
                            i,
                            null,
                            "batch_norm1d expects an input [features] or [channels, length] but gets " + show(in));
                }
                if (b.dims() == 2) requireRank(i, b.type(), in, 3, "[channels, height, width]");
                yield new LayerPlan(i, layer, in, in, b.affine() ? 2L * in[0] : 0);
            }
            case LayerSpec.LayerNorm n -> new LayerPlan(i, layer, in, in, n.affine() ? 2L * in[in.length - 1] : 0);
            case LayerSpec.Dropout d -> new LayerPlan(i, layer, in, in, 0);
            case LayerSpec.Flatten f -> new LayerPlan(i, layer, in, flatten(i, f, in), 0);
            case LayerSpec.Embedding e -> {
                if (i > 0) {
                    throw fail(
                            i,
                            null,
                            "embedding looks up the integer token ids of the input, so it must be the first layer; here it would get the computed "
                                    + show(in) + " of layers[" + (i - 1) + "]");
                }
                int[] out = Arrays.copyOf(in, in.length + 1);
                out[in.length] = e.dim();
                yield new LayerPlan(i, layer, in, out, weightElements(i, "num", (long) e.num() * e.dim()));
            }
            case LayerSpec.Recurrent r -> {
                if (in.length != 2) {
                    throw fail(
                            i,
                            null,
                            r.type() + " expects a 2-D input [sequence length, features] but gets " + show(in)
                                    + (i == 0 ? "; set the spec's input to [steps, features]" : ""));
                }
                int dirs = r.bidirectional() ? 2 : 1, gates = gates(r.cell()), hidden = r.hidden();
                long params = 0;
                for (int l = 0; l < r.layers(); l++) {
                    long layerIn = l == 0 ? in[1] : (long) hidden * dirs;
                    long perDirection = weightElements(i, "hidden", (long) gates * hidden * layerIn)
                            + (long) gates * hidden * hidden
                            + 2L * gates * hidden;
                    params = Math.addExact(params, Math.multiplyExact(perDirection, dirs));
                }
                int features = Math.multiplyExact(hidden, dirs);
                int[] out = r.returnSequences() ? new int[] {in[0], features} : new int[] {features};
                yield new LayerPlan(i, layer, in, out, params);
            }
            case LayerSpec.Activation a -> {
                if (a.type().equals("softmax") || a.type().equals("log_softmax")) {
                    int rank = in.length + 1;
                    if (a.dim() < -rank || a.dim() >= rank) {
                        throw fail(
                                i,
                                "dim",
                                "dim " + a.dim() + " is out of range for a batch of " + show(in) + " (valid: " + -rank
                                        + " to " + (rank - 1) + ", with the batch as dimension 0)");
                    }
                    if (a.dim() == 0 || a.dim() == -rank)
                        throw fail(i, "dim", "dim " + a.dim() + " is the batch dimension; use -1 for the last");
                }
                yield new LayerPlan(i, layer, in, in, 0);
            }
        };
    }

    private static int gates(String cell) {
        return switch (cell) {
            case "lstm" -> 4;
            case "gru" -> 3;
            default -> 1;
        };
    }

    private static int windowOutput(
            int i,
            String type,
            int[] in,
            int d,
            int[] kernel,
            int[] stride,
            int[] padding,
            int[] dilation,
            boolean ceil) {
        int size = in[d + 1], k = kernel[d], s = stride[d], p = padding[d], dil = dilation[d];
        long span = (long) size + 2L * p - (long) dil * (k - 1) - 1;
        if (span < 0) {
            String axis = in.length == 2 ? "length" : d == 0 ? "height" : "width";
            throw fail(
                    i,
                    "kernel",
                    type + " kernel " + show(kernel) + (dil > 1 ? " (dilation " + show(dilation) + ")" : "")
                            + " is larger than its input " + show(in) + " (" + axis + " " + size
                            + (p > 0 ? " plus padding " + p + " on each side" : "") + ")");
        }
        long out = (ceil ? Math.ceilDiv(span, s) : span / s) + 1;
        if (ceil && (out - 1) * s >= size + p) out--;
        return (int) out;
    }

    private static void checkGroups(int i, String type, int inChannels, int out, int groups) {
        if (inChannels % groups != 0)
            throw fail(
                    i,
                    "groups",
                    type + " input has " + inChannels + " channels, which groups " + groups + " does not divide");
        if (out % groups != 0) throw fail(i, "groups", type + " out " + out + " is not divisible by groups " + groups);
    }

    private static void requireRank(int i, String type, int[] in, int rank, String layout) {
        if (in.length != rank) {
            throw fail(
                    i,
                    null,
                    type + " expects a " + rank + "-D input " + layout + " but gets " + show(in)
                            + (i == 0 ? "; set the spec's input to " + layout : ""));
        }
    }

    private static int[] flatten(int i, LayerSpec.Flatten f, int[] in) {
        int rank = in.length + 1;
        int start = normalizeDim(i, "startDim", f.startDim(), rank, in),
                end = normalizeDim(i, "endDim", f.endDim(), rank, in);
        if (start == 0)
            throw fail(i, "startDim", "flatten would merge the batch dimension (dimension 0); start at 1 or later");
        if (start > end)
            throw fail(
                    i,
                    "startDim",
                    "startDim " + f.startDim() + " comes after endDim " + f.endDim() + " for a batch of " + show(in));
        int[] out = new int[in.length - (end - start)];
        int k = 0;
        long merged = 1;
        for (int d = 1; d < rank; d++) {
            if (d < start || d > end) {
                out[k++] = in[d - 1];
            } else {
                merged *= in[d - 1];
                if (d == end) out[k++] = Math.toIntExact(merged);
            }
        }
        return out;
    }

    private static int normalizeDim(int i, String field, int dim, int rank, int[] in) {
        if (dim < -rank || dim >= rank) {
            throw fail(
                    i,
                    field,
                    "dimension " + dim + " is out of range for a batch of " + show(in) + " (valid: " + -rank + " to "
                            + (rank - 1) + ", with the batch as dimension 0)");
        }
        return dim < 0 ? dim + rank : dim;
    }

    /** A weight's element count, which must fit in one tensor. */
    private static long weightElements(int i, String field, long n) {
        if (n > MAX_ELEMENTS)
            throw fail(i, field, "the weight would have " + n + " elements, more than a tensor holds (2^31-1)");
        return n;
    }

    private static ConfigException fail(int i, String field, String message) {
        return new ConfigException("layers[" + i + "]" + (field == null ? "" : "." + field), message);
    }

    private static int[] with(int[] a, int d, int v) {
        int[] out = a.clone();
        out[d] = v;
        return out;
    }

    private static long product(int[] a) {
        long p = 1;
        for (int x : a) p = Math.multiplyExact(p, x);
        return p;
    }

    private static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > MAX_ELEMENTS) return n;
        }
        return n;
    }

    private static String show(int[] shape) {
        return Arrays.toString(shape);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The layers in order, one per spec layer. */
    public List<LayerPlan> layers() {
        return layers;
    }

    /** The shape of one sample's output. */
    public int[] outputShape() {
        return layers.getLast().out();
    }

    public long totalParams() {
        long total = 0;
        for (LayerPlan l : layers) total += l.params();
        return total;
    }

    /** Every layer's output shape and parameter count, as {@code descent inspect} prints them. */
    public ModelSummary summary() {
        List<LayerSummary> rows = new ArrayList<>();
        for (LayerPlan l : layers)
            rows.add(new LayerSummary(l.index(), l.layer().type(), l.out(), l.params()));
        return new ModelSummary(rows, totalParams(), outputShape());
    }
}
