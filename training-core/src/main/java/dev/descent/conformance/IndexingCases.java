package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.nn.F;
import java.util.List;
import java.util.Map;

/**
 * Indexing: gather, scatter, scatter_add, index_select, index_add, masked_select and masked_fill, narrow, select,
 * stepped slices, one_hot and embedding (with padding_idx); indices out of range now and then, which both must refuse.
 */
final class IndexingCases implements Family {
    private static final List<String> OPS = List.of(
            "gather",
            "scatter",
            "scatter_add",
            "index_select",
            "index_add",
            "masked_select",
            "masked_fill",
            "narrow",
            "select",
            "slice",
            "one_hot",
            "embedding");

    @Override
    public String name() {
        return "indexing";
    }

    @Override
    public int weight() {
        return 100;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String op = b.pick(OPS);
        DType dt = b.chance(0.8) ? b.floatType() : b.pick(CaseBuilder.ALL);
        boolean grad = dt.isFloatingPoint() && b.chance(0.65);
        boolean bad = b.chance(0.05);
        int[] shape = b.shape(1, 3);
        int rank = shape.length;
        int d = b.dim(rank), nd = d < 0 ? d + rank : d;
        return switch (op) {
            case "gather", "scatter", "scatter_add" -> {
                int[] ishape = shape.clone();
                for (int i = 0; i < rank; i++)
                    ishape[i] = i == nd ? b.between(shape[i] == 0 ? 0 : 1, shape[i] + 1) : b.between(0, shape[i]);
                if (op.equals("scatter")) ishape[nd] = Math.min(ishape[nd], shape[nd]);
                Case.Ref x = b.maybeGrad(dt, shape, Domain.ANY, grad);
                Case.Ref idx = op.equals("scatter")
                        ? distinctIndex(b, ishape, nd, shape[nd])
                        : b.index(ishape, shape[nd] + (bad ? 1 : 0));
                if (op.equals("gather")) yield b.build(op, 1, x, (long) d, idx);
                // A source larger than the index only without a gradient: PyTorch 1.13's backward mis-shapes its
                // gradient.
                boolean srcGrad = grad && b.chance(0.7);
                int[] sshape = ishape.clone();
                for (int i = 0; i < rank; i++) if (!srcGrad && b.chance(0.2)) sshape[i] += 1;
                yield b.build(op, 1, x, (long) d, idx, b.maybeGrad(dt, sshape, Domain.ANY, srcGrad));
            }
            case "index_select", "index_add" -> {
                int n = b.between(0, 5);
                Case.Ref x = b.maybeGrad(dt, shape, Domain.ANY, grad);
                Case.Ref idx = b.index(new int[] {n}, shape[nd] + (bad ? 1 : 0));
                if (op.equals("index_select")) yield b.build(op, 1, x, (long) d, idx);
                int[] sshape = shape.clone();
                sshape[nd] = n;
                yield b.build(op, 1, x, (long) d, idx, b.maybeGrad(dt, sshape, Domain.ANY, grad));
            }
            case "masked_select" -> {
                // Contiguous when differentiated: PyTorch 1.13's backward misplaces gradients of strided inputs.
                Case.Ref x = b.input(dt, shape, Domain.ANY, grad, !grad, !grad);
                Case.Ref mask = b.input(DType.BOOL, b.broadcastPartner(shape), Domain.ANY, false, !grad, !grad);
                yield b.build(op, 1, x, mask);
            }
            case "masked_fill" -> {
                Case.Ref x = b.maybeGrad(dt, shape, Domain.ANY, grad);
                Case.Ref mask = b.tensor(DType.BOOL, b.broadcastPartner(shape), Domain.ANY);
                Object value = switch (b.between(0, 2)) {
                    case 0 -> (long) b.between(-3, 3);
                    case 1 -> b.pick(-1.5, 0.25, 2.5);
                    default -> b.maybeGrad(b.chance(0.8) ? dt : b.floatType(), new int[0], Domain.ANY, grad);
                };
                yield b.build(op, 1, x, mask, value);
            }
            case "narrow" -> {
                int start = b.between(-shape[nd], Math.max(shape[nd] - 1, 0) + (bad ? 2 : 0));
                int s = start < 0 ? start + shape[nd] : start;
                yield b.build(op, 1, b.maybeGrad(dt, shape, Domain.ANY, grad), (long) d, (long) start, (long)
                        b.between(0, Math.max(shape[nd] - s, 0)));
            }
            case "select" -> {
                int i = shape[nd] == 0 || bad ? shape[nd] : b.between(-shape[nd], shape[nd] - 1);
                yield b.build(op, 1, b.maybeGrad(dt, shape, Domain.ANY, grad), (long) d, (long) i);
            }
            case "slice" -> {
                int n = shape[nd];
                yield b.build(
                        op,
                        1,
                        b.maybeGrad(dt, shape, Domain.ANY, grad),
                        (long) nd,
                        (long) b.between(-n - 1, n + 1),
                        (long) b.between(-n - 1, n + 1),
                        (long) b.between(1, 3));
            }
            case "one_hot" -> {
                int classes = b.between(1, 5);
                yield b.build(
                        op, 0, b.index(b.shape(0, 2), classes + (bad ? 1 : 0)), (long) (b.chance(0.2) ? -1 : classes));
            }
            default -> {
                int num = b.between(1, 5), dim = b.between(1, 3);
                Case.Ref idx = b.index(b.shape(0, 2), num + (bad ? 1 : 0));
                Case.Ref w = b.input(b.floatType(), new int[] {num, dim}, Domain.ANY, b.chance(0.8), true, false);
                yield b.build(op, 1, idx, w, b.chance(0.5) ? null : (long) b.between(-num, num - 1));
            }
        };
    }

