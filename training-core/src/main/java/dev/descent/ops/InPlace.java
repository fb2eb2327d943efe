package dev.descent.ops;

import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Locale;

/**
 * In-place arithmetic. Without a graph to record it writes straight into the tensor. When the tensor is part of a
 * graph, it computes the out-of-place op (which records the history), copies the result in and takes over its history,
 * as PyTorch does; the version counter tells saved copies that the data changed. An op whose backward needs the old
 * values computes from a copy of them, since the write replaces them. A write through a view gives the view's base the
 * history of the write ({@link CopySlicesOp}), and the base's other views follow it.
 */
public final class InPlace {
    private InPlace() {}

    /**
     * Refuses in-place writes to leaves that require grad while a graph is being recorded, and writes into a broadcast
     * view, where several elements are one memory location and each would be written many times.
     */
    public static void check(Tensor t, String op) {
        checkLeaf(t, op);
        for (int d = 0; d < t.dim() && t.numel() > 0; d++) {
            if (t.size(d) > 1 && t.stride(d) == 0) {
                throw new IllegalArgumentException(op + ": more than one element of the written-to tensor (shape "
                        + t.shape() + ", strides " + java.util.Arrays.toString(t.strides())
                        + ") refers to a single memory location; clone() it before writing to it");
            }
        }
    }

    private static void checkLeaf(Tensor t, String op) {
        if (GradMode.isEnabled() && t.requiresGrad() && t.isLeaf()) {
            throw new IllegalStateException("a leaf tensor that requires grad is used in an in-place operation (" + op
                    + "); run it inside GradMode.noGrad() or use the out-of-place version");
        }
    }

    public static Tensor binary(Tensor self, BinaryOp op, Tensor other, double alpha) {
        String name = op.name().toLowerCase(Locale.ROOT) + "_";
        check(self, name);
        checkShape(self, other.shape(), name);
        if (op == BinaryOp.SUB && (self.dtype() == DType.BOOL || other.dtype() == DType.BOOL))
            throw new IllegalArgumentException("sub_: subtraction with a bool tensor is not supported");
        DType rt = Kernels.resultType(self, other);
        if (op == BinaryOp.DIV && !rt.isFloatingPoint()) rt = DType.FLOAT32;
        checkCast(rt, self, name);
        if (GradMode.isEnabled() && (self.requiresGrad() || other.requiresGrad())) {
            // Mul and Div keep self for other's gradient: keep the values it has now, not the ones written below.
            Tensor old = (op == BinaryOp.MUL || op == BinaryOp.DIV) && other.requiresGrad() ? self.clone() : self;
            Tensor result = switch (op) {
                case ADD -> self.add(other, alpha);
                case SUB -> self.add(other, -alpha);
                case MUL -> old.mul(other);
                case DIV -> old.div(other);
                default -> throw new UnsupportedOperationException(name + " is not differentiable in place");
            };
            return adopt(self, result, name);
        }
        self.backend().binary(op, self, operand(self, Kernels.cast(other, self.dtype())), self, alpha);
        self.storage().bumpVersion();
        return self;
    }

    /** self = beta self + alpha b c (ADDCMUL), likewise ADDCDIV and ADDCDIV_SQRT; one pass, no graph. */
    public static Tensor ternary(
            Tensor self, TernaryOp op, Tensor b, Tensor c, double alpha, double beta, double gamma) {
        String name = op.name().toLowerCase(Locale.ROOT) + "_";
        check(self, name);
        if (GradMode.isEnabled() && (self.requiresGrad() || b.requiresGrad() || c.requiresGrad())) {
            throw new UnsupportedOperationException(
                    name + " is a fused update for optimizers and records no graph; run it under GradMode.noGrad()");
        }
        if (!self.dtype().isFloatingPoint())
            throw new IllegalArgumentException(
                    name + " needs a floating-point tensor, got " + self.dtype().label());
        checkShape(self, b.shape(), name);
        checkShape(self, c.shape(), name);
        self.backend()
                .ternary(
                        op,
                        self,
                        operand(self, Kernels.cast(b, self.dtype())),
                        operand(self, Kernels.cast(c, self.dtype())),
                        self,
                        alpha,
                        beta,
                        gamma);
        self.storage().bumpVersion();
        return self;
    }

    public static Tensor unary(Tensor self, UnaryOp op, double p, double q) {
        String name = op.name().toLowerCase(Locale.ROOT) + "_";
        check(self, name);
        Kernels.checkUnary(op, self.dtype());
        if (!self.dtype().isFloatingPoint() && Kernels.needsFloat(op)) checkCast(DType.FLOAT32, self, name);
        if (GradMode.isEnabled() && self.requiresGrad()) {
            // Relu and Clamp keep their input for backward: the values it has now, not the ones written below.
            Tensor old = op == UnaryOp.RELU || op == UnaryOp.CLAMP ? self.clone() : self;
            Tensor result = switch (op) {
                case CLAMP -> old.clamp(p, q);
                case SQRT -> self.sqrt();
                case NEG -> self.neg();
                case RELU -> old.relu();
                default -> throw new UnsupportedOperationException(name + " is not differentiable in place");
            };
            return adopt(self, result, name);
        }
        self.backend().unary(op, self, self, p, q);
        self.storage().bumpVersion();
        return self;
    }

