package dev.descent.djl;

import dev.descent.train.ConfigException;
import dev.descent.train.LayerSpec;
import dev.descent.train.ModelSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Every layer's per-sample input and output shape (no batch dimension), inferred in plain Java so a spec
 * is checked before libtorch is touched. Errors name {@code layers[i]} and the shapes involved.
 */
record NetPlan(List<Step> steps, int[] input, int[] output) {

    /** One layer with the shapes it sees. */
    record Step(int index, LayerSpec spec, int[] in, int[] out) {
        String field() { return "layers[" + index + "]"; }
    }

    /** Activation names this engine runs; any other {@link LayerSpec.Activation} type is rejected. */
    static final Set<String> ACTIVATIONS = Set.of("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "softmax", "log_softmax");

    static NetPlan of(ModelSpec spec) {
        List<Step> steps = new ArrayList<>();
        int[] shape = spec.input().clone();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            int[] out = infer(i, layer, shape);
            steps.add(new Step(i, layer, shape, out));
            shape = out;
        }
        return new NetPlan(List.copyOf(steps), spec.input().clone(), shape);
    }

    private static int[] infer(int i, LayerSpec layer, int[] in) {
        String at = "layers[" + i + "]";
        return switch (layer) {
            case LayerSpec.Linear l -> {
                rank(at, l.type(), in, 1, Integer.MAX_VALUE, "[..., features]");
                int[] out = in.clone();
                out[out.length - 1] = l.out();
                yield out;
            }
            case LayerSpec.Conv c -> {
                rank(at, c.type(), in, c.dims() + 1, c.dims() + 1, c.dims() == 1 ? "[channels, length]" : "[channels, height, width]");
                groups(at, in[0], c.out(), c.groups());
                int[] out = new int[in.length];
                out[0] = c.out();
                for (int d = 0; d < c.dims(); d++) {
                    out[d + 1] = (in[d + 1] + 2 * c.padding()[d] - c.dilation()[d] * (c.kernel()[d] - 1) - 1) / c.stride()[d] + 1;
                }
                yield positive(at, c.type(), in, out);
            }
            case LayerSpec.ConvTranspose2d c -> {
                rank(at, c.type(), in, 3, 3, "[channels, height, width]");
                groups(at, in[0], c.out(), c.groups());
                for (int d = 0; d < 2; d++) {
                    if (c.outputPadding()[d] >= Math.max(c.stride()[d], c.dilation()[d])) {
                        throw new ConfigException(at + ".outputPadding", "must be smaller than the stride or the dilation, got "
                                + Arrays.toString(c.outputPadding()) + " with stride " + Arrays.toString(c.stride()) + " and dilation " + Arrays.toString(c.dilation()));
                    }
                }
                int[] out = {c.out(), 0, 0};
                for (int d = 0; d < 2; d++) {
                    out[d + 1] = (in[d + 1] - 1) * c.stride()[d] - 2 * c.padding()[d] + c.dilation()[d] * (c.kernel()[d] - 1) + c.outputPadding()[d] + 1;
                }
                yield positive(at, c.type(), in, out);
            }
            case LayerSpec.Pool2d p -> {
                rank(at, p.type(), in, 3, 3, "[channels, height, width]");
                for (int d = 0; d < 2; d++) {
                    if (p.padding()[d] * 2 > p.kernel()[d]) {
                        throw new ConfigException(at + ".padding", "must be at most half the kernel, got padding " + Arrays.toString(p.padding()) + " for kernel " + Arrays.toString(p.kernel()));
                    }
                }
                int[] out = {in[0], 0, 0};
                for (int d = 0; d < 2; d++) out[d + 1] = poolSize(in[d + 1], p.kernel()[d], p.stride()[d], p.padding()[d], p.ceilMode());
                yield positive(at, p.type(), in, out);
            }
            case LayerSpec.AdaptivePool2d p -> {
                rank(at, p.type(), in, 3, 3, "[channels, height, width]");
                yield new int[] {in[0], p.output()[0], p.output()[1]};
            }
            case LayerSpec.Pad2d p -> {
                rank(at, p.type(), in, 2, Integer.MAX_VALUE, "[..., height, width]");
                int[] out = in.clone();
                int[] pad = p.padding();
                out[out.length - 1] += pad[0] + pad[1];
                out[out.length - 2] += pad[2] + pad[3];
                yield out;
            }
            case LayerSpec.BatchNorm b -> {
                if (b.dims() == 1) rank(at, b.type(), in, 1, 2, "[features] or [channels, length]");
                else rank(at, b.type(), in, 3, 3, "[channels, height, width]");
                yield in.clone();
            }
            case LayerSpec.LayerNorm l -> {
                rank(at, l.type(), in, 1, Integer.MAX_VALUE, "[..., features]");
                yield in.clone();
            }
            case LayerSpec.Dropout d -> in.clone();
            case LayerSpec.Flatten f -> flatten(at, f, in);
            case LayerSpec.Embedding e -> {
                rank(at, e.type(), in, 0, 1, "[] or [sequence] of integer ids");
                int[] out = Arrays.copyOf(in, in.length + 1);
                out[in.length] = e.dim();
                yield out;
            }
            case LayerSpec.Recurrent r -> {
                rank(at, r.type(), in, 2, 2, "[sequence, features]");
                int features = r.hidden() * (r.bidirectional() ? 2 : 1);
                yield r.returnSequences() ? new int[] {in[0], features} : new int[] {features};
            }
            case LayerSpec.Activation a -> {
                if (!ACTIVATIONS.contains(a.type())) {
                    throw new ConfigException(at + ".type", "the djl engine cannot run a '" + a.type() + "' layer; it runs " + new java.util.TreeSet<>(ACTIVATIONS) + " as activations");
                }
                if (a.type().equals("softmax") || a.type().equals("log_softmax")) {
                    int rank = in.length + 1;
                    if (a.dim() < -rank || a.dim() >= rank || a.dim() == 0 || a.dim() == -rank) {
                        throw new ConfigException(at + ".dim", "must name a non-batch dimension of the " + rank + "-d batched input "
                                + batched(in) + " (1.." + (rank - 1) + " or -1..-" + (rank - 1) + "), got " + a.dim());
                    }
                }
                yield in.clone();
            }
        };
    }