    /** Indices that are distinct along dimension d at every other position (scatter writes each place once). */
    private static Case.Ref distinctIndex(CaseBuilder b, int[] shape, int d, int bound) {
        int n = CaseBuilder.numel(shape);
        double[] data = new double[n];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int len = shape[d];
        for (int outer = 0; outer < n / Math.max(1, len * inner); outer++) {
            for (int in = 0; in < inner; in++) {
                int[] p = b.permutation(bound);
                for (int k = 0; k < len; k++) data[(outer * len + k) * inner + in] = p[k];
            }
        }
        return b.exact(DType.INT64, shape, data, false);
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("gather", a -> a.t(0).gather(a.i(1), a.t(2)));
        ops.put("scatter", a -> a.t(0).scatter(a.i(1), a.t(2), a.t(3)));
        ops.put("scatter_add", a -> a.t(0).scatterAdd(a.i(1), a.t(2), a.t(3)));
        ops.put("index_select", a -> a.t(0).indexSelect(a.i(1), a.t(2)));
        ops.put("index_add", a -> a.t(0).indexAdd(a.i(1), a.t(2), a.t(3)));
        ops.put("masked_select", a -> a.t(0).maskedSelect(a.t(1)));
        ops.put(
                "masked_fill",
                a -> a.isTensor(2)
                        ? a.t(0).maskedFill(a.t(1), a.t(2))
                        : a.isLong(2) ? a.t(0).maskedFill(a.t(1), a.l(2)) : a.t(0).maskedFill(a.t(1), a.d(2)));
        ops.put("narrow", a -> a.t(0).narrow(a.i(1), a.i(2), a.i(3)));
        ops.put("select", a -> a.t(0).select(a.i(1), a.i(2)));
        ops.put("slice", a -> a.t(0).slice(a.i(1), a.i(2), a.i(3), a.i(4)));
        ops.put("one_hot", a -> a.t(0).oneHot(a.i(1)));
        ops.put("embedding", a -> a.isNull(2) ? F.embedding(a.t(0), a.t(1)) : F.embedding(a.t(0), a.t(1), a.l(2)));
    }
}
