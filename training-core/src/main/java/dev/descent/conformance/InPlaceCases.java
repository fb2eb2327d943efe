package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In-place ops: on plain tensors of every dtype and layout (casting rules; writes into broadcast views refused), on
 * tensors inside a graph (a = 2x; a.op_(...); a * x), and on views of such tensors, whose base then backpropagates
 * through the write as PyTorch's CopySlices does.
 */
final class InPlaceCases implements Family {
    private static final List<String> METHODS =
            List.of("add_", "sub_", "mul_", "div_", "clamp_", "relu_", "neg_", "sqrt_", "zero_", "fill_", "copy_");

    @Override
    public String name() {
        return "inplace";
    }

    @Override
    public int weight() {
        return 80;
    }

    @Override
    public Case draw(CaseBuilder b) {
        b.specials = 0; // copy_ of an infinity into an integer tensor is undefined in C, and differs
        String method = b.pick(METHODS);
        int kind = b.between(0, 3);
        if (kind == 0) {
            DType dt = b.pick(CaseBuilder.ALL);
            int[] shape = b.shape(0, 3);
            Domain domain = method.equals("sqrt_") ? Domain.POSITIVE : Domain.ANY;
            Case.Ref x = b.input(dt, shape, domain, false, true, true);
            List<Object> args = new ArrayList<>(List.of(x, method));
            args.addAll(operands(b, method, b.pick(CaseBuilder.ALL), b.broadcastPartner(shape), false));
            return b.build("inplace", 0, args.toArray());
        }
        DType dt = b.floatType();
        int[] shape = b.shape(kind == 1 ? 0 : 1, 3);
        for (int i = 0; i < shape.length; i++) shape[i] = Math.max(shape[i], kind == 1 ? 0 : 2);
        Domain domain = method.equals("sqrt_") ? Domain.POSITIVE : Domain.AWAY_FROM_ZERO;
        int viewKind = b.between(0, shape.length >= 2 ? 4 : 3);
        // Elementwise results keep a permuted input's layout in PyTorch (always row-major in Descent), and view()
        // depends on the layout: view a contiguous input only.
        Case.Ref x = b.input(dt, shape, domain, true, viewKind != 3, false);
        if (kind == 1) {
            List<Object> args = new ArrayList<>(List.of(x, method));
            args.addAll(operands(b, method, b.chance(0.8) ? dt : b.floatType(), b.broadcastPartner(shape), true));
            return b.build("inplace_nonleaf", 1, args.toArray());
        }
        int rank = shape.length, d = b.between(0, rank - 1);
        List<Object> view = switch (viewKind) {
            case 0 -> List.of("select", (long) d, (long) b.between(0, shape[d] - 1));
            case 1 -> List.of("narrow", (long) d, (long) b.between(0, 1), (long) b.between(0, shape[d] - 1));
            case 2 -> List.of("slice", (long) d, (long) b.between(0, 1), (long) shape[d], (long) b.between(1, 2));
            case 3 -> List.of("view", CaseBuilder.boxed(new int[] {-1}));
            default -> List.of("transpose", 0L, (long) (rank - 1));
        };
        int[] viewShape = viewShape(shape, view);
        List<Object> args = new ArrayList<>(List.of(x, view, method));
        int[] operandShape =
                viewShape.length > 0 && b.chance(0.3) ? new int[] {viewShape[viewShape.length - 1]} : viewShape;
        args.addAll(operands(b, method, dt, operandShape, true));
        return b.build(kind == 2 ? "inplace_view" : "inplace_view_then_base", 1, args.toArray());
    }

    /** The shape of {@code view} of a tensor of {@code shape}. */
    private static int[] viewShape(int[] shape, List<Object> view) {
        int d = view.size() > 1 && view.get(1) instanceof Long l ? l.intValue() : 0;
        int[] s = shape.clone();
        return switch ((String) view.getFirst()) {
            case "select" -> {
                int[] out = new int[s.length - 1];
                for (int i = 0, k = 0; i < s.length; i++) if (i != d) out[k++] = s[i];
                yield out;
            }
            case "narrow" -> {
                s[d] = ((Long) view.get(3)).intValue();
                yield s;
            }
            case "slice" -> {
                int start = ((Long) view.get(2)).intValue(),
                        end = ((Long) view.get(3)).intValue(),
                        step = ((Long) view.get(4)).intValue();
                s[d] = end > start ? (end - start - 1) / step + 1 : 0;
                yield s;
            }
            case "view" -> new int[] {CaseBuilder.numel(shape)};
            default -> {
                int t = s[0];
                s[0] = s[s.length - 1];
                s[s.length - 1] = t;
                yield s;
            }
        };
    }

