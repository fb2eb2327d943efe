package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shape ops and views: reshape and view (which must refuse strides it cannot view), flatten, unflatten, permute,
 * transpose, squeeze, unsqueeze, expand, cat, stack, split, chunk, unbind, flip, roll, t, mT, contiguous, clone and
 * dtype conversion, on non-contiguous and empty inputs.
 */
final class ShapeCases implements Family {
    private static final List<String> OPS = List.of(
            "reshape",
            "view",
            "flatten",
            "unflatten",
            "permute",
            "transpose",
            "squeeze_all",
            "squeeze",
            "unsqueeze",
            "expand",
            "cat",
            "stack",
            "split",
            "chunk",
            "unbind",
            "flip",
            "roll",
            "t",
            "mT",
            "contiguous",
            "clone",
            "to");

    @Override
    public String name() {
        return "shape";
    }

    @Override
    public int weight() {
        return 100;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String op = b.pick(OPS);
        DType dt = b.chance(0.75) ? b.floatType() : b.pick(CaseBuilder.ALL);
        boolean grad = dt.isFloatingPoint() && b.chance(0.6);
        int[] shape = b.shape(0, 4);
        if (b.chance(0.3)) for (int i = 0; i < shape.length; i++) if (b.chance(0.3)) shape[i] = 1;
        int rank = shape.length;
        int n = CaseBuilder.numel(shape);
        if (op.equals("to")) b.specials = 0; // NaN or infinity to an integer is undefined in C, and differs
        Case.Ref x = b.maybeGrad(dt, shape, Domain.ANY, grad);
        return switch (op) {
            case "reshape", "view" -> b.build(op, 1, x, CaseBuilder.boxed(factor(b, n)));
            case "flatten" -> {
                int s = b.dim(rank), e = b.dim(rank);
                yield b.build(op, 1, x, (long) s, (long) e);
            }
            case "unflatten" -> {
                int d = b.dim(rank);
                int size = rank == 0 ? 1 : shape[d < 0 ? d + rank : d];
                int[] parts = factor(b, size);
                if (parts.length > 1 && b.chance(0.3)) parts[b.between(0, parts.length - 1)] = -1;
                yield b.build(op, 1, x, (long) d, CaseBuilder.boxed(parts));
            }
            case "permute" -> b.build(op, 1, x, CaseBuilder.boxed(b.permutation(rank)));
            case "transpose" -> b.build(op, 1, x, (long) b.dim(rank), (long) b.dim(rank));
            // mT of a 0-dim tensor: PyTorch 1.13 returns it, later versions refuse it as Descent does.
            case "mT" -> rank == 0 ? b.build("t", 1, x) : b.build(op, 1, x);
            case "squeeze_all", "t", "contiguous", "clone" -> b.build(op, 1, x);
            case "squeeze" -> b.build(op, 1, x, (long) b.dim(rank));
            case "unsqueeze" -> b.build(op, 1, x, (long) (b.between(0, rank) - (b.chance(0.3) ? rank + 1 : 0)));
            case "expand" -> {
                List<Object> sizes = new ArrayList<>();
                if (b.chance(0.4)) sizes.add((long) b.between(1, 3));
                for (int s : shape)
                    sizes.add(s == 1 && b.chance(0.6) ? (long) b.between(1, 3) : b.chance(0.3) ? -1L : (long) s);
                yield b.build(op, 1, x, sizes);
            }
            case "cat", "stack" -> {
                List<Object> parts = new ArrayList<>(List.of(x));
                int d = op.equals("cat") ? b.dim(rank) : b.between(0, rank) - (b.chance(0.3) ? rank + 1 : 0);
                int nd = d < 0 ? d + rank : d;
                for (int k = b.between(0, 2); k > 0; k--) {
                    int[] s = shape.clone();
                    if (op.equals("cat") && rank > 0) s[nd] = b.between(0, 3);
                    parts.add(b.maybeGrad(b.chance(0.85) ? dt : b.pick(CaseBuilder.ALL), s, Domain.ANY, grad));
                }
                yield b.build(op, 1, parts, (long) d);
            }
            case "split" -> b.build(op, 1, x, (long) b.between(1, 3), (long) b.dim(rank));
            case "chunk" -> b.build(op, 1, x, (long) b.between(1, 4), (long) b.dim(rank));
            case "unbind" -> b.build(op, 1, x, (long) b.dim(rank));
            case "flip" ->
                b.build(op, 1, x, ReductionCases.dims(b, rank) instanceof List<?> l ? l : List.of((long) b.dim(rank)));
            case "roll" -> {
                if (rank == 0 || b.chance(0.2)) yield b.build(op, 1, x, (long) b.between(-5, 5), null);
                Object dims = ReductionCases.dims(b, rank);
                if (dims instanceof Long) yield b.build(op, 1, x, (long) b.between(-5, 5), dims);
                List<Object> shifts = new ArrayList<>();
                for (Object ignored : (List<?>) dims) shifts.add((long) b.between(-5, 5));
                yield b.build(op, 1, x, shifts, dims);
            }
            default -> b.build(op, 1, x, b.pick(CaseBuilder.ALL).label());
        };
    }

