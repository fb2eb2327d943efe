package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * In-place arithmetic. Without a graph to record it writes straight into the tensor. When the tensor is
 * part of a graph, it computes the out-of-place op (which records the history), copies the result in and
 * takes over its history, as PyTorch does; the version counter tells saved copies that the data changed.
 */
public final class InPlace {
    private InPlace() {}

    /** Refuses in-place writes to leaves that require grad while a graph is being recorded. */
    public static void check(Tensor t, String op) {
        if (GradMode.isEnabled() && t.requiresGrad() && t.isLeaf()) {
            throw new IllegalStateException("a leaf tensor that requires grad is used in an in-place operation (" + op
                    + "); run it inside GradMode.noGrad() or use the out-of-place version");
        }
    }

    public static Tensor binary(Tensor self, BinaryOp op, Tensor other, double alpha) {
        String name = op.name().toLowerCase() + "_";
        check(self, name);
        DType rt = Kernels.resultType(self, other);
        if (op == BinaryOp.DIV && !rt.isFloatingPoint()) rt = DType.FLOAT32;
        if (rt.isFloatingPoint() && !self.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": result type " + rt.label() + " can't be cast to the desired output type " + self.dtype().label());
        }
        if (GradMode.isEnabled() && (self.requiresGrad() || other.requiresGrad())) {
            Tensor result = switch (op) {
                case ADD -> self.add(other, alpha);
                case SUB -> self.add(other, -alpha);
                case MUL -> self.mul(other);
                case DIV -> self.div(other);
                default -> throw new UnsupportedOperationException(name + " is not differentiable in place");
            };
            return adopt(self, result, name);
        }
        self.backend().binary(op, self, Kernels.broadcastTo(Kernels.cast(other, self.dtype()), self.shape()), self, alpha);
        self.storage().bumpVersion();
        return self;
    }

    /** self = beta self + alpha b c (ADDCMUL), likewise ADDCDIV and ADDCDIV_SQRT; one pass, no graph. */
    public static Tensor ternary(Tensor self, TernaryOp op, Tensor b, Tensor c, double alpha, double beta, double gamma) {
        String name = op.name().toLowerCase() + "_";
        check(self, name);
        if (GradMode.isEnabled() && (self.requiresGrad() || b.requiresGrad() || c.requiresGrad())) {
            throw new UnsupportedOperationException(name + " is a fused update for optimizers and records no graph; run it under GradMode.noGrad()");
        }
        if (!self.dtype().isFloatingPoint()) throw new IllegalArgumentException(name + " needs a floating-point tensor, got " + self.dtype().label());
        self.backend().ternary(op, self, Kernels.broadcastTo(Kernels.cast(b, self.dtype()), self.shape()),
                Kernels.broadcastTo(Kernels.cast(c, self.dtype()), self.shape()), self, alpha, beta, gamma);
        self.storage().bumpVersion();
        return self;
    }

    public static Tensor unary(Tensor self, UnaryOp op, double p, double q) {
        String name = op.name().toLowerCase() + "_";
        check(self, name);
        if (GradMode.isEnabled() && self.requiresGrad()) {
            Tensor result = switch (op) {
                case CLAMP -> self.clamp(p, q);
                case SQRT -> self.sqrt();
                case NEG -> self.neg();
                case RELU -> self.relu();
                default -> throw new UnsupportedOperationException(name + " is not differentiable in place");
            };
            return adopt(self, result, name);
        }
        self.backend().unary(op, self, self, p, q);
        self.storage().bumpVersion();
        return self;
    }

    private static Tensor adopt(Tensor self, Tensor result, String name) {
        if (self.isView() && self.requiresGrad()) {
            throw new UnsupportedOperationException(name + " on a view of a tensor that requires grad is not supported; clone() it first");
        }
        if (!result.shape().equals(self.shape())) {
            throw new IllegalArgumentException(name + ": output with shape " + self.shape() + " doesn't match the broadcast shape " + result.shape());
        }
        self.backend().copy(result, self);
        self.storage().bumpVersion();
        self.rebaseHistory(result);
        return self;
    }
}
