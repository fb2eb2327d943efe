package dev.descent.conformance;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a case through Descent, as {@code torch_oracle.py} runs it through PyTorch: builds the leaves and their views,
 * applies the op, and differentiates sum_k sum(out_k * w_k) (w_k from {@link Values#weights}) with respect to the
 * leaves that require grad, once or, for order-2 cases, a second time through the graph of the first.
 */
final class DescentRunner {
    private final Map<String, Op> ops;

    DescentRunner(Map<String, Op> ops) {
        this.ops = ops;
    }

    Outcome run(Case c) {
        Op op = ops.get(c.op());
        if (op == null) return Outcome.failed("no Java side for op '" + c.op() + "'");
        try (var _ = GradMode.enableGrad()) {
            List<Tensor> operands = new ArrayList<>(), gradLeaves = new ArrayList<>();
            for (CaseInput in : c.inputs()) {
                Tensor leaf = leaf(in);
                if (in.grad()) {
                    leaf.requiresGrad_();
                    gradLeaves.add(leaf);
                }
                operands.add(view(leaf, in.views()));
            }
            List<Object> outputs = new ArrayList<>();
            try {
                Object[] args = new Object[c.args().size()];
                for (int i = 0; i < args.length; i++) args[i] = resolve(c.args().get(i), operands);
                flatten(op.apply(new Args(args)), outputs);
            } catch (RuntimeException e) {
                return Outcome.failed(message(e));
            }
            List<TensorValue> out = new ArrayList<>();
            for (Object o : outputs)
                out.add(o instanceof Tensor t ? TensorValue.of(t) : TensorValue.scalar(((Number) o).doubleValue()));
            if (gradLeaves.isEmpty() || c.order() == 0) return new Outcome(out, null, null, null, null);
            try {
                return gradients(out, outputs, gradLeaves, c.order());
            } catch (RuntimeException e) {
                return new Outcome(out, null, null, null, message(e));
            }
        }
    }

    private static Outcome gradients(List<TensorValue> out, List<Object> outputs, List<Tensor> leaves, int order) {
        Tensor loss = null;
        for (int k = 0; k < outputs.size(); k++) {
            if (outputs.get(k) instanceof Tensor o && o.requiresGrad()) {
                Tensor term = o.mul(Values.weights(o, k)).sum();
                loss = loss == null ? term : loss.add(term);
            }
        }
        List<TensorValue> none = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) none.add(null);
        if (loss == null) return new Outcome(out, null, none, order > 1 ? none : null, null);
        loss.backward(Tensor.onesLike(loss), order > 1, order > 1);
        List<Tensor> grads = new ArrayList<>();
        for (Tensor leaf : leaves) grads.add(leaf.grad());
        List<TensorValue> first = values(grads);
        if (order < 2) return new Outcome(out, null, first, null, null);
        for (Tensor leaf : leaves) leaf.setGrad(null);
        Tensor loss2 = null;
        for (int k = 0; k < grads.size(); k++) {
            Tensor g = grads.get(k);
            if (g != null && g.requiresGrad()) {
                Tensor term = g.mul(Values.weights(g, k + 50)).sum();
                loss2 = loss2 == null ? term : loss2.add(term);
            }
        }
        if (loss2 == null) return new Outcome(out, null, first, none, null);
        loss2.backward();
        List<Tensor> second = new ArrayList<>();
        for (Tensor leaf : leaves) second.add(leaf.grad());
        return new Outcome(out, null, first, values(second), null);
    }

    private static List<TensorValue> values(List<Tensor> ts) {
        List<TensorValue> out = new ArrayList<>();
        for (Tensor t : ts) out.add(t == null ? null : TensorValue.of(t));
        return out;
    }

    static Tensor leaf(CaseInput in) {
        Tensor t = in.shape().length == 0
                ? Tensor.scalar(in.data()[0], DType.FLOAT64)
                : Tensor.fromArray(in.data(), in.shape());
        return t.to(in.dtype());
    }

    static Tensor view(Tensor x, List<List<Object>> views) {
        for (List<Object> v : views) {
            x = switch ((String) v.getFirst()) {
                case "permute" -> x.permute(Args.ints(v.get(1)));
                case "slice" ->
                    x.slice(
                            ((Number) v.get(1)).intValue(),
                            ((Number) v.get(2)).intValue(),
                            ((Number) v.get(3)).intValue(),
                            ((Number) v.get(4)).intValue());
                case "expand" -> x.expand(Args.ints(v.get(1)));
                default -> throw new IllegalArgumentException("unknown view " + v);
            };
        }
        return x;
    }

    @SuppressWarnings("unchecked")
    private static Object resolve(Object arg, List<Tensor> operands) {
        if (arg instanceof Case.Ref r) return operands.get(r.index());
        if (arg instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object a : (List<Object>) list) out.add(resolve(a, operands));
            return out;
        }
        return arg;
    }

    private static void flatten(Object result, List<Object> into) {
        if (result instanceof List<?> list) for (Object r : list) flatten(r, into);
        else if (result instanceof Tensor.ValuesIndices vi) {
            into.add(vi.values());
            into.add(vi.indices());
        } else into.add(result);
    }

    static String message(Throwable e) {
        String m =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }
}
