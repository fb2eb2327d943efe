package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.nn.F;
import java.util.List;
import java.util.Map;

/**
 * Matrix products (vectors, matrices, broadcast batches), linear, convolutions (stride, padding, dilation, groups,
 * output padding), pooling (max with indices, average with ceil mode, count_include_pad and divisor_override, adaptive,
 * unpooling) and padding in every mode, with their gradients.
 */
final class ConvCases implements Family {
    private static final List<String> OPS = List.of(
            "matmul",
            "mm",
            "linear",
            "conv1d",
            "conv2d",
            "conv_transpose2d",
            "max_pool2d",
            "avg_pool2d",
            "adaptive_avg_pool2d",
            "adaptive_max_pool2d",
            "max_unpool2d",
            "pad");

    @Override
    public String name() {
        return "conv";
    }

    @Override
    public int weight() {
        return 110;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String op = b.pick(OPS);
        DType dt = b.floatType();
        boolean grad = b.chance(0.7);
        // Non-finite values in inputs only: with a NaN weight PyTorch skips the taps that fall on padding, where
        // im2col's zeros give 0 x NaN = NaN here.
        double specials = b.specials;
        return switch (op) {
            case "matmul" -> {
                int n = b.between(1, 3), k = b.between(1, 4), m = b.between(1, 3);
                int ra = b.between(1, 4), rb = b.between(1, 4);
                int[] sa = ra == 1 ? new int[] {k} : batched(b, ra, n, k),
                        sb = rb == 1 ? new int[] {k} : batched(b, rb, k, m);
                if (b.chance(0.05)) sb[sb.length == 1 ? 0 : sb.length - 2] += 1;
                yield b.build(
                        op,
                        1,
                        b.maybeGrad(dt, sa, Domain.ANY, grad),
                        b.maybeGrad(b.chance(0.9) ? dt : b.floatType(), sb, Domain.ANY, grad));
            }
            case "mm" -> {
                int n = b.between(1, 3), k = b.between(0, 4), m = b.between(1, 3);
                yield b.build(
                        op,
                        1,
                        b.maybeGrad(dt, new int[] {n, k}, Domain.ANY, grad),
                        b.maybeGrad(dt, new int[] {k + (b.chance(0.05) ? 1 : 0), m}, Domain.ANY, grad));
            }
            case "linear" -> {
                int in = b.between(1, 4), out = b.between(1, 3);
                int[] xs = b.shape(1, 3);
                xs[xs.length - 1] = in;
                yield b.build(
                        op,
                        1,
                        b.maybeGrad(dt, xs, Domain.ANY, grad),
                        b.maybeGrad(dt, new int[] {out, in}, Domain.ANY, grad),
                        b.chance(0.3) ? null : b.maybeGrad(dt, new int[] {out}, Domain.ANY, grad));
            }
            case "conv1d", "conv2d" -> {
                boolean two = op.equals("conv2d");
                int groups = b.pick(1, 1, 2), cin = groups * b.between(1, 2), cout = groups * b.between(1, 2);
                int[] k = two ? new int[] {b.between(1, 3), b.between(1, 3)} : new int[] {b.between(1, 3)};
                int[] stride = sizes(b, k.length, 1, 2),
                        padding = sizes(b, k.length, 0, 2),
                        dilation = sizes(b, k.length, 1, 2);
                int[] xs = new int[k.length + 2];
                xs[0] = b.between(1, 2);
                xs[1] = cin;
                for (int i = 0; i < k.length; i++)
                    xs[2 + i] = b.between(Math.max(1, dilation[i] * (k[i] - 1) + 1 - 2 * padding[i]), 6);
                int[] ws = new int[k.length + 2];
                ws[0] = cout;
                ws[1] = cin / groups;
                System.arraycopy(k, 0, ws, 2, k.length);
                Case.Ref x = b.maybeGrad(
                        dt, b.chance(0.2) ? java.util.Arrays.copyOfRange(xs, 1, xs.length) : xs, Domain.ANY, grad);
                b.specials = 0;
                Case.Ref w = b.maybeGrad(dt, ws, Domain.ANY, grad);
                Object bias = b.chance(0.3) ? null : b.maybeGrad(dt, new int[] {cout}, Domain.ANY, grad);
                b.specials = specials;
                yield two
                        ? b.build(
                                op,
                                1,
                                x,
                                w,
                                bias,
                                CaseBuilder.boxed(stride),
                                CaseBuilder.boxed(padding),
                                CaseBuilder.boxed(dilation),
                                (long) groups)
                        : b.build(op, 1, x, w, bias, (long) stride[0], (long) padding[0], (long) dilation[0], (long)
                                groups);
            }
            case "conv_transpose2d" -> {
                int groups = b.pick(1, 1, 2), cin = groups * b.between(1, 2), cout = groups * b.between(1, 2);
                int[] k = {b.between(1, 3), b.between(1, 3)};
                int[] stride = sizes(b, 2, 1, 2), padding = sizes(b, 2, 0, 1), dilation = sizes(b, 2, 1, 2);
                int[] outPad = new int[2];
                for (int i = 0; i < 2; i++) outPad[i] = b.between(0, Math.max(stride[i], dilation[i]) - 1);
                int[] xs = {b.between(1, 2), cin, b.between(1, 4), b.between(1, 4)};
                Case.Ref x = b.maybeGrad(dt, xs, Domain.ANY, grad);
                b.specials = 0;
                Case.Ref w = b.maybeGrad(dt, new int[] {cin, cout / groups, k[0], k[1]}, Domain.ANY, grad);
                Object bias = b.chance(0.3) ? null : b.maybeGrad(dt, new int[] {cout}, Domain.ANY, grad);
                b.specials = specials;
                yield b.build(
                        op,
                        1,
                        x,
                        w,
                        bias,
                        CaseBuilder.boxed(stride),
                        CaseBuilder.boxed(padding),
                        CaseBuilder.boxed(outPad),
                        (long) groups,
                        CaseBuilder.boxed(dilation));
            }
            case "max_pool2d", "avg_pool2d", "max_unpool2d" -> {
                int[] k = {b.between(1, 3), b.between(1, 3)};
                int[] stride = sizes(b, 2, 1, 3);
                int[] padding = {b.between(0, k[0] / 2), b.between(0, k[1] / 2)};
                int[] xs = image(b, k);
                Case.Ref x = b.maybeGrad(dt, xs, op.equals("avg_pool2d") ? Domain.ANY : Domain.DISTINCT, grad);
                if (op.equals("max_unpool2d"))
                    yield b.build(
                            op, 1, x, CaseBuilder.boxed(k), CaseBuilder.boxed(stride), CaseBuilder.boxed(padding));
                boolean ceil = b.chance(0.4);
                if (op.equals("max_pool2d"))
                    yield b.build(
                            op,
                            1,
                            x,
                            CaseBuilder.boxed(k),
                            CaseBuilder.boxed(stride),
                            CaseBuilder.boxed(padding),
                            CaseBuilder.boxed(sizes(b, 2, 1, 2)),
                            ceil);
                yield b.build(
                        op,
                        1,
                        x,
                        CaseBuilder.boxed(k),
                        CaseBuilder.boxed(stride),
                        CaseBuilder.boxed(padding),
                        ceil,
                        b.chance(0.5),
                        b.chance(0.7) ? null : (long) b.between(1, 5));
            }
            case "adaptive_avg_pool2d", "adaptive_max_pool2d" -> {
                int[] xs = image(b, new int[] {1, 1});
                Domain domain = op.startsWith("adaptive_max") ? Domain.DISTINCT : Domain.ANY;
                yield b.build(op, 1, b.maybeGrad(dt, xs, domain, grad), CaseBuilder.boxed(new int[] {
                    b.between(1, 4), b.between(1, 4)
                }));
            }
            default -> {
                int rank = b.between(1, 4);
                int[] xs = new int[rank];
                for (int i = 0; i < rank; i++) xs[i] = b.between(1, 4);
                String mode = b.pick("constant", "constant", "reflect", "replicate", "circular");
                int dims = mode.equals("constant") ? b.between(1, rank) : Math.min(rank - 1, b.between(1, 2));
                if (!mode.equals("constant") && rank < 2) {
                    mode = "constant";
                    dims = 1;
                }
                int[] pads = new int[2 * Math.max(dims, 1)];
                for (int i = 0; i < pads.length; i++) {
                    int size = xs[rank - 1 - i / 2];
                    pads[i] = switch (mode) {
                        case "reflect" -> b.between(0, Math.max(0, size - 1) + (b.chance(0.05) ? 1 : 0));
                        case "circular" -> b.between(0, size);
                        default -> b.between(0, 2);
                    };
                }
                Object value = mode.equals("constant") ? b.pick(0.0, 1.5, -2.0) : 0.0;
                yield b.build(op, 1, b.maybeGrad(dt, xs, Domain.ANY, grad), CaseBuilder.boxed(pads), mode, value);
            }
        };
    }

