package dev.descent.tensor;

import dev.descent.backend.DType;

/** PyTorch-style text for a tensor: values (summarised when large), then dtype, gradFn or requiresGrad. */
final class Printer {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE = 3;

    private Printer() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        double[] values = t.numel() == 0 ? new double[0] : t.toDoubleArray();
        boolean summarise = t.numel() > SUMMARY_THRESHOLD;
        boolean floating = t.dtype().isFloatingPoint();
        if (t.dim() == 0) {
            sb.append(element(values[0], t.dtype()));
        } else {
            int[] strides = t.shape().contiguousStrides();
            append(sb, values, t.sizes(), strides, 0, 0, summarise, t.dtype(), 7);
        }
        if ((t.dtype() != DType.FLOAT32 && t.dtype() != DType.INT64 && t.dtype() != DType.BOOL)
                || (t.numel() == 0 && floating)) {
            sb.append(", dtype=").append(t.dtype().label());
        }
        if (t.gradFn() != null)
            sb.append(", gradFn=<").append(t.gradFn().name()).append('>');
        else if (t.requiresGrad()) sb.append(", requiresGrad=true");
        return sb.append(')').toString();
    }

    private static void append(
            StringBuilder sb,
            double[] v,
            int[] shape,
            int[] strides,
            int depth,
            int base,
            boolean summarise,
            DType dtype,
            int indent) {
        sb.append('[');
        int n = shape[depth];
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                sb.append(depth == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + depth + 1));
                i = n - EDGE - 1;
                continue;
            }
            int at = base + i * strides[depth];
            if (depth == shape.length - 1) sb.append(element(v[at], dtype));
            else append(sb, v, shape, strides, depth + 1, at, summarise, dtype, indent);
            if (i < n - 1)
                sb.append(
                        depth == shape.length - 1
                                ? ", "
                                : ",\n" + "\n".repeat(Math.max(0, shape.length - depth - 2))
                                        + " ".repeat(indent + depth + 1));
        }
        sb.append(']');
    }

    private static String element(double x, DType dtype) {
        if (dtype == DType.BOOL) return x != 0 ? "True" : "False";
        if (!dtype.isFloatingPoint()) return Long.toString((long) x);
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == Math.rint(x) && Math.abs(x) < 1e8) return (long) x + ".";
        double a = Math.abs(x);
        if (a != 0 && (a < 1e-4 || a >= 1e8)) return String.format(java.util.Locale.ROOT, "%.4e", x);
        return String.format(java.util.Locale.ROOT, "%.4f", x);
    }
}