    /** Refuses to write a result of type {@code rt} into self where PyTorch would (float into int, int into bool). */
    public static void checkCast(DType rt, Tensor self, String name) {
        if (!Kernels.canCast(rt, self.dtype()))
            throw new IllegalArgumentException(
                    name + ": result type " + rt.label() + " can't be cast to the desired output type "
                            + self.dtype().label());
    }

    /** Copies src (broadcast to self's shape, converted to self's dtype) into self: {@code self.copy_(src)}. */
    public static Tensor copy(Tensor self, Tensor src) {
        check(self, "copy_");
        checkShape(self, src.shape(), "copy_");
        if (GradMode.isEnabled()
                && (self.requiresGrad() || (src.requiresGrad() && self.dtype().isFloatingPoint()))) {
            // Recorded: self's old values get no gradient, src gets self's, summed over what was broadcast.
            return adopt(self, new OverwriteOp().apply(self, src.to(self.backend())), "copy_");
        }
        self.backend().copy(operand(self, src.to(self.backend())), self);
        self.storage().bumpVersion();
        return self;
    }

    /**
     * An in-place op writes into self as it is: an operand may broadcast up to self's shape, but never self up to the
     * operand's.
     */
    private static void checkShape(Tensor self, Shape operand, String name) {
        Shape broadcast;
        try {
            broadcast = Shape.broadcast(self.shape(), operand);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        if (!broadcast.equals(self.shape())) {
            throw new IllegalArgumentException(
                    name + ": output with shape " + self.shape() + " doesn't match the broadcast shape " + broadcast);
        }
    }

    /**
     * The operand broadcast to self's shape. When it reads memory that self writes (a transposed, shifted or broadcast
     * view of the same storage) it is copied first, so the result is as if it had been read whole before the write: a
     * kernel walking self would otherwise read elements it has already overwritten.
     */
    private static Tensor operand(Tensor self, Tensor other) {
        Tensor b = Kernels.broadcastTo(other, self.shape());
        return b.storage() == self.storage() && overlaps(self, b) && !sameLayout(self, b)
                ? Kernels.broadcastTo(Kernels.copy(other), self.shape())
                : b;
    }

    /** Whether the storage ranges the two views span meet (a cheap test that may say yes for interleaved views). */
    private static boolean overlaps(Tensor a, Tensor b) {
        if (a.numel() == 0 || b.numel() == 0) return false;
        long[] ra = span(a), rb = span(b);
        return ra[0] <= rb[1] && rb[0] <= ra[1];
    }

    private static long[] span(Tensor t) {
        long lo = t.offset(), hi = t.offset();
        for (int d = 0; d < t.dim(); d++) {
            long reach = (long) (t.size(d) - 1) * t.stride(d);
            if (reach < 0) lo += reach;
            else hi += reach;
        }
        return new long[] {lo, hi};
    }

    /**
     * Same offset and the same stride in every dimension that has more than one element: element i reads what it
     * writes.
     */
    private static boolean sameLayout(Tensor a, Tensor b) {
        if (a.offset() != b.offset()) return false;
        for (int d = 0; d < a.dim(); d++) if (a.size(d) > 1 && a.stride(d) != b.stride(d)) return false;
        return true;
    }

    /** Fills self with value: recorded (with a zero gradient for what was there) when self is in a graph. */
    public static Tensor fill(Tensor self, double value) {
        // Broadcast (stride-0) views may be filled: every element they alias gets the same value anyway.
        checkLeaf(self, "fill_");
        if (GradMode.isEnabled() && self.requiresGrad()) {
            Tensor v = Tensor.scalar(value, self.dtype()).to(self.backend());
            return adopt(self, new OverwriteOp().apply(self, v), "fill_");
        }
        self.backend().fill(self, value);
        self.storage().bumpVersion();
        return self;
    }

    /** Writes the out-of-place result into self and gives self (or, for a view, its base) the result's history. */
    private static Tensor adopt(Tensor self, Tensor result, String name) {
        if (!result.shape().equals(self.shape())) {
            throw new IllegalArgumentException(name + ": output with shape " + self.shape()
                    + " doesn't match the broadcast shape " + result.shape());
        }
        Tensor base = self.base();
        if (base != null && base.isLeaf() && base.requiresGrad()) {
            throw new IllegalStateException("a view of a leaf tensor that requires grad is used in an in-place"
                    + " operation (" + name + "); run it inside GradMode.noGrad() or clone() the view first");
        }
        ViewGeometry geometry = base == null ? null : ViewGeometry.of(base, self);
        self.backend().copy(result, self);
        self.storage().bumpVersion();
        if (base == null) {
            self.rebaseHistory(result);
        } else {
            base.rebaseHistory(new CopySlicesOp(geometry).apply(base, result));
            self.rebaseHistory(new AsStridedOp(geometry).apply(base));
        }
        return self;
    }
}