    private static int[] batched(CaseBuilder b, int rank, int rows, int cols) {
        int[] s = new int[rank];
        for (int i = 0; i < rank - 2; i++) s[i] = b.pick(1, 2, 3);
        s[rank - 2] = rows;
        s[rank - 1] = cols;
        return s;
    }

    private static int[] sizes(CaseBuilder b, int n, int lo, int hi) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = b.between(lo, hi);
        return s;
    }

    /** [N, C, H, W] (or [C, H, W]) at least as large as the kernel. */
    private static int[] image(CaseBuilder b, int[] k) {
        int[] s = {b.between(1, 2), b.between(1, 2), b.between(k[0], 6), b.between(k[1], 6)};
        return b.chance(0.2) ? new int[] {s[1], s[2], s[3]} : s;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("matmul", a -> a.t(0).matmul(a.t(1)));
        ops.put("mm", a -> a.t(0).mm(a.t(1)));
        ops.put("linear", a -> F.linear(a.t(0), a.t(1), a.tOrNull(2)));
        ops.put("conv1d", a -> F.conv1d(a.t(0), a.t(1), a.tOrNull(2), a.i(3), a.i(4), a.i(5), a.i(6)));
        ops.put("conv2d", a -> F.conv2d(a.t(0), a.t(1), a.tOrNull(2), a.ints(3), a.ints(4), a.ints(5), a.i(6)));
        ops.put(
                "conv_transpose2d",
                a -> F.convTranspose2d(
                        a.t(0), a.t(1), a.tOrNull(2), a.ints(3), a.ints(4), a.ints(5), a.i(6), a.ints(7)));
        ops.put("max_pool2d", a -> F.maxPool2dWithIndices(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.ints(4), a.b(5)));
        ops.put(
                "avg_pool2d",
                a -> a.isNull(6)
                        ? F.avgPool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.b(4), a.b(5))
                        : F.avgPool2d(a.t(0), a.ints(1), a.ints(2), a.ints(3), a.b(4), a.b(5), a.i(6)));
        ops.put("adaptive_avg_pool2d", a -> F.adaptiveAvgPool2d(a.t(0), a.ints(1)[0], a.ints(1)[1]));
        ops.put("adaptive_max_pool2d", a -> F.adaptiveMaxPool2dWithIndices(a.t(0), a.ints(1)[0], a.ints(1)[1]));
        ops.put("max_unpool2d", a -> {
            var pooled = F.maxPool2dWithIndices(a.t(0), a.ints(1), a.ints(2), a.ints(3), new int[] {1, 1}, false);
            int[] size = {a.t(0).size(-2), a.t(0).size(-1)};
            return F.maxUnpool2d(pooled.values(), pooled.indices(), a.ints(1), a.ints(2), a.ints(3), size);
        });
        ops.put("pad", a -> F.pad(a.t(0), a.ints(1), a.s(2), a.d(3)));
    }
}
