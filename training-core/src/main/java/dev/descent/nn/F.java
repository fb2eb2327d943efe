package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.ops.ConstantPadOp;
import dev.descent.ops.FoldOp;
import dev.descent.ops.LinearOp;
import dev.descent.ops.MaxPool2dOp;
import dev.descent.ops.UnfoldOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The functional forms of the layers (PyTorch's {@code torch.nn.functional}): stateless, with weights passed in. They
 * are composed from tensor ops, so autograd derives their gradients; convolution is im2col ({@link UnfoldOp}) plus a
 * matrix product, its transpose a matrix product plus col2im ({@link FoldOp}). Image functions take [N, C, H, W] or one
 * unbatched image [C, H, W].
 */
public final class F {
    private F() {}

    // ============================================================================================
    // Linear and convolution
    // ============================================================================================

    /** x W^T + b over the last dimension; W is [out, in], b (nullable) [out]. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return bias == null ? new LinearOp().apply(x, weight) : new LinearOp().apply(x, weight, bias);
    }

    /** Convolution of x [N, C, L] (or [C, L]) with weight [O, C/groups, k]. */
    public static Tensor conv1d(
            Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        boolean unbatched = x.dim() == 2;
        if (unbatched) x = x.unsqueeze(0);
        if (x.dim() != 3)
            throw new IllegalArgumentException("conv1d expects input [N, C, L] or [C, L], got shape " + x.shape());
        if (weight.dim() != 3)
            throw new IllegalArgumentException(
                    "conv1d expects weight [out_channels, in_channels/groups, kernel], got shape " + weight.shape());
        Tensor out = conv2d(
                        x.unsqueeze(2),
                        weight.unsqueeze(2),
                        bias,
                        new int[] {1, stride},
                        new int[] {0, padding},
                        new int[] {1, dilation},
                        groups)
                .squeeze(2);
        return unbatched ? out.squeeze(0) : out;
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    /**
     * Convolution (cross-correlation, as in PyTorch) of x [N, C, H, W] with weight [O, C/groups, kh, kw]; sizes are [h,
     * w].
     */
    public static Tensor conv2d(
            Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        boolean unbatched = x.dim() == 3;
        if (unbatched) x = x.unsqueeze(0);
        if (x.dim() != 4)
            throw new IllegalArgumentException(
                    "conv2d expects input [N, C, H, W] or [C, H, W], got shape " + x.shape());
        if (weight.dim() != 4)
            throw new IllegalArgumentException(
                    "conv2d expects weight [out_channels, in_channels/groups, kh, kw], got shape " + weight.shape());
        int n = x.size(0), c = x.size(1), o = weight.size(0);
        checkGroups("conv2d", groups, c, o);
        if (weight.size(1) * groups != c) {
            throw new IllegalArgumentException(
                    "conv2d: weight " + weight.shape() + " with groups " + groups + " expects "
                            + weight.size(1) * groups + " input channels, but the input " + x.shape() + " has " + c);
        }
        checkBias("conv2d", bias, o);
        ConvGeometry g = geometry("conv2d", x, weight.size(2), weight.size(3), stride, padding, dilation, false);
        Tensor cols = new UnfoldOp(g).apply(x);
        int l = g.colCols();
        Tensor out = groups == 1
                ? weight.reshape(o, -1).matmul(cols)
                : weight.reshape(groups, o / groups, -1)
                        .matmul(cols.view(n, groups, -1, l))
                        .reshape(n, o, l);
        if (bias != null) out = out.add(bias.view(o, 1));
        out = out.view(n, o, g.outH(), g.outW());
        return unbatched ? out.squeeze(0) : out;
    }

    /**
     * Transposed convolution (the gradient of conv2d with respect to its input) of x [N, Cin, H, W] with weight [Cin,
     * Cout/groups, kh, kw]: output size (H-1) stride - 2 padding + dilation (k-1) + outputPadding + 1.
     */
    public static Tensor convTranspose2d(
            Tensor x,
            Tensor weight,
            Tensor bias,
            int[] stride,
            int[] padding,
            int[] outputPadding,
            int groups,
            int[] dilation) {
        boolean unbatched = x.dim() == 3;
        if (unbatched) x = x.unsqueeze(0);
        if (x.dim() != 4)
            throw new IllegalArgumentException(
                    "conv_transpose2d expects input [N, C, H, W] or [C, H, W], got shape " + x.shape());
        if (weight.dim() != 4)
            throw new IllegalArgumentException(
                    "conv_transpose2d expects weight [in_channels, out_channels/groups, kh, kw], got shape "
                            + weight.shape());
        int n = x.size(0), cin = x.size(1), h = x.size(2), w = x.size(3);
        if (weight.size(0) != cin) {
            throw new IllegalArgumentException("conv_transpose2d: weight " + weight.shape() + " expects "
                    + weight.size(0) + " input channels, but the input " + x.shape() + " has " + cin);
        }
        int cout = weight.size(1) * groups, kh = weight.size(2), kw = weight.size(3);
        checkGroups("conv_transpose2d", groups, cin, cout);
        checkBias("conv_transpose2d", bias, cout);
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] < 0 || (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i])) {
                throw new IllegalArgumentException("conv_transpose2d: output padding " + Arrays.toString(outputPadding)
                        + " must be smaller than either the stride " + Arrays.toString(stride) + " or the dilation "
                        + Arrays.toString(dilation));
            }
        }
        int outH = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
        int outW = (w - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("conv_transpose2d: input " + x.shape() + " gives an empty output " + outH
                    + "x" + outW + " (padding " + Arrays.toString(padding) + " is too large)");
        }
        // The columns are the input's positions: h x w windows over the output, whatever output padding added (which
        // may be as large as dilation - 1, past where a convolution of the output would place another window).
        ConvGeometry g = new ConvGeometry(
                n,
                cout,
                outH,
                outW,
                kh,
                kw,
                stride[0],
                stride[1],
                padding[0],
                padding[1],
                dilation[0],
                dilation[1],
                h,
                w);
        Tensor xs = x.reshape(n, cin, h * w);
        Tensor cols = groups == 1
                ? weight.reshape(cin, -1).t().matmul(xs)
                : weight.reshape(groups, cin / groups, -1)
                        .mT()
                        .matmul(xs.view(n, groups, cin / groups, h * w))
                        .reshape(n, -1, h * w);
        Tensor out = new FoldOp(g).apply(cols);
        if (bias != null) out = out.add(bias.view(cout, 1, 1));
        return unbatched ? out.squeeze(0) : out;
    }

    private static void checkGroups(String op, int groups, int in, int out) {
        if (groups <= 0) throw new IllegalArgumentException(op + ": groups must be > 0, got " + groups);
        if (in % groups != 0)
            throw new IllegalArgumentException(
                    op + ": " + in + " input channels are not divisible by groups " + groups);
        if (out % groups != 0)
            throw new IllegalArgumentException(
                    op + ": " + out + " output channels are not divisible by groups " + groups);
    }

    private static void checkBias(String op, Tensor bias, int out) {
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException(
                    op + ": bias must be a vector of " + out + " elements, got shape " + bias.shape());
        }
    }

    private static ConvGeometry geometry(
            String op, Tensor x, int kh, int kw, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        try {
            return ConvGeometry.of(
                    x.size(0),
                    x.size(1),
                    x.size(2),
                    x.size(3),
                    kh,
                    kw,
                    stride[0],
                    stride[1],
                    padding[0],
                    padding[1],
                    dilation[0],
                    dilation[1],
                    ceilMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    // ============================================================================================
    // Pooling
    // ============================================================================================

    public static Tensor maxPool2d(Tensor x, int kernel, int stride) {
        return maxPool2dWithIndices(
                        x,
                        new int[] {kernel, kernel},
                        new int[] {stride, stride},
                        new int[] {0, 0},
                        new int[] {1, 1},
                        false)
                .values();
    }

    public static Tensor maxPool2d(
            Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode)
                .values();
    }

    /**
     * Max pooling with the flat position h*W+w of each maximum in its input plane (what {@link #maxUnpool2d} takes).
     */
    public static Tensor.ValuesIndices maxPool2dWithIndices(
            Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        boolean unbatched = x.dim() == 3;
        if (unbatched) x = x.unsqueeze(0);
        if (x.dim() != 4)
            throw new IllegalArgumentException(
                    "max_pool2d expects input [N, C, H, W] or [C, H, W], got shape " + x.shape());
        checkPoolPadding("max_pool2d", kernel, padding);
        ConvGeometry g = geometry("max_pool2d", x, kernel[0], kernel[1], stride, padding, dilation, ceilMode);
        var op = new MaxPool2dOp(g);
        Tensor out = op.apply(x);
        Tensor idx = op.indices();
        return unbatched
                ? new Tensor.ValuesIndices(out.squeeze(0), idx.squeeze(0))
                : new Tensor.ValuesIndices(out, idx);
    }

    private static void checkPoolPadding(String op, int[] kernel, int[] padding) {
        for (int i = 0; i < 2; i++) {
            if (padding[i] < 0 || padding[i] > kernel[i] / 2) {
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(padding)
                        + " must be >= 0 and at most half the kernel " + Arrays.toString(kernel));
            }
        }
    }

    /**
     * The partial inverse of max pooling: each value goes to the flat position {@code indices} gives in an output plane
     * of (H-1) stride - 2 padding + kernel (or {@code outputSize} [h, w] when given); the rest are zeros.
     */
    public static Tensor maxUnpool2d(
            Tensor x, Tensor indices, int[] kernel, int[] stride, int[] padding, int[] outputSize) {
        boolean unbatched = x.dim() == 3;
        if (unbatched) {
            x = x.unsqueeze(0);
            indices = indices.unsqueeze(0);
        }
        if (x.dim() != 4)
            throw new IllegalArgumentException(
                    "max_unpool2d expects input [N, C, H, W] or [C, H, W], got shape " + x.shape());
        if (!indices.shape().equals(x.shape())) {
            throw new IllegalArgumentException(
                    "max_unpool2d: indices " + indices.shape() + " must have the input's shape " + x.shape());
        }
        int n = x.size(0), c = x.size(1);
        int oh = outputSize != null ? outputSize[0] : (x.size(2) - 1) * stride[0] - 2 * padding[0] + kernel[0];
        int ow = outputSize != null ? outputSize[1] : (x.size(3) - 1) * stride[1] - 2 * padding[1] + kernel[1];
        if (oh <= 0 || ow <= 0)
            throw new IllegalArgumentException("max_unpool2d: output size " + oh + "x" + ow + " must be positive");
        Tensor flatIdx = indices.reshape(n, c, -1);
        if (flatIdx.numel() > 0) {
            long lo = flatIdx.min().itemLong(), hi = flatIdx.max().itemLong();
            if (lo < 0 || hi >= (long) oh * ow) {
                throw new IllegalArgumentException("max_unpool2d: index " + (lo < 0 ? lo : hi)
                        + " is outside an output plane of " + oh + "x" + ow);
            }
        }
        // Written, not added: overlapping windows (stride < kernel) give one maximum several times, and it belongs
        // there once. Its gradient goes to every copy, as in PyTorch.
        Tensor zeros = Tensor.empty(Shape.of(n, c, oh * ow), x.dtype(), x.backend());
        Tensor out = zeros.scatter(2, flatIdx, x.reshape(n, c, -1)).view(n, c, oh, ow);
        return unbatched ? out.squeeze(0) : out;
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {0, 0}, false, true);
    }

    /**
     * Mean over each window. The divisor follows PyTorch: with {@code countIncludePad} it is the window's size clipped
     * to the padded input (so a ceil-mode window hanging past it counts only what it covers), else the number of real
     * input elements in the window.
     */
    public static Tensor avgPool2d(
            Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad, 0);
    }

    /** {@link #avgPool2d} dividing every window's sum by {@code divisorOverride} (when > 0) instead. */
    public static Tensor avgPool2d(
            Tensor x,
            int[] kernel,
            int[] stride,
            int[] padding,
            boolean ceilMode,
            boolean countIncludePad,
            int divisorOverride) {
        if (divisorOverride < 0)
            throw new IllegalArgumentException("avg_pool2d: divisor override must be > 0, got " + divisorOverride);
        boolean unbatched = x.dim() == 3;
        if (unbatched) x = x.unsqueeze(0);
        if (x.dim() != 4)
            throw new IllegalArgumentException(
                    "avg_pool2d expects input [N, C, H, W] or [C, H, W], got shape " + x.shape());
        checkPoolPadding("avg_pool2d", kernel, padding);
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        Tensor planes = x.reshape(n * c, 1, h, w);
        ConvGeometry g =
                geometry("avg_pool2d", planes, kernel[0], kernel[1], stride, padding, new int[] {1, 1}, ceilMode);
        Tensor sums = new UnfoldOp(g).apply(planes).sum(1);
        double[] divisor = new double[g.colCols()];
        for (int oy = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                int y0 = oy * stride[0] - padding[0], x0 = ox * stride[1] - padding[1];
                int y1 = Math.min(y0 + kernel[0], h + padding[0]), x1 = Math.min(x0 + kernel[1], w + padding[1]);
                int count = (y1 - y0) * (x1 - x0);
                if (!countIncludePad) count = (Math.min(y1, h) - Math.max(y0, 0)) * (Math.min(x1, w) - Math.max(x0, 0));
                divisor[oy * g.outW() + ox] = divisorOverride > 0 ? divisorOverride : count;
            }
        }
        Tensor out = sums.div(Tensor.fromArray(divisor).to(x.dtype())).view(n, c, g.outH(), g.outW());
        return unbatched ? out.squeeze(0) : out;
    }

    /**
     * Mean over an adaptive grid: output cell i covers rows floor(i H / outH) to ceil((i+1) H / outH), and likewise
     * columns. Each cell sums its own window (gathered, with a zero standing in for the slots of smaller windows), so
     * an infinity or NaN reaches only the cells whose window holds it.
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        checkImage("adaptive_avg_pool2d", x);
        if (outH <= 0 || outW <= 0)
            throw new IllegalArgumentException(
                    "adaptive_avg_pool2d: output size must be positive, got " + outH + "x" + outW);
        int h = x.size(-2), w = x.size(-1);
        if (h == 0 || w == 0)
            throw new IllegalArgumentException("adaptive_avg_pool2d: the input " + x.shape() + " has an empty plane");
        int kh = 0, kw = 0;
        for (int i = 0; i < outH; i++) kh = Math.max(kh, adaptiveEnd(i, h, outH) - adaptiveStart(i, h, outH));
        for (int j = 0; j < outW; j++) kw = Math.max(kw, adaptiveEnd(j, w, outW) - adaptiveStart(j, w, outW));
        long[] idx = new long[outH * outW * kh * kw];
        double[] count = new double[outH * outW];
        int k = 0;
        for (int i = 0; i < outH; i++) {
            int r0 = adaptiveStart(i, h, outH), r1 = adaptiveEnd(i, h, outH);
            for (int j = 0; j < outW; j++) {
                int c0 = adaptiveStart(j, w, outW), c1 = adaptiveEnd(j, w, outW);
                count[i * outW + j] = (r1 - r0) * (c1 - c0);
                for (int a = 0; a < kh; a++)
                    for (int b = 0; b < kw; b++)
                        idx[k++] = r0 + a < r1 && c0 + b < c1 ? (long) (r0 + a) * w + c0 + b : (long) h * w;
            }
        }
        int planes = x.numel() / (h * w);
        Tensor padded = pad(x.reshape(planes, h * w), new int[] {0, 1}, "constant", 0);
        Tensor sums = padded.indexSelect(1, Tensor.fromArray(idx).to(x.backend()))
                .view(planes, outH * outW, kh * kw)
                .sum(2);
        int[] shape = x.sizes();
        shape[shape.length - 2] = outH;
        shape[shape.length - 1] = outW;
        return sums.div(Tensor.fromArray(count).to(x.dtype()).to(x.backend())).reshape(shape);
    }

    static int adaptiveStart(int i, int in, int out) {
        return (int) Math.floorDiv((long) i * in, out);
    }

    static int adaptiveEnd(int i, int in, int out) {
        return (int) -Math.floorDiv(-(long) (i + 1) * in, out);
    }

    public static Tensor adaptiveMaxPool2d(Tensor x, int outH, int outW) {
        return adaptiveMaxPool2dWithIndices(x, outH, outW).values();
    }

    /**
     * Max over the adaptive grid of {@link #adaptiveAvgPool2d}, with each maximum's flat position h*W+w in its plane.
     */
    public static Tensor.ValuesIndices adaptiveMaxPool2dWithIndices(Tensor x, int outH, int outW) {
        checkImage("adaptive_max_pool2d", x);
        if (outH <= 0 || outW <= 0)
            throw new IllegalArgumentException(
                    "adaptive_max_pool2d: output size must be positive, got " + outH + "x" + outW);
        int h = x.size(-2), w = x.size(-1);
        int[] rs = new int[outH], re = new int[outH], cs = new int[outW], ce = new int[outW];
        for (int i = 0; i < outH; i++) {
            rs[i] = adaptiveStart(i, h, outH);
            re[i] = adaptiveEnd(i, h, outH);
        }
        for (int j = 0; j < outW; j++) {
            cs[j] = adaptiveStart(j, w, outW);
            ce[j] = adaptiveEnd(j, w, outW);
        }
        return windowMax(x, plane -> new int[][] {rs, re, cs, ce});
    }

    /**
     * Fractional max pooling (Graham, 2014): kernel-sized windows whose starts follow a pseudo-random sequence, one per
     * plane and axis, drawn from {@code gen} as PyTorch does: for u ~ U(0, 1), alpha = (in - k) / (out - 1), start_i =
     * floor((i + u) alpha) - floor(u alpha), and the last window ends at the input's edge.
     */
    public static Tensor.ValuesIndices fractionalMaxPool2d(Tensor x, int[] kernel, int[] outputSize, Generator gen) {
        checkImage("fractional_max_pool2d", x);
        int h = x.size(-2), w = x.size(-1);
        for (int i = 0; i < 2; i++) {
            int in = i == 0 ? h : w;
            if (kernel[i] <= 0 || outputSize[i] <= 0 || outputSize[i] + kernel[i] - 1 > in) {
                throw new IllegalArgumentException("fractional_max_pool2d: output size " + Arrays.toString(outputSize)
                        + " with kernel " + Arrays.toString(kernel) + " does not fit an input of " + h + "x" + w
                        + " (need output + kernel - 1 <= input)");
            }
        }
        int planes = x.numel() / Math.max(1, h * w);
        int[][][] windows = new int[planes][][];
        for (int p = 0; p < planes; p++) {
            double uW = gen.nextDouble(), uH = gen.nextDouble();
            int[] rs = fractionalStarts(uH, h, outputSize[0], kernel[0]),
                    cs = fractionalStarts(uW, w, outputSize[1], kernel[1]);
            windows[p] = new int[][] {rs, plus(rs, kernel[0]), cs, plus(cs, kernel[1])};
        }
        return windowMax(x, plane -> windows[plane]);
    }

    public static Tensor.ValuesIndices fractionalMaxPool2d(
            Tensor x, int[] kernel, double[] outputRatio, Generator gen) {
        return fractionalMaxPool2d(
                x, kernel, new int[] {(int) (x.size(-2) * outputRatio[0]), (int) (x.size(-1) * outputRatio[1])}, gen);
    }

    private static int[] fractionalStarts(double u, int in, int out, int k) {
        int[] seq = new int[out];
        double alpha = out > 1 ? (double) (in - k) / (out - 1) : 0;
        for (int i = 0; i < out - 1; i++) seq[i] = (int) ((i + u) * alpha) - (int) (u * alpha);
        seq[out - 1] = in - k;
        return seq;
    }

    private static int[] plus(int[] a, int d) {
        int[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] += d;
        return out;
    }

    private static void checkImage(String op, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException(op + " expects input [N, C, H, W] or [C, H, W], got shape " + x.shape());
    }

    /**
     * The maximum over windows given per plane as {row starts, row ends, column starts, column ends}. The positions are
     * found on the host without a graph; the values are then gathered, so the gradient flows to them.
     */
    private static Tensor.ValuesIndices windowMax(Tensor x, java.util.function.IntFunction<int[][]> windows) {
        int h = x.size(-2), w = x.size(-1), planes = x.numel() / Math.max(1, h * w);
        double[] data;
        try (var _ = GradMode.noGrad()) {
            data = x.toDoubleArray();
        }
        int[][] first = windows.apply(0);
        int oh = first[0].length, ow = first[2].length;
        long[] idx = new long[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            int[][] win = windows.apply(p);
            int base = p * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    int best = -1;
                    double bestValue = 0;
                    search:
                    for (int y = win[0][i]; y < win[1][i]; y++) {
                        for (int xx = win[2][j]; xx < win[3][j]; xx++) {
                            double v = data[base + y * w + xx];
                            if (best < 0 || v > bestValue || Double.isNaN(v)) {
                                best = y * w + xx;
                                bestValue = v;
                                if (Double.isNaN(v)) break search;
                            }
                        }
                    }
                    idx[(p * oh + i) * ow + j] = best;
                }
            }
        }
        int[] outShape = x.sizes();
        outShape[outShape.length - 2] = oh;
        outShape[outShape.length - 1] = ow;
        Tensor indices = Tensor.fromArray(idx, outShape);
        Tensor values = x.reshape(planes, h * w)
                .gather(1, indices.reshape(planes, oh * ow))
                .reshape(outShape);
        return new Tensor.ValuesIndices(values, indices);
    }

    // ============================================================================================
    // Padding
    // ============================================================================================

    /**
     * Pads the last dimensions: {@code pads} lists (before, after) pairs starting from the last dimension ([left,
     * right, top, bottom] for an image). Mode "constant" fills with {@code value}; "replicate" repeats the edge
     * element, "reflect" mirrors about it (without repeating it, so each pad must be smaller than the size) and
     * "circular" wraps around (each pad at most the size); these three select indices, so their gradient sums back.
     */
    public static Tensor pad(Tensor x, int[] pads, String mode, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.dim()) {
            throw new IllegalArgumentException("pad: " + Arrays.toString(pads)
                    + " must be (before, after) pairs for at most the " + x.dim() + " dimensions of " + x.shape());
        }
        for (int p : pads)
            if (p < 0)
                throw new IllegalArgumentException(
                        "pad: negative padding " + Arrays.toString(pads) + " is not supported");
        return switch (mode) {
            case "constant", "zeros", "zero" -> new ConstantPadOp(pads, mode.equals("constant") ? value : 0).apply(x);
            case "replicate", "reflect", "circular" -> {
                int padded = pads.length / 2;
                // As PyTorch: a batch dimension is optional, the channel dimension too except for circular padding.
                boolean fits = x.dim() == padded + 2 || (x.dim() == padded + 1 && !mode.equals("circular"));
                if (padded < 1 || padded > 3 || !fits)
                    throw new IllegalArgumentException("pad: mode '" + mode + "' pads the last 1, 2 or 3 dimensions of"
                            + " an input with one or two more (batch, channels); got " + Arrays.toString(pads)
                            + " for " + x.shape());
                Tensor out = x;
                for (int i = 0; i < pads.length / 2; i++) {
                    int d = x.dim() - 1 - i, size = x.size(d), before = pads[2 * i], after = pads[2 * i + 1];
                    if (before == 0 && after == 0) continue;
                    long[] idx = new long[before + size + after];
                    for (int k = 0; k < idx.length; k++) idx[k] = padSource(mode, k - before, size, before, after, x);
                    out = out.indexSelect(d, Tensor.fromArray(idx));
                }
                yield out;
            }
            default ->
                throw new IllegalArgumentException(
                        "pad: mode must be 'constant', 'reflect', 'replicate' or 'circular', got '" + mode + "'");
        };
    }

    /**
     * The position in a dimension of {@code size} that padded position {@code i} (-before <= i < size + after) copies.
     */
    private static long padSource(String mode, int i, int size, int before, int after, Tensor x) {
        switch (mode) {
            case "replicate" -> {
                if (size == 0)
                    throw new IllegalArgumentException("pad: cannot replicate an empty dimension of " + x.shape());
                return Math.clamp(i, 0, size - 1);
            }
            case "reflect" -> {
                if (before >= size || after >= size)
                    throw new IllegalArgumentException("pad: reflect padding (" + before + ", " + after
                            + ") must be smaller than the dimension's size " + size + " in " + x.shape());
                return i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
            }
            default -> {
                if (before > size || after > size)
                    throw new IllegalArgumentException("pad: circular padding (" + before + ", " + after
                            + ") must be at most the dimension's size " + size + " in " + x.shape());
                return Math.floorMod(i, size);
            }
        }
    }

    // ============================================================================================
    // Dropout, embedding, normalisation
    // ============================================================================================

    /** Zeroes each element with probability p and scales the rest by 1/(1-p); the identity when not training. */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0.0);
        Tensor mask = Tensor.empty(x.shape(), x.dtype(), x.backend());
        try (var _ = GradMode.noGrad()) {
            mask.bernoulli_(gen, 1 - p).mul_(1 / (1 - p));
        }
        return x.mul(mask);
    }

    /**
     * The rows of weight [num, dim] at integer positions: indices of any shape give [..., dim]. Floating inputs holding
     * whole numbers are accepted (datasets often store tokens as floats) and truncated.
     */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return embedding(indices, weight, null);
    }

    /**
     * {@link #embedding(Tensor, Tensor)} where the row {@code paddingIdx} (negative counts from the end; null for none)
     * gets no gradient: it stays what it is, usually zeros, through training.
     */
    public static Tensor embedding(Tensor indices, Tensor weight, Long paddingIdx) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException(
                    "embedding: weight must be [num_embeddings, embedding_dim], got shape " + weight.shape());
        if (indices.dtype() == DType.BOOL)
            throw new IllegalArgumentException("embedding: indices must be integers, got bool");
        Tensor idx = indices.dtype() == DType.INT64 ? indices : indices.detach().to(DType.INT64);
        if (idx.numel() > 0) {
            long lo = idx.min().itemLong(), hi = idx.max().itemLong();
            if (lo < 0 || hi >= weight.size(0)) {
                throw new IndexOutOfBoundsException("embedding: index " + (lo < 0 ? lo : hi) + " is out of range for "
                        + weight.size(0) + " embeddings");
            }
        }
        int[] shape = Arrays.copyOf(idx.sizes(), idx.dim() + 1);
        shape[idx.dim()] = weight.size(1);
        Tensor rows = weight.indexSelect(0, idx.reshape(-1)).reshape(shape);
        if (paddingIdx == null) return rows;
        long pad = paddingIdx < 0 ? paddingIdx + weight.size(0) : paddingIdx;
        if (pad < 0 || pad >= weight.size(0))
            throw new IllegalArgumentException(
                    "embedding: padding_idx " + paddingIdx + " is out of range for " + weight.size(0) + " embeddings");
        return Tensor.where(idx.eq(pad).unsqueeze(-1), rows.detach(), rows);
    }

    /**
     * Batch normalisation of x [N, C], [N, C, L] or [N, C, H, W] per channel. Training uses the batch's mean and biased
     * variance and updates the running statistics in place: r = (1 - momentum) r + momentum s, with the unbiased
     * variance, as PyTorch does. Otherwise the running statistics are used.
     */
    public static Tensor batchNorm(
            Tensor x,
            Tensor runningMean,
            Tensor runningVar,
            Tensor weight,
            Tensor bias,
            boolean training,
            double momentum,
            double eps) {
        if (x.dim() < 2)
            throw new IllegalArgumentException("batch_norm expects input [N, C, ...], got shape " + x.shape());
        int c = x.size(1);
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int i = 2; i < x.dim(); i++) dims[i - 1] = i;
        int[] channelShape = new int[x.dim()];
        Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        for (Tensor t : new Tensor[] {runningMean, runningVar, weight, bias}) {
            if (t != null && (t.dim() != 1 || t.size(0) != c)) {
                throw new IllegalArgumentException("batch_norm: input " + x.shape() + " has " + c
                        + " channels but a statistic or affine parameter has shape " + t.shape());
            }
        }
        boolean useBatchStats = training || runningMean == null || runningVar == null;
        Tensor centered, invStd;
        if (useBatchStats) {
            int count = x.numel() / Math.max(c, 1);
            if (training && count <= 1) {
                throw new IllegalArgumentException(
                        "batch_norm: expected more than 1 value per channel when training, got input of shape "
                                + x.shape());
            }
            Tensor mean = x.mean(dims, true);
            centered = x.sub(mean);
            Tensor var = centered.square().mean(dims, true);
            invStd = var.add(eps).rsqrt();
            if (training && runningMean != null && runningVar != null) {
                try (var _ = GradMode.noGrad()) {
                    runningMean.mul_(1 - momentum).add_(mean.reshape(c).to(runningMean.dtype()), momentum);
                    runningVar
                            .mul_(1 - momentum)
                            .add_(var.reshape(c).to(runningVar.dtype()), momentum * count / Math.max(count - 1, 1));
                }
            }
        } else {
            centered = x.sub(runningMean.to(x.dtype()).view(channelShape));
            invStd = runningVar.to(x.dtype()).view(channelShape).add(eps).rsqrt();
        }
        Tensor scale = weight == null ? invStd : invStd.mul(weight.view(channelShape));
        Tensor y = centered.mul(scale);
        return bias == null ? y : y.add(bias.view(channelShape));
    }

    /**
     * Normalises over the last {@code normalizedShape.length} dimensions with the biased variance, then scales and
     * shifts elementwise.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        if (k == 0 || k > x.dim())
            throw new IllegalArgumentException("layer_norm: normalized shape " + Arrays.toString(normalizedShape)
                    + " does not fit input " + x.shape());
        int[] tail = Arrays.copyOfRange(x.sizes(), x.dim() - k, x.dim());
        if (!Arrays.equals(tail, normalizedShape)) {
            throw new IllegalArgumentException("layer_norm: input " + x.shape() + " must end with the normalized shape "
                    + Arrays.toString(normalizedShape));
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = x.dim() - k + i;
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor y = centered.mul(centered.square().mean(dims, true).add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        return bias == null ? y : y.add(bias);
    }

    // ============================================================================================
    // Activations
    // ============================================================================================

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return x.leakyRelu(negativeSlope);
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor gelu(Tensor x, String approximate) {
        return x.gelu(approximate);
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    // ============================================================================================
    // Recurrent cells (PyTorch's gate equations and weight layout)
    // ============================================================================================

    /** h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), or relu in place of tanh. Biases may be null. */
    public static Tensor rnnCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean relu) {
        return rnnStep(linear(x, wIh, bIh), h, wHh, bHh, relu);
    }

    /**
     * The LSTM cell with gates in PyTorch's order i, f, g, o (the rows of W_ih, W_hh): i = sigma(.), f = sigma(.), g =
     * tanh(.), o = sigma(.), c' = f c + i g, h' = o tanh(c').
     */
    public static HiddenState lstmCell(Tensor x, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return lstmStep(linear(x, wIh, bIh), h, c, wHh, bHh);
    }

    /**
     * The GRU cell with gates r, z, n: r = sigma(W_ir x + b_ir + W_hr h + b_hr), z likewise, n = tanh(W_in x + b_in + r
     * (W_hn h + b_hn)), h' = (1 - z) n + z h.
     */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return gruStep(linear(x, wIh, bIh), h, wHh, bHh);
    }

    /** One step from the input's projection xw = x W_ih^T + b_ih, which a sequence computes for all steps at once. */
    static Tensor rnnStep(Tensor xw, Tensor h, Tensor wHh, Tensor bHh, boolean relu) {
        Tensor pre = xw.add(linear(h, wHh, bHh));
        return relu ? pre.relu() : pre.tanh();
    }

    static HiddenState lstmStep(Tensor xw, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
        Tensor gates = xw.add(linear(h, wHh, bHh));
        int hidden = h.size(-1);
        Tensor i = gates.narrow(-1, 0, hidden).sigmoid();
        Tensor f = gates.narrow(-1, hidden, hidden).sigmoid();
        Tensor g = gates.narrow(-1, 2 * hidden, hidden).tanh();
        Tensor o = gates.narrow(-1, 3 * hidden, hidden).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(g));
        return new HiddenState(o.mul(c2.tanh()), c2);
    }

    static Tensor gruStep(Tensor xw, Tensor h, Tensor wHh, Tensor bHh) {
        Tensor hw = linear(h, wHh, bHh);
        int hidden = h.size(-1);
        Tensor r = xw.narrow(-1, 0, hidden).add(hw.narrow(-1, 0, hidden)).sigmoid();
        Tensor z =
                xw.narrow(-1, hidden, hidden).add(hw.narrow(-1, hidden, hidden)).sigmoid();
        Tensor n = xw.narrow(-1, 2 * hidden, hidden)
                .add(r.mul(hw.narrow(-1, 2 * hidden, hidden)))
                .tanh();
        return n.add(z.mul(h.sub(n)));
    }

    /**
     * A whole multi-layer, optionally bidirectional recurrent network over a sequence, as PyTorch's RNN/LSTM/GRU
     * compute it. {@code weights} holds, for each layer and then each direction, W_ih, W_hh and (when
     * {@code config.bias()}) b_ih, b_hh. Input is [T, B, in] ([B, T, in] when batch-first) or unbatched [T, in]; h0 and
     * c0 (nullable: zeros) are [layers * directions, B, hidden]. Returns every step's top-layer output [T, B,
     * directions * hidden] and the final h (and c for LSTM) of every layer and direction.
     */
    public static RecurrentOutput recurrent(
            RecurrentConfig config,
            Tensor input,
            Tensor h0,
            Tensor c0,
            java.util.List<Tensor> weights,
            boolean training,
            Generator gen) {
        int perLayer = config.bias() ? 4 : 2, dirs = config.directions();
        if (weights.size() != perLayer * dirs * config.numLayers()) {
            throw new IllegalArgumentException(config.mode().label() + ": expected "
                    + perLayer * dirs * config.numLayers() + " weight tensors, got " + weights.size());
        }
        boolean unbatched = input.dim() == 2;
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(config.mode().label()
                    + " expects input [seq, batch, features] (batch first: [batch, seq, features]) or [seq, features], got shape "
                    + input.shape());
        }
        Tensor x = unbatched ? input.unsqueeze(1) : config.batchFirst() ? input.transpose(0, 1) : input;
        if (x.size(2) != config.inputSize()) {
            throw new IllegalArgumentException(config.mode().label() + ": input " + input.shape() + " has " + x.size(2)
                    + " features, expected input_size " + config.inputSize());
        }
        int steps = x.size(0), batch = x.size(1), hidden = config.hiddenSize();
        Tensor h0b = state(config, "h0", h0, unbatched, batch, x);
        Tensor c0b = config.mode() == RecurrentConfig.Mode.LSTM ? state(config, "c0", c0, unbatched, batch, x) : null;

        Tensor[] finalH = new Tensor[config.numLayers() * dirs], finalC = new Tensor[finalH.length];
        for (int layer = 0; layer < config.numLayers(); layer++) {
            Tensor[] dirOutputs = new Tensor[dirs];
            for (int dir = 0; dir < dirs; dir++) {
                int k = layer * dirs + dir, w = k * perLayer;
                Tensor wIh = weights.get(w), wHh = weights.get(w + 1);
                Tensor bIh = config.bias() ? weights.get(w + 2) : null, bHh = config.bias() ? weights.get(w + 3) : null;
                Tensor xw = linear(x, wIh, bIh);
                Tensor h = h0b.select(0, k), c = c0b == null ? null : c0b.select(0, k);
                Tensor[] outs = new Tensor[steps];
                for (int s = 0; s < steps; s++) {
                    int t = dir == 0 ? s : steps - 1 - s;
                    Tensor xt = xw.select(0, t);
                    switch (config.mode()) {
                        case RNN_TANH, RNN_RELU ->
                            h = rnnStep(xt, h, wHh, bHh, config.mode() == RecurrentConfig.Mode.RNN_RELU);
                        case LSTM -> {
                            HiddenState st = lstmStep(xt, h, c, wHh, bHh);
                            h = st.h();
                            c = st.c();
                        }
                        case GRU -> h = gruStep(xt, h, wHh, bHh);
                    }
                    outs[t] = h;
                }
                dirOutputs[dir] = steps == 0
                        ? Tensor.empty(Shape.of(0, batch, hidden), x.dtype(), x.backend())
                        : Tensor.stack(java.util.List.of(outs), 0);
                finalH[k] = h;
                finalC[k] = c;
            }
            x = dirs == 1 ? dirOutputs[0] : Tensor.cat(2, dirOutputs);
            if (layer < config.numLayers() - 1) x = dropout(x, config.dropout(), training, gen);
        }
        Tensor output = unbatched ? x.squeeze(1) : config.batchFirst() ? x.transpose(0, 1) : x;
        Tensor hN = Tensor.stack(java.util.List.of(finalH), 0);
        Tensor cN = c0b == null ? null : Tensor.stack(java.util.List.of(finalC), 0);
        if (unbatched) {
            hN = hN.squeeze(1);
            if (cN != null) cN = cN.squeeze(1);
        }
        return new RecurrentOutput(output, hN, cN);
    }

    private static Tensor state(
            RecurrentConfig config, String name, Tensor s, boolean unbatched, int batch, Tensor like) {
        int layers = config.numLayers() * config.directions();
        if (s == null) return Tensor.empty(Shape.of(layers, batch, config.hiddenSize()), like.dtype(), like.backend());
        Tensor b = unbatched ? s.unsqueeze(1) : s;
        Shape expected = Shape.of(layers, batch, config.hiddenSize());
        if (!b.shape().equals(expected)) {
            throw new IllegalArgumentException(config.mode().label() + ": " + name + " must have shape "
                    + (unbatched ? Shape.of(layers, config.hiddenSize()) : expected)
                    + " (layers * directions, batch, hidden), got " + s.shape());
        }
        return b;
    }
}
