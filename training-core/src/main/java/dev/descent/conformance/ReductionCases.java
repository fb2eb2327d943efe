package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import java.util.List;
import java.util.Map;

/**
 * Reductions, scans and sorts: over all elements, one dimension or several, with and without keepdim, on every dtype,
 * on empty tensors and on special values; with their gradients.
 */
final class ReductionCases implements Family {
    private static final List<String> OPS = List.of(
            "sum",
            "mean",
            "max_all",
            "min_all",
            "amax",
            "amin",
            "max_dim",
            "min_dim",
            "max_dim_values",
            "min_dim_values",
            "argmax",
            "argmin",
            "var",
            "std",
            "logsumexp",
            "norm",
            "softmax",
            "log_softmax",
            "prod",
            "cumsum",
            "sort",
            "argsort",
            "topk");

    @Override
    public String name() {
        return "reduction";
    }

    @Override
    public int weight() {
        return 130;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String op = b.pick(OPS);
        boolean floating = b.chance(0.8);
        DType dt = floating ? b.floatType() : b.pick(CaseBuilder.ALL);
        // topk's order among equal values is unspecified: bool and uint8 have too few values to stay distinct.
        if (op.equals("topk") && (dt == DType.BOOL || dt == DType.UINT8) && b.chance(0.8)) dt = DType.INT64;
        // PyTorch 1.13 refuses argmax, argmin and topk on bool, but only where its kernel runs (not for a reduced
        // dimension of size 1): Descent computes them.
        if (((op.startsWith("arg") && !op.equals("argsort")) || op.equals("topk")) && dt == DType.BOOL)
            dt = DType.INT32;
        boolean grad = floating && !op.startsWith("arg") && b.chance(0.65);
        int[] shape = b.shape(0, 3);
        boolean ordered = op.contains("max")
                || op.contains("min")
                || op.startsWith("arg")
                || op.equals("sort")
                || op.equals("topk");
        Domain domain = ordered || (op.equals("prod") && b.chance(0.5)) ? Domain.DISTINCT : Domain.ANY;
        if (op.endsWith("_values") && b.chance(0.3)) domain = Domain.ANY; // ties, now and then
        // topk's order among ties is unspecified, and a broadcast input is all ties.
        Case.Ref x = b.input(dt, shape, domain, grad && dt.isFloatingPoint(), true, !op.equals("topk"));
        int rank = shape.length;
        return switch (op) {
            case "sum", "mean", "amax", "amin", "logsumexp" -> {
                Object dims = op.equals("sum") || op.equals("mean") ? dimsOrNull(b, rank) : dims(b, rank);
                yield b.build(op, 1, x, dims, b.chance(0.5));
            }
            case "max_all", "min_all" -> b.build(op, 1, x);
            case "max_dim", "min_dim", "max_dim_values", "min_dim_values" ->
                b.build(op, 1, x, (long) b.dim(rank), b.chance(0.5));
            case "argmax", "argmin" -> b.build(op, 1, x, b.chance(0.3) ? null : (long) b.dim(rank), b.chance(0.5));
            case "var", "std" -> {
                Object dims = dimsOrNull(b, rank);
                int n = CaseBuilder.numel(shape), correction = b.between(0, 2);
                // PyTorch 1.13's backward fails for a whole-tensor reduction of several elements with N <= correction.
                // (std's fails for one element too, var's only from two dimensions on)
                if (dims == null && grad && (n > 1 || rank > 1 || op.equals("std")))
                    correction = Math.max(0, Math.min(correction, n - 1));
                if (grad && n == 0) yield b.build(op, 0, x, dims, (long) correction, b.chance(0.5)); // and of nothing
                yield b.build(op, 1, x, dims, (long) correction, b.chance(0.5));
            }
            case "norm" ->
                b.build(op, 1, x, b.pick(2L, 1L, 3L, 0.5, "inf", "-inf", 0L), dimsOrNull(b, rank), b.chance(0.5));
            case "softmax", "log_softmax", "cumsum" -> b.build(op, 1, x, (long) b.dim(rank));
            case "prod" -> b.build(op, 1, x, b.chance(0.3) ? null : (long) b.dim(rank), b.chance(0.5));
            case "sort", "argsort" -> b.build(op, 1, x, (long) b.dim(rank), b.chance(0.5));
            default -> {
                int d = b.dim(rank);
                int size = rank == 0 ? 1 : shape[d < 0 ? d + rank : d];
                yield b.build(op, 1, x, (long) b.between(rank == 0 ? 1 : 0, size), (long) d, b.chance(0.7));
            }
        };
    }

    /** One dim (a Python int) or a list of distinct dims. */
    static Object dims(CaseBuilder b, int rank) {
        if (rank == 0 || b.chance(0.5)) return (long) b.dim(rank);
        int[] p = b.permutation(rank);
        int n = b.between(1, rank);
        List<Object> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) out.add((long) (b.chance(0.3) ? p[i] - rank : p[i]));
        return out;
    }

    static Object dimsOrNull(CaseBuilder b, int rank) {
        return b.chance(0.3) ? null : dims(b, rank);
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("sum", a -> a.isNull(1) ? a.t(0).sum() : a.t(0).sum(a.ints(1), a.b(2)));
        ops.put("mean", a -> a.isNull(1) ? a.t(0).mean() : a.t(0).mean(a.ints(1), a.b(2)));
        ops.put("max_all", a -> a.t(0).max());
        ops.put("min_all", a -> a.t(0).min());
        ops.put("amax", a -> a.t(0).amax(a.ints(1), a.b(2)));
        ops.put("amin", a -> a.t(0).amin(a.ints(1), a.b(2)));
        ops.put("max_dim", a -> a.t(0).maxWithIndices(a.i(1), a.b(2)));
        ops.put("min_dim", a -> a.t(0).minWithIndices(a.i(1), a.b(2)));
        ops.put("max_dim_values", a -> a.t(0).max(a.i(1), a.b(2)));
        ops.put("min_dim_values", a -> a.t(0).min(a.i(1), a.b(2)));
        ops.put("argmax", a -> a.isNull(1) ? a.t(0).argmax() : a.t(0).argmax(a.i(1), a.b(2)));
        ops.put("argmin", a -> a.isNull(1) ? a.t(0).argmin() : a.t(0).argmin(a.i(1), a.b(2)));
        ops.put("var", a -> a.t(0).var(a.intsOrNull(1), a.i(2), a.b(3)));
        ops.put("std", a -> a.t(0).std(a.intsOrNull(1), a.i(2), a.b(3)));
        ops.put("logsumexp", a -> a.t(0).logsumexp(a.ints(1), a.b(2)));
        ops.put("norm", a -> a.t(0).norm(norm(a.raw(1)), a.intsOrNull(2), a.b(3)));
        ops.put("softmax", a -> a.t(0).softmax(a.i(1)));
        ops.put("log_softmax", a -> a.t(0).logSoftmax(a.i(1)));
        ops.put("prod", a -> a.isNull(1) ? a.t(0).prod() : a.t(0).prod(a.i(1), a.b(2)));
        ops.put("cumsum", a -> a.t(0).cumsum(a.i(1)));
        ops.put("sort", a -> a.t(0).sort(a.i(1), a.b(2)));
        ops.put("argsort", a -> a.t(0).argsort(a.i(1), a.b(2)));
        ops.put("topk", a -> a.t(0).topk(a.i(1), a.i(2), a.b(3)));
    }

    static double norm(Object p) {
        return p instanceof String s ? Double.parseDouble(s.replace("inf", "Infinity")) : ((Number) p).doubleValue();
    }
}
