package dev.descent.conformance;

import dev.descent.autograd.Gradients;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Second derivatives: cases of the twice-differentiable ops of the other families, differentiated a second time through
 * the graph of their first backward (PyTorch's create_graph), and {@code grad_of}, which takes a gradient inside the
 * function, so that the case's two derivatives are the function's second and third.
 */
final class SecondOrderCases implements Family {
    private static final Set<String> SMOOTH = Set.of(
            "neg",
            "sqrt",
            "rsqrt",
            "reciprocal",
            "exp",
            "log",
            "sin",
            "cos",
            "tanh",
            "sigmoid",
            "erf",
            "square",
            "gelu",
            "pow_scalar",
            "abs",
            "relu",
            "leaky_relu",
            "add",
            "sub",
            "mul",
            "div",
            "pow",
            "rsub",
            "rdiv",
            "add_alpha",
            "maximum",
            "minimum",
            "sum",
            "mean",
            "var",
            "std",
            "logsumexp",
            "norm",
            "softmax",
            "log_softmax",
            "prod",
            "cumsum",
            "amax",
            "matmul",
            "mm",
            "linear",
            "conv1d",
            "conv2d",
            "conv_transpose2d",
            "avg_pool2d",
            "max_pool2d",
            "adaptive_avg_pool2d",
            "pad",
            "layer_norm",
            "batch_norm",
            "rnn_tanh_cell",
            "lstm_cell",
            "gru_cell",
            "mse_loss",
            "smooth_l1_loss",
            "huber_loss",
            "bce",
            "bce_with_logits",
            "cross_entropy",
            "nll_loss",
            "kl_div",
            "gather",
            "index_select",
            "masked_fill",
            "scatter_add",
            "flip",
            "roll",
            "cat",
            "stack",
            "expand",
            "permute",
            "reshape",
            "sort",
            "topk",
            "masked_select",
            "clamp");

    private static final List<String> GRAD_OF = List.of("tanh", "sigmoid", "exp", "sin", "square", "gelu", "erf");

    private final List<Family> sources = List.of(
            new ElementwiseCases(),
            new ReductionCases(),
            new ConvCases(),
            new FunctionalCases(),
            new LossCases(),
            new IndexingCases(),
            new ShapeCases());

    @Override
    public String name() {
        return "second-order";
    }

    @Override
    public int weight() {
        return 70;
    }

    /** Second derivatives in float32 carry the rounding of two backward passes. */
    @Override
    public double tolerance() {
        return 5;
    }

    @Override
    public Case draw(CaseBuilder b) {
        if (b.chance(0.2)) {
            CaseBuilder g = b.fresh(name());
            String fn = b.pick(GRAD_OF);
            Case.Ref x = g.grad(b.floatType(), b.shape(0, 3), Domain.ANY);
            return fn.equals("gelu")
                    ? g.build("grad_of", 2, x, fn, b.pick("none", "tanh"))
                    : g.build("grad_of", 2, x, fn);
        }
        for (int attempt = 0; ; attempt++) {
            Family source = b.pick(sources);
            Case c = source.draw(b.fresh(name()));
            boolean differentiable = c.inputs().stream().anyMatch(CaseInput::grad);
            // PyTorch 1.13 cannot differentiate these twice with a bias but no weight (its backward fails).
            boolean torchFails = (c.op().equals("layer_norm")
                            && c.args().get(2) == null
                            && c.args().get(3) != null)
                    || (c.op().equals("batch_norm")
                            && c.args().get(3) == null
                            && c.args().get(4) != null);
            if ((SMOOTH.contains(c.op()) && differentiable && c.order() > 0 && !torchFails) || attempt > 50)
                return new Case(c.seed(), c.id(), name(), c.op(), c.inputs(), c.args(), 2);
        }
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("grad_of", a -> {
            Tensor x = a.t(0);
            Object[] rest = new Object[a.size() - 1];
            rest[0] = x;
            for (int i = 2; i < a.size(); i++) rest[i - 1] = a.raw(i);
            Tensor y = (Tensor) ops.get(a.s(1)).apply(new Args(rest));
            return Gradients.grad(List.of(y.mul(Values.weights(y, 7)).sum()), List.of(x), null, true, true)
                    .getFirst();
        });
    }
}
