package dev.descent.ops;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Raw kernel calls without autograd: allocate the output, broadcast and promote the operands, run the backend. Ops'
 * forwards are written with these; user code should call the {@link Tensor} methods.
 */
public final class Kernels {
    private Kernels() {}

    public static Tensor empty(Shape shape, DType dtype, Tensor like) {
        return Tensor.empty(shape, dtype, like.backend());
    }

    public static Tensor unary(UnaryOp op, Tensor x, double p, double q) {
        DType dt = x.dtype();
        checkUnary(op, dt);
        if (!dt.isFloatingPoint() && needsFloat(op)) {
            x = cast(x, DType.FLOAT32);
            dt = DType.FLOAT32;
        }
        Tensor out = empty(x.shape(), dt, x);
        x.backend().unary(op, x, out, p, q);
        return out;
    }

    /** Refuses what PyTorch refuses: some activations on integers, negation and rounding on bools. */
    public static void checkUnary(UnaryOp op, DType dt) {
        if (!dt.isFloatingPoint() && floatOnly(op))
            throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs a floating-point tensor, got " + dt.label() + " (as in PyTorch, it does not convert)");
        if (dt == DType.BOOL && !onBools(op))
            throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                    + " is not defined for bool tensors; convert it first");
    }

    /**
     * Whether a result of type {@code from} may be written into a tensor of type {@code to} (PyTorch's can_cast): not
     * floating into integer or bool, and nothing but bool into bool.
     */
    public static boolean canCast(DType from, DType to) {
        if (from.isFloatingPoint() && !to.isFloatingPoint()) return false;
        return from == DType.BOOL || to != DType.BOOL;
    }

    /**
     * Activations PyTorch defines on floating tensors only (it converts integers for exp, log, sigmoid and the like).
     */
    private static boolean floatOnly(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU, GELU, GELU_TANH -> true;
            default -> false;
        };
    }

    /** What PyTorch computes on bool tensors (negation and the rounding ops it refuses). */
    private static boolean onBools(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, RELU, FLOOR, CEIL, ROUND -> false;
            default -> true;
        };
    }

    /** Whether the op gives a floating result for an integer input. */
    static boolean needsFloat(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, RELU, CLAMP, FLOOR, CEIL, ROUND, LOGICAL_NOT, POW -> false;
            default -> true;
        };
    }

    /**
     * The dtype of an op's result under PyTorch's rules, in three tiers: tensors with dimensions promote among
     * themselves; a 0-dim tensor counts only where it is of a higher category (bool, integer, floating) than they, and
     * then with its own dtype; a wrapped number ({@link Tensor#number}) likewise, as int64 or float32.
     */
    public static DType resultType(Tensor a, Tensor b) {
        // The common case, two tensors with dimensions, without the tiers (or an array): every elementwise op asks.
        if (a.dim() > 0 && b.dim() > 0 && !a.isWrappedNumber() && !b.isWrappedNumber())
            return DType.promote(a.dtype(), b.dtype());
        return resultType(new Tensor[] {a, b});
    }

    /** {@link #resultType(Tensor, Tensor)} over any number of operands. */
    public static DType resultType(Tensor... operands) {
        DType dims = null, zeroDim = null, numbers = null;
        for (Tensor t : operands) {
            DType d = t.dtype();
            if (t.isWrappedNumber()) numbers = promote(numbers, d.isFloatingPoint() ? DType.FLOAT32 : d);
            else if (t.dim() > 0) dims = promote(dims, d);
            else zeroDim = promote(zeroDim, d);
        }
        return combine(dims, combine(zeroDim, numbers));
    }

    private static DType promote(DType a, DType b) {
        return a == null ? b : b == null ? a : DType.promote(a, b);
    }

    /** The higher tier's dtype unless the lower tier is of a higher category (PyTorch's combine_categories). */
    private static DType combine(DType higher, DType lower) {
        if (higher == null) return lower;
        if (lower == null || higher.isFloatingPoint()) return higher;
        if (higher == DType.BOOL || lower.isFloatingPoint()) return DType.promote(higher, lower);
        return higher;
    }

    /** a op b with broadcasting; the result has the promoted dtype (float32 for int / int). */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b, double alpha) {
        if (op == BinaryOp.SUB && (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL))
            throw new IllegalArgumentException("subtraction with a bool tensor is not supported; to invert a mask use"
                    + " logicalNot(), to count use to(DType.INT64) first");
        DType dt = resultType(a, b);
        if (dt == DType.BOOL
                && (op == BinaryOp.POW
                        || op == BinaryOp.FLOOR_DIVIDE
                        || op == BinaryOp.FMOD
                        || op == BinaryOp.REMAINDER))
            throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                    + " is not defined for two bool tensors; convert one first");
        if (op == BinaryOp.DIV && !dt.isFloatingPoint()) dt = DType.FLOAT32;
        Shape shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = empty(shape, dt, a);
        a.backend().binary(op, broadcastTo(cast(a, dt), shape), broadcastTo(cast(b, dt), shape), out, alpha);
        return out;
    }

    /** A bool tensor from a comparison or logical op, with broadcasting. */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        DType dt = resultType(a, b);
        Shape shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = empty(shape, DType.BOOL, a);
        a.backend().binary(op, broadcastTo(cast(a, dt), shape), broadcastTo(cast(b, dt), shape), out, 0);
        return out;
    }

    /** A contiguous copy converted to {@code dtype} (t itself when it already has it), without autograd. */
    public static Tensor cast(Tensor t, DType dtype) {
        if (t.dtype() == dtype) return t;
        Tensor out = empty(t.shape(), dtype, t);
        t.backend().copy(t, out);
        return out;
    }

    /** A contiguous copy, without autograd. */
    public static Tensor copy(Tensor t) {
        Tensor out = empty(t.shape(), t.dtype(), t);
        t.backend().copy(t, out);
        return out;
    }

    /** A stride-0 view of t with a broadcast shape (no autograd). */
    public static Tensor broadcastTo(Tensor t, Shape shape) {
        if (t.shape().equals(shape)) return t;
        int rank = shape.dim(), lead = rank - t.dim();
        if (lead < 0) throw new IllegalArgumentException("cannot broadcast shape " + t.shape() + " to " + shape);
        int[] strides = new int[rank];
        int[] ts = t.strides();
        for (int i = 0; i < rank; i++) {
            if (i < lead) continue;
            int size = t.size(i - lead);
            if (size == shape.size(i)) strides[i] = ts[i - lead];
            else if (size != 1)
                throw new IllegalArgumentException("cannot broadcast shape " + t.shape() + " to " + shape + " (size "
                        + size + " at dimension " + i + ")");
        }
        return t.asStrided(shape.toArray(), strides, t.offset());
    }

    /** Normalised, sorted, de-duplicated reduction dims; null means all. */
    public static boolean[] reduceMask(Shape shape, int[] dims) {
        boolean[] mask = new boolean[shape.dim()];
        if (dims == null) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int n = shape.normalize(d);
            if (shape.dim() == 0) continue; // a 0-dim tensor takes dim 0 or -1, and has nothing to reduce
            if (mask[n])
                throw new IllegalArgumentException("dimension " + d + " appears more than once in the reduction dims");
            mask[n] = true;
        }
        return mask;
    }

    /** The keepdim shape of a reduction: reduced dims become 1. */
    public static Shape keptShape(Shape shape, boolean[] mask) {
        int[] dims = shape.toArray();
        for (int i = 0; i < dims.length; i++) if (mask[i]) dims[i] = 1;
        return Shape.of(dims);
    }

    /** The shape without the reduced dims. */
    public static Shape squeezedShape(Shape shape, boolean[] mask) {
        int n = 0;
        for (boolean m : mask) if (!m) n++;
        int[] dims = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (!mask[i]) dims[k++] = shape.size(i);
        return Shape.of(dims);
    }

    /** Reduction into the keepdim shape (SUM keeps the dtype for floats, widens ints to int64). */
    public static Tensor reduce(ReduceOp op, Tensor x, boolean[] mask) {
        DType dt = x.dtype();
        if ((op == ReduceOp.SUM || op == ReduceOp.SUM_SQUARES) && !dt.isFloatingPoint()) {
            x = cast(x, DType.INT64);
            dt = DType.INT64;
        }
        Tensor out = empty(keptShape(x.shape(), mask), dt, x);
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            for (int d = 0; d < mask.length; d++) {
                if (mask[d] && x.size(d) == 0)
                    throw new IllegalArgumentException("max/min over the empty dimension " + d + " of shape "
                            + x.shape() + " is undefined; reduce over dimensions that have elements");
            }
        }
        if (out.numel() > 0) x.backend().reduce(op, x, out);
        return out;
    }

    public static Tensor argReduce(Tensor x, int d, boolean keepdim, boolean max) {
        if (x.dim() == 0) {
            x.shape().normalize(d);
            return empty(Shape.SCALAR, DType.INT64, x);
        }
        int n = x.shape().normalize(d);
        boolean[] mask = new boolean[x.dim()];
        mask[n] = true;
        Tensor out = empty(keptShape(x.shape(), mask), DType.INT64, x);
        if (x.size(n) == 0)
            throw new IllegalArgumentException("argmax/argmin over an empty dimension " + d + " of shape " + x.shape());
        if (out.numel() > 0) x.backend().reduce(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x, out);
        return keepdim ? out : out.squeeze(n);
    }

    /** Checks that an index tensor is integral and returns it as int64. */
    public static Tensor indexTensor(Tensor index, String op) {
        if (index.dtype().isFloatingPoint() || index.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": index must be an integer tensor, got "
                    + index.dtype().label());
        }
        return cast(index, DType.INT64);
    }

    /** One-hot rows of {@code numClasses}; -1 takes the largest label + 1, as PyTorch's one_hot does. */
    public static Tensor oneHot(Tensor labels, int numClasses) {
        Tensor idx = indexTensor(labels, "oneHot");
        if (numClasses == -1) {
            if (idx.numel() == 0)
                throw new IllegalArgumentException("oneHot: cannot infer the number of classes from an empty tensor");
            numClasses = Math.toIntExact(idx.max().itemLong() + 1);
        }
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be > 0, got " + numClasses);
        if (idx.numel() > 0) {
            long lo = idx.min().itemLong(), hi = idx.max().itemLong();
            if (lo < 0 || hi >= numClasses) {
                throw new IllegalArgumentException(
                        "oneHot: class values must be in [0, " + numClasses + "), got range [" + lo + ", " + hi + "]");
            }
        }
        Shape shape = Shape.of(appendDim(idx.sizes(), numClasses));
        Tensor out = empty(shape, DType.INT64, idx);
        Tensor ones = Tensor.ones(DType.INT64, shape.toArray()).to(idx.backend());
        idx.backend()
                .scatterAdd(
                        out,
                        shape.dim() - 1,
                        idx.unsqueeze(-1).contiguous(),
                        broadcastTo(ones.narrow(-1, 0, 1), Shape.of(appendDim(idx.sizes(), 1))));
        return out;
    }

    private static int[] appendDim(int[] dims, int last) {
        int[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = last;
        return out;
    }
}