    /** A random shape with {@code n} elements (a -1 now and then), or {@code like} itself. */
    private static int[] factor(CaseBuilder b, int n) {
        if (n == 0) return b.chance(0.5) ? new int[] {0} : new int[] {2, 0, b.between(1, 3)};
        List<Integer> parts = new ArrayList<>();
        int rest = n;
        for (int p = 2; p <= rest; ) {
            if (rest % p == 0 && b.chance(0.6)) {
                parts.add(p);
                rest /= p;
            } else p++;
        }
        parts.add(rest);
        if (b.chance(0.3)) parts.add(b.between(0, parts.size()), 1);
        int[] out = parts.stream().mapToInt(Integer::intValue).toArray();
        if (out.length > 1 && b.chance(0.3)) out[b.between(0, out.length - 1)] = -1;
        return out;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("reshape", a -> a.t(0).reshape(a.ints(1)));
        ops.put("view", a -> a.t(0).view(a.ints(1)));
        ops.put("flatten", a -> a.t(0).flatten(a.i(1), a.i(2)));
        ops.put("unflatten", a -> a.t(0).unflatten(a.i(1), a.ints(2)));
        ops.put("permute", a -> a.t(0).permute(a.ints(1)));
        ops.put("transpose", a -> a.t(0).transpose(a.i(1), a.i(2)));
        ops.put("squeeze_all", a -> a.t(0).squeeze());
        ops.put("squeeze", a -> a.t(0).squeeze(a.i(1)));
        ops.put("unsqueeze", a -> a.t(0).unsqueeze(a.i(1)));
        ops.put("expand", a -> a.t(0).expand(a.ints(1)));
        ops.put("cat", a -> Tensor.cat(a.tensors(0), a.i(1)));
        ops.put("stack", a -> Tensor.stack(a.tensors(0), a.i(1)));
        ops.put("split", a -> a.t(0).split(a.i(1), a.i(2)));
        ops.put("chunk", a -> a.t(0).chunk(a.i(1), a.i(2)));
        ops.put("unbind", a -> a.t(0).unbind(a.i(1)));
        ops.put("flip", a -> a.t(0).flip(a.ints(1)));
        ops.put("roll", a -> a.isNull(2) ? a.t(0).roll(a.i(1)) : a.t(0).roll(a.ints(1), a.ints(2)));
        ops.put("t", a -> a.t(0).t());
        ops.put("mT", a -> a.t(0).mT());
        ops.put("contiguous", a -> a.t(0).contiguous());
        ops.put("clone", a -> a.t(0).clone());
        ops.put("to", a -> a.t(0).to(DType.parse(a.s(1))));
    }
}