    /** The method's arguments after self: an operand tensor or a Python number, or bounds, or nothing. */
    private static List<Object> operands(CaseBuilder b, String method, DType dt, int[] shape, boolean grad) {
        return switch (method) {
            case "add_", "sub_", "mul_", "div_" -> {
                Domain domain = method.equals("div_") ? Domain.AWAY_FROM_ZERO : Domain.ANY;
                yield switch (b.between(0, 3)) {
                    case 0 -> List.of((long) b.pick(-2, -1, 2, 3));
                    case 1 -> List.of(b.pick(-1.5, 0.5, 2.5));
                    case 2 -> List.of(b.maybeGrad(dt, new int[0], domain, grad && b.chance(0.5)));
                    default -> List.of(b.maybeGrad(dt, shape, domain, grad && b.chance(0.5)));
                };
            }
            case "clamp_" ->
                b.chance(0.5)
                        ? List.of((long) b.between(-2, 0), (long) b.between(0, 2))
                        : List.of(b.pick(-1.5, -0.5), b.pick(0.5, 1.25));
            case "fill_" -> List.of(b.chance(0.5) ? (Object) (long) b.between(-2, 2) : (Object) 1.5);
            case "copy_" -> List.of(b.maybeGrad(dt, shape, Domain.ANY, grad && b.chance(0.5)));
            default -> List.of();
        };
    }

    static Tensor apply(Tensor x, String method, Args a, int from) {
        return switch (method) {
            case "add_" ->
                a.isTensor(from) ? x.add_(a.t(from)) : a.isLong(from) ? x.add_(a.l(from)) : x.add_(a.d(from));
            case "sub_" ->
                a.isTensor(from) ? x.sub_(a.t(from)) : a.isLong(from) ? x.sub_(a.l(from)) : x.sub_(a.d(from));
            case "mul_" ->
                a.isTensor(from) ? x.mul_(a.t(from)) : a.isLong(from) ? x.mul_(a.l(from)) : x.mul_(a.d(from));
            case "div_" ->
                a.isTensor(from) ? x.div_(a.t(from)) : a.isLong(from) ? x.div_(a.l(from)) : x.div_(a.d(from));
            case "clamp_" -> a.isLong(from) ? x.clamp_(a.l(from), a.l(from + 1)) : x.clamp_(a.d(from), a.d(from + 1));
            case "relu_" -> x.relu_();
            case "neg_" -> x.neg_();
            case "sqrt_" -> x.sqrt_();
            case "zero_" -> x.zero_();
            case "fill_" -> a.isLong(from) ? x.fill_((double) a.l(from)) : x.fill_(a.d(from));
            case "copy_" -> x.copy_(a.t(from));
            default -> throw new IllegalArgumentException("unknown in-place method " + method);
        };
    }

    static Tensor view(Tensor y, List<Object> view) {
        return switch ((String) view.getFirst()) {
            case "select" -> y.select(Args.ints(view.get(1))[0], Args.ints(view.get(2))[0]);
            case "narrow" -> y.narrow(Args.ints(view.get(1))[0], Args.ints(view.get(2))[0], Args.ints(view.get(3))[0]);
            case "slice" ->
                y.slice(
                        Args.ints(view.get(1))[0],
                        Args.ints(view.get(2))[0],
                        Args.ints(view.get(3))[0],
                        Args.ints(view.get(4))[0]);
            case "transpose" -> y.transpose(Args.ints(view.get(1))[0], Args.ints(view.get(2))[0]);
            case "view" -> y.view(Args.ints(view.get(1)));
            default -> throw new IllegalArgumentException("unknown view " + view);
        };
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("inplace", a -> apply(a.t(0), a.s(1), a, 2));
        ops.put("inplace_nonleaf", a -> {
            Tensor x = a.t(0), y = x.mul(2L);
            apply(y, a.s(1), a, 2);
            return y.mul(x);
        });
        ops.put("inplace_view", a -> {
            Tensor x = a.t(0), y = x.mul(1L);
            apply(view(y, a.list(1)), a.s(2), a, 3);
            return y.mul(x);
        });
        ops.put("inplace_view_then_base", a -> {
            Tensor x = a.t(0), y = x.mul(1L);
            Tensor v = view(y, a.list(1));
            apply(v, a.s(2), a, 3);
            return List.of(y, v.mul(3L));
        });
    }
}