    static int poolSize(int size, int kernel, int stride, int padding, boolean ceil) {
        int span = size + 2 * padding - kernel;
        int out = (ceil ? Math.ceilDiv(span, stride) : Math.floorDiv(span, stride)) + 1;
        // PyTorch: in ceil mode the last window must start inside the input or its left padding.
        if (ceil && (out - 1) * stride >= size + padding) out--;
        return out;
    }

    private static int[] flatten(String at, LayerSpec.Flatten f, int[] in) {
        int rank = in.length + 1;
        int start = f.startDim() < 0 ? f.startDim() + rank : f.startDim();
        int end = f.endDim() < 0 ? f.endDim() + rank : f.endDim();
        if (start < 1 || start >= rank) {
            throw new ConfigException(at + ".startDim", "must name a non-batch dimension of the batched input " + batched(in) + ", got " + f.startDim());
        }
        if (end < start || end >= rank) {
            throw new ConfigException(at + ".endDim", "must be a dimension from startDim " + start + " to " + (rank - 1) + " of the batched input " + batched(in) + ", got " + f.endDim());
        }
        List<Integer> out = new ArrayList<>();
        for (int d = 1; d < start; d++) out.add(in[d - 1]);
        long merged = 1;
        for (int d = start; d <= end; d++) merged *= in[d - 1];
        if (merged > Integer.MAX_VALUE) throw new ConfigException(at, "flattening " + batched(in) + " gives " + merged + " features, more than fit an int");
        out.add((int) merged);
        for (int d = end + 1; d < rank; d++) out.add(in[d - 1]);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void rank(String at, String type, int[] in, int min, int max, String expected) {
        if (in.length < min || in.length > max) {
            throw new ConfigException(at, "a " + type + " layer expects one sample shaped " + expected + ", got " + Arrays.toString(in));
        }
    }

    private static void groups(String at, int channels, int out, int groups) {
        if (channels % groups != 0 || out % groups != 0) {
            throw new ConfigException(at + ".groups", "must divide both the " + channels + " input channels and the " + out + " output channels, got " + groups);
        }
    }

    private static int[] positive(String at, String type, int[] in, int[] out) {
        for (int s : out) {
            if (s <= 0) throw new ConfigException(at, "a " + type + " layer on input " + Arrays.toString(in) + " gives an empty output " + Arrays.toString(out));
        }
        return out;
    }

    private static String batched(int[] in) {
        StringBuilder b = new StringBuilder("[batch");
        for (int s : in) b.append(", ").append(s);
        return b.append(']').toString();
    }

    long outputNumel() {
        long n = 1;
        for (int s : output) n *= s;
        return n;
    }
}
