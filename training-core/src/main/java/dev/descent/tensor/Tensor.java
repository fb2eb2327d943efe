package dev.descent.tensor;

import dev.descent.autograd.Backprop;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.autograd.Node;
import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.backend.Device;
import dev.descent.backend.Generator;
import dev.descent.backend.KernelHook;
import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.ops.AbsOp;
import dev.descent.ops.AddOp;
import dev.descent.ops.AsStridedOp;
import dev.descent.ops.CastOp;
import dev.descent.ops.CatOp;
import dev.descent.ops.CeilOp;
import dev.descent.ops.ClampOp;
import dev.descent.ops.CloneOp;
import dev.descent.ops.CosOp;
import dev.descent.ops.CumSumOp;
import dev.descent.ops.DivOp;
import dev.descent.ops.ErfOp;
import dev.descent.ops.ExpOp;
import dev.descent.ops.ExpandOp;
import dev.descent.ops.ExtremumOp;
import dev.descent.ops.FlipOp;
import dev.descent.ops.FloorDivideOp;
import dev.descent.ops.FloorOp;
import dev.descent.ops.FmodOp;
import dev.descent.ops.GatherOp;
import dev.descent.ops.GeluOp;
import dev.descent.ops.GeluTanhOp;
import dev.descent.ops.InPlace;
import dev.descent.ops.IndexAddOp;
import dev.descent.ops.IndexSelectOp;
import dev.descent.ops.Kernels;
import dev.descent.ops.LeakyReluOp;
import dev.descent.ops.LogOp;
import dev.descent.ops.LogSoftmaxOp;
import dev.descent.ops.MatMulOp;
import dev.descent.ops.MaxMinOp;
import dev.descent.ops.MulOp;
import dev.descent.ops.NegOp;
import dev.descent.ops.NormOp;
import dev.descent.ops.PermuteOp;
import dev.descent.ops.PowOp;
import dev.descent.ops.PowScalarOp;
import dev.descent.ops.ProdOp;
import dev.descent.ops.ReciprocalOp;
import dev.descent.ops.ReluOp;
import dev.descent.ops.RemainderOp;
import dev.descent.ops.ReshapeOp;
import dev.descent.ops.RoundOp;
import dev.descent.ops.ScatterAddOp;
import dev.descent.ops.ScatterOp;
import dev.descent.ops.SigmoidOp;
import dev.descent.ops.SignOp;
import dev.descent.ops.SinOp;
import dev.descent.ops.SliceOp;
import dev.descent.ops.SoftmaxOp;
import dev.descent.ops.Sorting;
import dev.descent.ops.SqrtOp;
import dev.descent.ops.SquareOp;
import dev.descent.ops.StdOp;
import dev.descent.ops.SubOp;
import dev.descent.ops.SumOp;
import dev.descent.ops.SumSquaresOp;
import dev.descent.ops.TanhOp;
import dev.descent.ops.ToBackendOp;
import dev.descent.ops.TruncOp;
import dev.descent.ops.VarOp;
import dev.descent.ops.ViewGeometry;
import dev.descent.ops.WhereOp;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array on a backend, with define-by-run autograd. A tensor is a view (shape, strides, offset) over a
 * {@link Storage}; view operations share the storage and never copy.
 *
 * <p>Method names follow PyTorch: {@code add}, {@code matmul}, {@code sum(dim, keepdim)}; a trailing underscore marks
 * an in-place operation ({@code add_}, {@code zero_}).
 */
public class Tensor implements StridedView {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;
    private final boolean view;
    /** For a view: the tensor whose storage it looks into (never itself a view), so in-place writes reach its graph. */
    private final Tensor base;
    /** A Python number as an operand ({@link #number}): it takes part in type promotion below every tensor. */
    private boolean wrappedNumber;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private boolean retainsGrad;
    /** The gradient's version right after {@link #zeroGradInPlace()}, while it still holds those zeros; else -1. */
    private int zeroedGradVersion = -1;
    /**
     * Whether {@link #zeroGradInPlace()} left the zeros to be written at the gradient's first read: a backward that
     * overwrites the whole buffer ({@link #takeZeroedGrad()}) then never pays for them.
     */
    private boolean gradZerosPending;
    /** A view's base's history when this view's history was recorded; the view's is rebuilt once the base's changes. */
    private Node baseHistory;
    /**
     * Whether this view follows its base's history: the views an op records. (A view taken under no-grad, or inside an
     * op's forward, or with {@link #asStrided} directly, stays out of the graph.)
     */
    private boolean tracksBase;

    /** For {@code Parameter}: a new tensor object over the same data as {@code data}, with no history. */
    protected Tensor(Tensor data) {
        this(data.storage, data.shape, data.strides, data.offset, data.view, null);
    }

    private Tensor(Storage storage, Shape shape, int[] strides, int offset, boolean view, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.view = view;
        this.base = base;
    }

    // ============================================================================================
    // Creation
    // ============================================================================================

    /** A contiguous tensor over a whole storage. */
    public static Tensor of(Storage storage, Shape shape) {
        if (storage.size() < shape.numel()) {
            throw new IllegalArgumentException(
                    "storage of " + storage.size() + " elements is too small for shape " + shape);
        }
        return new Tensor(storage, shape, shape.contiguousStrides(), 0, false, null);
    }

    /** A zero-filled tensor on a backend. */
    public static Tensor empty(Shape shape, DType dtype, Backend backend) {
        return of(backend.allocate(dtype, shape.numel()), shape);
    }

    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return empty(Shape.of(shape), dtype, Backends.getDefault());
    }

    public static Tensor ones(int... shape) {
        return full(1.0, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT32, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (Double.doubleToRawLongBits(value) != 0) t.backend().fill(t, value); // -0.0 is not +0.0
        return t;
    }

    public static Tensor zerosLike(Tensor t) {
        return empty(t.shape, t.dtype(), t.backend());
    }

    public static Tensor onesLike(Tensor t) {
        return fullLike(t, 1.0);
    }

    public static Tensor fullLike(Tensor t, double value) {
        Tensor out = zerosLike(t);
        if (Double.doubleToRawLongBits(value) != 0) out.backend().fill(out, value);
        return out;
    }

    /** A 0-dim float32 tensor. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /**
     * A Python int as an operand: a 0-dim int64 tensor that, as in PyTorch, never widens a tensor of its category
     * ({@code uint8 + number(300)} stays uint8) and turns a bool tensor into int64. The scalar overloads
     * ({@code add(2)}) use it.
     */
    public static Tensor number(long value) {
        Tensor t = of(Backends.getDefault().fromHost(DType.INT64, new long[] {value}), Shape.SCALAR); // exact
        t.wrappedNumber = true;
        return t;
    }

    /**
     * A Python float as an operand: it never widens a floating tensor (float32 stays float32) and makes an integer or
     * bool one float32. A Java {@code double} argument ({@code add(2.0)}) is one of these, a {@code long} or
     * {@code int} ({@code add(2)}) a {@link #number(long)}.
     */
    public static Tensor number(double value) {
        Tensor t = scalar(value, DType.FLOAT64);
        t.wrappedNumber = true;
        return t;
    }

    /** Whether this is a {@link #number} operand, which type promotion ranks below tensors. */
    public boolean isWrappedNumber() {
        return wrappedNumber;
    }

    /** A copy of a flat float array viewed with {@code shape} (all of it when shape is omitted). */
    public static Tensor fromArray(float[] data, int... shape) {
        return Creation.fromFlat(DType.FLOAT32, data, data.length, shape);
    }

    public static Tensor fromArray(double[] data, int... shape) {
        return Creation.fromFlat(DType.FLOAT64, data, data.length, shape);
    }

    public static Tensor fromArray(long[] data, int... shape) {
        return Creation.fromFlat(DType.INT64, data, data.length, shape);
    }

    public static Tensor fromArray(int[] data, int... shape) {
        return Creation.fromFlat(DType.INT32, data, data.length, shape);
    }

    public static Tensor fromArray(boolean[] data, int... shape) {
        return Creation.fromBooleans(data, shape);
    }

    /** A flat byte array as uint8 (or int8/bool with {@link #fromBytes}). */
    public static Tensor fromBytes(byte[] data, DType dtype, int... shape) {
        return Creation.fromFlat(dtype, data, data.length, shape);
    }

    /**
     * A tensor from a (nested) Java array: {@code float[][]} gives float32, {@code double[]} float64, {@code long[][]}
     * int64, {@code int[]} int32, {@code boolean[]} bool. Ragged arrays are rejected.
     */
    public static Tensor of(Object nestedArray) {
        return Creation.fromNested(nestedArray);
    }

    /** 0, 1, ..., end-1 as int64. */
    public static Tensor arange(long end) {
        return arange(0, end, 1);
    }

    /** start, start+step, ... below end; int64 when all three are integers. */
    public static Tensor arange(long start, long end, long step) {
        return Creation.arange(start, end, step);
    }

    /** start, start+step, ... below end as float32. */
    public static Tensor arange(double start, double end, double step) {
        return Creation.arange(start, end, step);
    }

    /** {@code steps} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        return Creation.linspace(start, end, steps);
    }

    /** base^linspace(start, end, steps). */
    public static Tensor logspace(double start, double end, int steps, double base) {
        return Creation.linspace(start, end, steps).mul(Math.log(base)).exp();
    }

    public static Tensor logspace(double start, double end, int steps) {
        return logspace(start, end, steps, 10.0);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    public static Tensor eye(int rows, int cols) {
        return Creation.eye(rows, cols);
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(int... shape) {
        return rand(Generator.global(), shape);
    }

    public static Tensor rand(Generator gen, int... shape) {
        return uniform(gen, 0, 1, shape);
    }

    public static Tensor uniform(Generator gen, double low, double high, int... shape) {
        Tensor t = zeros(shape);
        t.backend().fillUniform(t, gen, low, high);
        return t;
    }

    /** Standard normal. */
    public static Tensor randn(int... shape) {
        return randn(Generator.global(), shape);
    }

    public static Tensor randn(Generator gen, int... shape) {
        return normal(gen, 0, 1, shape);
    }

    public static Tensor normal(Generator gen, double mean, double std, int... shape) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        Tensor t = zeros(shape);
        t.backend().fillNormal(t, gen, mean, std);
        return t;
    }

    /** Uniform integers in [low, high) as int64. */
    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        return Creation.randint(gen, low, high, shape);
    }

    public static Tensor randint(long low, long high, int... shape) {
        return randint(Generator.global(), low, high, shape);
    }

    /** A random permutation of 0..n-1 as int64. */
    public static Tensor randperm(Generator gen, int n) {
        return Creation.randperm(gen, n);
    }

    // ============================================================================================
    // Metadata and data access
    // ============================================================================================

    @Override
    public Storage storage() {
        return storage;
    }

    public Backend backend() {
        return KernelHook.route(storage.backend());
    }

    @Override
    public DType dtype() {
        return storage.dtype();
    }

    public Shape shape() {
        return shape;
    }

    /** Size of dimension {@code d}; negative counts from the end. */
    @Override
    public int size(int d) {
        return shape.size(d);
    }

    @Override
    public int[] sizes() {
        return shape.toArray();
    }

    @Override
    public int dim() {
        return shape.dim();
    }

    @Override
    public int numel() {
        return shape.numel();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public int stride(int d) {
        return strides[shape.normalize(d)];
    }

    @Override
    public int offset() {
        return offset;
    }

    /** The storage's version counter, bumped by every in-place write to any view of it. */
    public int version() {
        return storage.version();
    }

    @Override
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.dim() - 1; i >= 0; i--) {
            int n = shape.size(i);
            if (n == 1) continue;
            if (strides[i] != expected) return false;
            expected *= n;
        }
        return true;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1)
            throw new IllegalStateException("item() needs a tensor with one element; this one has shape " + shape);
        return toDoubleArray()[0];
    }

    public long itemLong() {
        if (numel() != 1)
            throw new IllegalStateException("itemLong() needs a tensor with one element; this one has shape " + shape);
        return toLongArray()[0];
    }

    /** The elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        return (float[]) Creation.host(this, DType.FLOAT32);
    }

    public double[] toDoubleArray() {
        return (double[]) Creation.host(this, DType.FLOAT64);
    }

    public long[] toLongArray() {
        return (long[]) Creation.host(this, DType.INT64);
    }

    public int[] toIntArray() {
        return (int[]) Creation.host(this, DType.INT32);
    }

    public boolean[] toBooleanArray() {
        byte[] b = (byte[]) Creation.host(this, DType.BOOL);
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] != 0;
        return out;
    }

    /** The elements as a nested Java array of this tensor's rank (float[][] for a float32 matrix...). */
    public Object toArray() {
        return Creation.toNested(this);
    }

    // ============================================================================================
    // Autograd
    // ============================================================================================

    public boolean requiresGrad() {
        return requiresGrad || history() != null;
    }

    /**
     * This tensor's node. A view whose base was written in place since (or through another view) looks at the base's
     * new values, so its history is rebuilt as a strided view of the base's new history, as PyTorch does.
     */
    private Node history() {
        if (tracksBase && base.gradFn != baseHistory && base.requiresGrad()) {
            Node current = base.gradFn;
            try (var _ = GradMode.enableGrad()) {
                gradFn = new AsStridedOp(ViewGeometry.of(base, this)).apply(base).gradFn;
            }
            baseHistory = current;
        }
        return gradFn;
    }

    /** The tensor whose storage this view looks into, or null if this is not a view. */
    public Tensor base() {
        return base;
    }

    /** Marks a leaf as needing a gradient. */
    public Tensor requiresGrad_(boolean requires) {
        if (history() != null) {
            if (!requires) {
                throw new IllegalStateException(
                        "requiresGrad_(false) on a non-leaf tensor (" + gradFn.name() + "); use detach() instead");
            }
            return this;
        }
        if (requires && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(
                    "only floating-point tensors can require gradients, this one is " + dtype().label());
        }
        this.requiresGrad = requires;
        return this;
    }

    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    public Tensor grad() {
        if (gradZerosPending) writePendingZeros();
        return grad;
    }

    private void writePendingZeros() {
        gradZerosPending = false;
        try (var _ = GradMode.noGrad()) {
            grad.zero_();
        }
        zeroedGradVersion = grad.version();
    }

    public void setGrad(Tensor grad) {
        if (grad != null && !grad.shape.equals(shape)) {
            throw new IllegalArgumentException(
                    "gradient shape " + grad.shape + " does not match tensor shape " + shape);
        }
        if (grad != null && grad.dtype() != dtype()) {
            // An optimizer would otherwise mix the two silently, or fail deep inside a fused update.
            throw new IllegalArgumentException(
                    "gradient dtype " + grad.dtype().label() + " does not match tensor dtype " + dtype().label());
        }
        this.grad = grad;
        this.zeroedGradVersion = -1;
        this.gradZerosPending = false;
    }

    /**
     * Zeroes the gradient in place and keeps its buffer (PyTorch's {@code zero_grad(set_to_none=False)}), so the next
     * backward can write this parameter's gradient straight into it instead of into fresh memory. The zeros are written
     * when the gradient is first read ({@link #grad()}); a backward that overwrites the buffer whole skips them, which
     * saves a pass over every weight per step.
     */
    public void zeroGradInPlace() {
        if (grad == null) return;
        gradZerosPending = true;
        zeroedGradVersion = grad.version();
    }

    /**
     * The gradient buffer if it is still the one {@link #zeroGradInPlace()} cleared, handed out once to a backward that
     * overwrites every element of it: its contents are unspecified (the zeros may not have been written).
     */
    public Tensor takeZeroedGrad() {
        if (grad == null || zeroedGradVersion < 0 || grad.version() != zeroedGradVersion || grad.requiresGrad())
            return null;
        zeroedGradVersion = -1;
        gradZerosPending = false;
        return grad;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return history();
    }

    public boolean isLeaf() {
        return history() == null;
    }

    /** Keeps this non-leaf's gradient in {@link #grad()} after backward (leaves always keep theirs). */
    public Tensor retainGrad() {
        if (!requiresGrad()) throw new IllegalStateException("retainGrad() on a tensor that does not require grad");
        if (history() != null) {
            retainsGrad = true;
            gradFn.retainOutput(this);
        }
        return this;
    }

    public boolean retainsGrad() {
        return retainsGrad || (isLeaf() && requiresGrad);
    }

    /** Backpropagates from a one-element tensor. */
    public void backward() {
        Backprop.run(this, null, false, false);
    }

    public void backward(Tensor gradient) {
        Backprop.run(this, gradient, false, false);
    }

    /**
     * @param retainGraph keep saved tensors so backward can run again; {@code createGraph} record the backward pass
     *     too.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Backprop.run(this, gradient, retainGraph || createGraph, createGraph);
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset, view, null);
    }

    /** Sets this (freshly computed) tensor's history; used by {@link Function}. */
    public void attachHistory(Node node) {
        this.gradFn = node;
        this.requiresGrad = false;
        if (base != null) {
            baseHistory = base.gradFn;
            tracksBase = true;
        }
    }

    /** A new tensor object over the same view, without history (so the original's history stays untouched). */
    public Tensor alias() {
        return new Tensor(storage, shape, strides, offset, view, base);
    }

    // ============================================================================================
    // Views (share storage)
    // ============================================================================================

    /** A view with the given geometry over this tensor's storage, without autograd. */
    public Tensor asStrided(int[] shape, int[] strides, int offset) {
        Shape s = Shape.of(shape);
        if (strides.length != shape.length)
            throw new IllegalArgumentException(
                    "asStrided: " + shape.length + " sizes but " + strides.length + " strides");
        long max = offset;
        for (int i = 0; i < shape.length; i++) if (shape[i] > 0) max += (long) (shape[i] - 1) * strides[i];
        if (s.numel() > 0 && (offset < 0 || max >= storage.size())) {
            throw new IllegalArgumentException("asStrided: view " + s + " strides " + Arrays.toString(strides)
                    + " offset " + offset + " reaches outside a storage of " + storage.size() + " elements");
        }
        return new Tensor(storage, s, strides.clone(), offset, true, base != null ? base : this);
    }

    /** A view with a new shape (one size may be -1); fails when the strides do not allow it. */
    public Tensor view(int... shape) {
        return new ReshapeOp(shape, true).apply(this);
    }

    /** Like {@link #view}, but copies when a view is impossible. */
    public Tensor reshape(int... shape) {
        return new ReshapeOp(shape, false).apply(this);
    }

    public Tensor viewAs(Tensor other) {
        return view(other.sizes());
    }

    public Tensor flatten() {
        return reshape(-1);
    }

    /** Merges dimensions start..end (inclusive) into one; a 0-dim tensor becomes 1-dim. */
    public Tensor flatten(int start, int end) {
        if (dim() == 0) {
            shape.normalize(start);
            shape.normalize(end);
            return reshape(1);
        }
        int s = shape.normalize(start), e = shape.normalize(end);
        if (s > e) throw new IllegalArgumentException("flatten: start dim " + start + " comes after end dim " + end);
        int[] dims = new int[dim() - (e - s)];
        int k = 0, merged = 1;
        for (int i = 0; i < dim(); i++) {
            if (i < s || i > e) dims[k++] = size(i);
            else {
                merged *= size(i);
                if (i == e) dims[k++] = merged;
            }
        }
        return reshape(dims);
    }

    /** Splits dimension {@code d} into {@code sizes}; one of them may be -1, inferred from the dimension's size. */
    public Tensor unflatten(int d, int... sizes) {
        int n = shape.normalize(d);
        sizes = ReshapeOp.infer(Shape.of(size(n)), sizes).toArray();
        int[] dims = new int[dim() - 1 + sizes.length];
        int k = 0;
        for (int i = 0; i < dim(); i++) {
            if (i == n) for (int s : sizes) dims[k++] = s;
            else dims[k++] = size(i);
        }
        return reshape(dims);
    }

    public Tensor permute(int... dims) {
        return new PermuteOp(dims).apply(this);
    }

    public Tensor transpose(int d0, int d1) {
        if (dim() == 0) {
            shape.normalize(d0);
            shape.normalize(d1);
            return permute();
        }
        int[] perm = new int[dim()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        int a = shape.normalize(d0), b = shape.normalize(d1);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Transpose of a matrix (or identity on a 0/1-dim tensor). */
    public Tensor t() {
        if (dim() > 2)
            throw new IllegalStateException(
                    "t() expects a tensor with <= 2 dimensions, got shape " + shape + "; use transpose(d0, d1)");
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** The transpose of the last two dimensions: {@code x.mT} in PyTorch. */
    public Tensor mT() {
        if (dim() < 2)
            throw new IllegalStateException("mT is only supported on matrices or batches of matrices, got a " + dim()
                    + "-dim tensor of shape " + shape);
        return transpose(-2, -1);
    }

    public Tensor squeeze() {
        int[] dims = Arrays.stream(sizes()).filter(s -> s != 1).toArray();
        return dims.length == dim() ? this : reshape(dims);
    }

    public Tensor squeeze(int d) {
        int n = shape.normalize(d);
        if (dim() == 0 || size(n) != 1) return this;
        int[] dims = new int[dim() - 1];
        for (int i = 0, k = 0; i < dim(); i++) if (i != n) dims[k++] = size(i);
        return reshape(dims);
    }

    public Tensor unsqueeze(int d) {
        int n = d < 0 ? d + dim() + 1 : d;
        if (n < 0 || n > dim())
            throw new IndexOutOfBoundsException(
                    "unsqueeze: dimension " + d + " out of range for a " + dim() + "-dim tensor");
        int[] dims = new int[dim() + 1];
        for (int i = 0, k = 0; i < dims.length; i++) dims[i] = i == n ? 1 : size(k++);
        return reshape(dims);
    }

    /** Broadcasts to a larger shape without copying (-1 keeps a size). */
    public Tensor expand(int... sizes) {
        return new ExpandOp(sizes).apply(this);
    }

    public Tensor expandAs(Tensor other) {
        return expand(other.sizes());
    }

    /** Elements start..start+length-1 of dimension d. */
    public Tensor narrow(int d, int start, int length) {
        int n = shape.normalize(d);
        int s = start < 0 ? start + size(n) : start;
        if (s < 0 || length < 0 || s + length > size(n)) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " + length " + length + " exceeds size "
                    + size(n) + " of dimension " + d);
        }
        return new SliceOp(n, s, s + length, 1).apply(this);
    }

    /** Python's x[..., start:end:step, ...] on dimension d; negative indices count from the end and are clamped. */
    public Tensor slice(int d, int start, int end, int step) {
        int n = shape.normalize(d);
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive, got " + step);
        int size = size(n);
        int s = clampIndex(start < 0 ? start + size : start, size);
        int e = clampIndex(end < 0 ? end + size : end, size);
        return new SliceOp(n, s, Math.max(s, e), step).apply(this);
    }

    public Tensor slice(int d, int start, int end) {
        return slice(d, start, end, 1);
    }

    private static int clampIndex(int i, int size) {
        return Math.max(0, Math.min(i, size));
    }

    /** Index {@code index} of dimension d, removing that dimension. */
    public Tensor select(int d, int index) {
        int n = shape.normalize(d);
        int i = index < 0 ? index + size(n) : index;
        if (i < 0 || i >= size(n)) {
            throw new IndexOutOfBoundsException(
                    "index " + index + " is out of bounds for dimension " + d + " with size " + size(n));
        }
        return new SliceOp(n, i, i + 1, 1).apply(this).squeeze(n);
    }

    /** Chained {@link #select} on the leading dimensions: x.get(i, j) is x[i][j]. */
    public Tensor get(int... indices) {
        Tensor t = this;
        for (int i : indices) t = t.select(0, i);
        return t;
    }

    /** Pieces of {@code size} along d (the last may be smaller), as views. */
    public List<Tensor> split(int size, int d) {
        if (size <= 0) throw new IllegalArgumentException("split size must be > 0, got " + size);
        int n = shape.normalize(d);
        List<Tensor> out = new java.util.ArrayList<>();
        for (int s = 0; s < Math.max(size(n), 1); s += size) out.add(narrow(n, s, Math.min(size, size(n) - s)));
        return out;
    }

    /** Pieces with the given sizes along d. */
    public List<Tensor> split(int[] sizes, int d) {
        int n = shape.normalize(d);
        if (Arrays.stream(sizes).sum() != size(n)) {
            throw new IllegalArgumentException("split sizes " + Arrays.toString(sizes) + " do not add up to size "
                    + size(n) + " of dimension " + d);
        }
        List<Tensor> out = new java.util.ArrayList<>();
        int s = 0;
        for (int len : sizes) {
            out.add(narrow(n, s, len));
            s += len;
        }
        return out;
    }

    /** {@code chunks} pieces of (nearly) equal size along d. */
    public List<Tensor> chunk(int chunks, int d) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk count must be > 0, got " + chunks);
        if (dim() > 0 && size(d) == 0) return java.util.Collections.nCopies(chunks, narrow(d, 0, 0)); // as PyTorch
        return split(Math.max(1, Math.ceilDiv(size(d), chunks)), d);
    }

    /** The slices along d, each without that dimension. */
    public List<Tensor> unbind(int d) {
        List<Tensor> out = new java.util.ArrayList<>();
        for (int i = 0; i < size(d); i++) out.add(select(d, i));
        return out;
    }

    /** This tensor if its layout is row-major, else a row-major copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : new CloneOp().apply(this);
    }

    @Override
    public Tensor clone() {
        return new CloneOp().apply(this);
    }

    /** A copy converted to another dtype (this tensor when it already has it). */
    public Tensor to(DType dtype) {
        if (dtype == dtype()) return this;
        // Only floating results carry gradients: an integer copy is cut from the graph, as in PyTorch.
        return dtype.isFloatingPoint() && dtype().isFloatingPoint()
                ? new CastOp(dtype).apply(this)
                : Kernels.cast(this, dtype);
    }

    /** A copy on another device, {@code to(Device.cuda())} (this tensor when it is already there). */
    public Tensor to(Device device) {
        return to(device.backend());
    }

    /** The device this tensor's storage lives on. */
    public Device device() {
        return Device.of(backend().name());
    }

    /** A copy on another backend (this tensor when it is already there). */
    public Tensor to(Backend backend) {
        return backend == storage.backend() || backend == backend() ? this : new ToBackendOp(backend).apply(this);
    }

    // ============================================================================================
    // Elementwise math (NumPy broadcasting; mixed dtypes promote)
    // ============================================================================================

    public Tensor add(Tensor o) {
        return new AddOp(1.0).apply(this, o);
    }

    /** this + alpha * o; a Python-float alpha is refused when the operands are integers, as in PyTorch. */
    public Tensor add(Tensor o, double alpha) {
        if (!Kernels.resultType(this, o).isFloatingPoint())
            throw new IllegalArgumentException(
                    "add: for integer operands alpha must be an integer (a long), got " + alpha);
        return new AddOp(alpha).apply(this, o);
    }

    /** this + alpha * o with a Python-int alpha. */
    public Tensor add(Tensor o, long alpha) {
        return new AddOp(alpha).apply(this, o);
    }

    public Tensor add(double v) {
        return new AddOp(1.0).apply(this, number(v));
    }

    public Tensor add(long v) {
        return new AddOp(1.0).apply(this, number(v));
    }

    public Tensor sub(Tensor o) {
        return new SubOp().apply(this, o);
    }

    public Tensor sub(double v) {
        return new SubOp().apply(this, number(v));
    }

    public Tensor sub(long v) {
        return new SubOp().apply(this, number(v));
    }

    /** v - this. */
    public Tensor rsub(double v) {
        return new SubOp().apply(number(v), this);
    }

    public Tensor rsub(long v) {
        return new SubOp().apply(number(v), this);
    }

    public Tensor mul(Tensor o) {
        return new MulOp().apply(this, o);
    }

    public Tensor mul(double v) {
        return new MulOp().apply(this, number(v));
    }

    public Tensor mul(long v) {
        return new MulOp().apply(this, number(v));
    }

    public Tensor div(Tensor o) {
        return new DivOp().apply(this, o);
    }

    public Tensor div(double v) {
        return new DivOp().apply(this, number(v));
    }

    public Tensor div(long v) {
        return new DivOp().apply(this, number(v));
    }

    /** v / this. */
    public Tensor rdiv(double v) {
        return new DivOp().apply(number(v), this);
    }

    public Tensor rdiv(long v) {
        return new DivOp().apply(number(v), this);
    }

    public Tensor neg() {
        return new NegOp().apply(this);
    }

    /** this^exponent; a Python-float exponent makes an integer tensor float32, as in PyTorch. */
    public Tensor pow(double exponent) {
        return new PowScalarOp(exponent).apply(promotedFor(number(exponent)));
    }

    /** this^exponent; an integer tensor stays an integer tensor, and refuses a negative exponent. */
    public Tensor pow(long exponent) {
        return new PowScalarOp(exponent).apply(promotedFor(number(exponent)));
    }

    /** This tensor converted to the dtype it has when combined with the given operands (PyTorch's result_type). */
    private Tensor promotedFor(Tensor... others) {
        Tensor[] all = Arrays.copyOf(others, others.length + 1);
        all[others.length] = this;
        return to(Kernels.resultType(all));
    }

    public Tensor pow(Tensor exponent) {
        return new PowOp().apply(this, exponent);
    }

    /** this^2; a bool tensor squares as int64, as in PyTorch. */
    public Tensor square() {
        return new SquareOp().apply(dtype() == DType.BOOL ? to(DType.INT64) : this);
    }

    public Tensor sqrt() {
        return new SqrtOp().apply(this);
    }

    public Tensor rsqrt() {
        return sqrt().reciprocal();
    }

    public Tensor reciprocal() {
        return new ReciprocalOp().apply(this);
    }

    public Tensor exp() {
        return new ExpOp().apply(this);
    }

    public Tensor log() {
        return new LogOp().apply(this);
    }

    public Tensor abs() {
        return new AbsOp().apply(this);
    }

    /**
     * -1, 0 or 1 by the sign of each element, with a zero gradient. sign(NaN) is NaN, as in NumPy, so a NaN is never
     * turned silently into a number (PyTorch 1.13 gives 0).
     */
    public Tensor sign() {
        return new SignOp().apply(this);
    }

    public Tensor sin() {
        return new SinOp().apply(this);
    }

    public Tensor cos() {
        return new CosOp().apply(this);
    }

    public Tensor tanh() {
        return new TanhOp().apply(this);
    }

    public Tensor sigmoid() {
        return new SigmoidOp().apply(this);
    }

    public Tensor erf() {
        return new ErfOp().apply(this);
    }

    public Tensor relu() {
        return new ReluOp().apply(this);
    }

    public Tensor leakyRelu(double negativeSlope) {
        return new LeakyReluOp(negativeSlope).apply(this);
    }

    /** GELU, exact (erf) form as in PyTorch's default. */
    public Tensor gelu() {
        return new GeluOp().apply(this);
    }

    /** GELU with {@code approximate = "none"} or {@code "tanh"}. */
    public Tensor gelu(String approximate) {
        return switch (approximate) {
            case "none" -> gelu();
            case "tanh" -> new GeluTanhOp().apply(this);
            default ->
                throw new IllegalArgumentException(
                        "gelu approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }

    /** The largest integer not above each element; the gradient is zero. */
    public Tensor floor() {
        return new FloorOp().apply(this);
    }

    public Tensor ceil() {
        return new CeilOp().apply(this);
    }

    /** The nearest integer, halves to even (0.5 to 0, 1.5 to 2); the gradient is zero. */
    public Tensor round() {
        return new RoundOp().apply(this);
    }

    /** Rounds towards zero; the gradient is zero. */
    public Tensor trunc() {
        return new TruncOp().apply(this);
    }

    /** floor(this / o), integers staying integers (dividing an integer by 0 is an error); the gradient is zero. */
    public Tensor floorDivide(Tensor o) {
        return new FloorDivideOp().apply(this, o);
    }

    public Tensor floorDivide(double v) {
        return new FloorDivideOp().apply(this, number(v));
    }

    public Tensor floorDivide(long v) {
        return new FloorDivideOp().apply(this, number(v));
    }

    /** this - o floor(this / o): the remainder with the divisor's sign, Python's {@code %}. */
    public Tensor remainder(Tensor o) {
        return new RemainderOp().apply(this, o);
    }

    public Tensor remainder(double v) {
        return new RemainderOp().apply(this, number(v));
    }

    public Tensor remainder(long v) {
        return new RemainderOp().apply(this, number(v));
    }

    /** this - o trunc(this / o): the remainder with the dividend's sign, C's {@code fmod}. */
    public Tensor fmod(Tensor o) {
        return new FmodOp().apply(this, o);
    }

    public Tensor fmod(double v) {
        return new FmodOp().apply(this, number(v));
    }

    public Tensor fmod(long v) {
        return new FmodOp().apply(this, number(v));
    }

    /**
     * Limits values to [min, max]; NaN means no bound on that side. The bounds are Python floats: an integer tensor
     * becomes float32. Unlike PyTorch, min > max is an error rather than every element becoming max.
     */
    public Tensor clamp(double min, double max) {
        return new ClampOp(min, max).apply(Double.isNaN(min) && Double.isNaN(max) ? this : promotedFor(number(0.0)));
    }

    /**
     * Limits values to [min, max] with Python-int bounds: an integer tensor stays integer. A bound outside its range
     * clamps as the number it is (PyTorch first wraps it into the dtype: uint8 clamped at min -1 is 255 everywhere).
     */
    public Tensor clamp(long min, long max) {
        return new ClampOp(min, max).apply(promotedFor(number(0L)));
    }

    public Tensor clampMin(double min) {
        return clamp(min, Double.NaN);
    }

    public Tensor clampMin(long min) {
        return new ClampOp(min, Double.NaN).apply(promotedFor(number(0L)));
    }

    public Tensor clampMax(double max) {
        return clamp(Double.NaN, max);
    }

    public Tensor clampMax(long max) {
        return new ClampOp(Double.NaN, max).apply(promotedFor(number(0L)));
    }

    public Tensor maximum(Tensor o) {
        return new MaxMinOp(true).apply(this, o);
    }

    public Tensor minimum(Tensor o) {
        return new MaxMinOp(false).apply(this, o);
    }

    /** cond ? a : b elementwise, with broadcasting. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return new WhereOp().apply(cond, a, b);
    }

    /**
     * Replaces the elements where the bool {@code mask} (broadcast to this shape) is true with {@code value}, converted
     * to this tensor's dtype, as PyTorch's masked_fill does.
     */
    public Tensor maskedFill(Tensor mask, double value) {
        return maskedFill(mask, scalar(fillValue(value, value), dtype()).to(backend()));
    }

    /** A Python-int value wraps into an integer dtype, as in PyTorch (only a float must fit). */
    public Tensor maskedFill(Tensor mask, long value) {
        return maskedFill(mask, scalar((double) value, dtype()).to(backend()));
    }

    /** The value, if it fits this integer dtype (as PyTorch checks); {@code v} is it as a double. */
    private double fillValue(double v, Number value) {
        long lo = switch (dtype()) {
            case UINT8 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        long hi = switch (dtype()) {
            case UINT8 -> 255;
            case INT8 -> Byte.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        boolean integral = !dtype().isFloatingPoint() && dtype() != DType.BOOL;
        if (integral && !(v >= lo && v <= hi))
            throw new IllegalArgumentException(
                    "maskedFill: value " + value + " cannot be converted to " + dtype().label() + " without overflow");
        return v;
    }

    /** {@link #maskedFill(Tensor, double)} with a 0-dim tensor value, which gets the gradient of what it fills. */
    public Tensor maskedFill(Tensor mask, Tensor value) {
        if (mask.dtype() != DType.BOOL)
            throw new IllegalArgumentException(
                    "maskedFill: the mask must be bool, got " + mask.dtype().label());
        if (value.dim() != 0)
            throw new IllegalArgumentException(
                    "maskedFill: the value must be a 0-dim tensor, got shape " + value.shape());
        if (value.dtype().isFloatingPoint()) fillValue(value.item(), value.item());
        return new WhereOp().apply(mask, value.to(dtype()), this);
    }

    /** The elements where the bool {@code mask} (broadcast with this tensor) is true, as a 1-D tensor. */
    public Tensor maskedSelect(Tensor mask) {
        if (mask.dtype() != DType.BOOL)
            throw new IllegalArgumentException(
                    "maskedSelect: the mask must be bool, got " + mask.dtype().label());
        int[] both = Shape.broadcast(shape, mask.shape()).toArray();
        boolean[] m = mask.expand(both).toBooleanArray();
        long[] positions = new long[m.length];
        int n = 0;
        for (int i = 0; i < m.length; i++) if (m[i]) positions[n++] = i;
        return expand(both)
                .reshape(-1)
                .indexSelect(0, fromArray(Arrays.copyOf(positions, n)).to(backend()));
    }

    public Tensor eq(Tensor o) {
        return Kernels.compare(BinaryOp.EQ, this, o);
    }

    public Tensor eq(double v) {
        return Kernels.compare(BinaryOp.EQ, this, number(v));
    }

    public Tensor eq(long v) {
        return Kernels.compare(BinaryOp.EQ, this, number(v));
    }

    public Tensor ne(Tensor o) {
        return Kernels.compare(BinaryOp.NE, this, o);
    }

    public Tensor ne(double v) {
        return Kernels.compare(BinaryOp.NE, this, number(v));
    }

    public Tensor ne(long v) {
        return Kernels.compare(BinaryOp.NE, this, number(v));
    }

    public Tensor lt(Tensor o) {
        return Kernels.compare(BinaryOp.LT, this, o);
    }

    public Tensor lt(double v) {
        return Kernels.compare(BinaryOp.LT, this, number(v));
    }

    public Tensor lt(long v) {
        return Kernels.compare(BinaryOp.LT, this, number(v));
    }

    public Tensor le(Tensor o) {
        return Kernels.compare(BinaryOp.LE, this, o);
    }

    public Tensor le(double v) {
        return Kernels.compare(BinaryOp.LE, this, number(v));
    }

    public Tensor le(long v) {
        return Kernels.compare(BinaryOp.LE, this, number(v));
    }

    public Tensor gt(Tensor o) {
        return Kernels.compare(BinaryOp.GT, this, o);
    }

    public Tensor gt(double v) {
        return Kernels.compare(BinaryOp.GT, this, number(v));
    }

    public Tensor gt(long v) {
        return Kernels.compare(BinaryOp.GT, this, number(v));
    }

    public Tensor ge(Tensor o) {
        return Kernels.compare(BinaryOp.GE, this, o);
    }

    public Tensor ge(double v) {
        return Kernels.compare(BinaryOp.GE, this, number(v));
    }

    public Tensor ge(long v) {
        return Kernels.compare(BinaryOp.GE, this, number(v));
    }

    public Tensor logicalNot() {
        return Kernels.unary(UnaryOp.LOGICAL_NOT, this.to(DType.BOOL), 0, 0);
    }

    public Tensor logicalAnd(Tensor o) {
        return Kernels.compare(BinaryOp.LOGICAL_AND, this.to(DType.BOOL), o.to(DType.BOOL));
    }

    public Tensor logicalOr(Tensor o) {
        return Kernels.compare(BinaryOp.LOGICAL_OR, this.to(DType.BOOL), o.to(DType.BOOL));
    }

    /** Whether every element is within atol + rtol * |other| of other's, the two broadcast together as in PyTorch. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        int[] both = Shape.broadcast(shape, other.shape).toArray();
        double[] a = expand(both).toDoubleArray(), b = other.expand(both).toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i]) || Math.abs(a[i] - b[i]) > atol + rtol * Math.abs(b[i]))
                return false;
        }
        return true;
    }

    // ============================================================================================
    // Reductions
    // ============================================================================================

    public Tensor sum() {
        return new SumOp(null, false).apply(this);
    }

    public Tensor sum(int d) {
        return new SumOp(new int[] {d}, false).apply(this);
    }

    public Tensor sum(int d, boolean keepdim) {
        return new SumOp(new int[] {d}, keepdim).apply(this);
    }

    public Tensor sum(int[] dims, boolean keepdim) {
        return new SumOp(dims, keepdim).apply(this);
    }

    public Tensor mean() {
        return mean(null, false);
    }

    public Tensor mean(int d) {
        return mean(new int[] {d}, false);
    }

    public Tensor mean(int d, boolean keepdim) {
        return mean(new int[] {d}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        if (!dtype().isFloatingPoint())
            throw new IllegalArgumentException(
                    "mean needs a floating-point tensor, got " + dtype().label() + "; convert with to(DType.FLOAT32)");
        return sum(dims, keepdim).div(reducedCount(dims));
    }

    private int reducedCount(int[] dims) {
        if (dims == null || dim() == 0) return numel();
        int n = 1;
        for (int d : dims) n *= size(d);
        return n;
    }

    /** The largest element. */
    public Tensor max() {
        return new ExtremumOp(null, false, true).apply(this);
    }

    /**
     * The largest values along d. The gradient flows to the maxima, split evenly among ties (PyTorch's max(dim) sends
     * it to the one index it returns, as {@link #maxWithIndices} does).
     */
    public Tensor max(int d) {
        return new ExtremumOp(new int[] {d}, false, true).apply(this);
    }

    public Tensor max(int d, boolean keepdim) {
        return new ExtremumOp(new int[] {d}, keepdim, true).apply(this);
    }

    public Tensor amax(int[] dims, boolean keepdim) {
        return new ExtremumOp(dims, keepdim, true).apply(this);
    }

    public Tensor min() {
        return new ExtremumOp(null, false, false).apply(this);
    }

    public Tensor min(int d) {
        return new ExtremumOp(new int[] {d}, false, false).apply(this);
    }

    public Tensor min(int d, boolean keepdim) {
        return new ExtremumOp(new int[] {d}, keepdim, false).apply(this);
    }

    public Tensor amin(int[] dims, boolean keepdim) {
        return new ExtremumOp(dims, keepdim, false).apply(this);
    }

    /** Maximum values along d with their indices (the gradient flows to the index positions). */
    public ValuesIndices maxWithIndices(int d, boolean keepdim) {
        return extremumWithIndices(d, keepdim, true);
    }

    public ValuesIndices minWithIndices(int d, boolean keepdim) {
        return extremumWithIndices(d, keepdim, false);
    }

    private ValuesIndices extremumWithIndices(int d, boolean keepdim, boolean max) {
        if (dim() == 0) {
            shape.normalize(d);
            return new ValuesIndices(clone(), zeros(DType.INT64).to(backend()));
        }
        Tensor idx = Kernels.argReduce(this, d, true, max);
        Tensor values = gather(d, idx);
        return keepdim ? new ValuesIndices(values, idx) : new ValuesIndices(values.squeeze(d), idx.squeeze(d));
    }

    /** Index of the largest element in the flattened tensor. */
    public Tensor argmax() {
        return Kernels.argReduce(flatten(), 0, false, true);
    }

    public Tensor argmax(int d) {
        return Kernels.argReduce(this, d, false, true);
    }

    public Tensor argmax(int d, boolean keepdim) {
        return Kernels.argReduce(this, d, keepdim, true);
    }

    public Tensor argmin() {
        return Kernels.argReduce(flatten(), 0, false, false);
    }

    public Tensor argmin(int d) {
        return Kernels.argReduce(this, d, false, false);
    }

    public Tensor argmin(int d, boolean keepdim) {
        return Kernels.argReduce(this, d, keepdim, false);
    }

    /** Variance with Bessel's correction (unbiased) over all elements. */
    public Tensor var() {
        return var(null, 1, false);
    }

    /**
     * Variance over dims (all when null); {@code correction} 1 is unbiased, 0 the population variance. With no more
     * elements than the correction it is inf or NaN, and its gradient +-inf, as in PyTorch.
     */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return new VarOp(dims, correction, keepdim).apply(this);
    }

    public Tensor var(int d, boolean keepdim) {
        return var(new int[] {d}, 1, keepdim);
    }

    /** The standard deviation (unbiased) of all elements; a constant tensor's has gradient 0, not NaN. */
    public Tensor std() {
        return std(null, 1, false);
    }

    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return new StdOp(dims, correction, keepdim).apply(this);
    }

    public Tensor std(int d, boolean keepdim) {
        return std(new int[] {d}, 1, keepdim);
    }

    /** log(sum(exp(x))) along d, computed stably. */
    public Tensor logsumexp(int d, boolean keepdim) {
        return logsumexp(new int[] {d}, keepdim);
    }

    public Tensor logsumexp(int[] dims, boolean keepdim) {
        if (!dtype().isFloatingPoint()) return to(DType.FLOAT32).logsumexp(dims, keepdim);
        // Shifting by the (constant) maximum keeps exp from overflowing; the gradient is unaffected. Over nothing the
        // sum is 0 and its log -inf, as in PyTorch.
        Tensor m = reducedCount(dims) == 0
                ? zeros(
                                dtype(),
                                Kernels.keptShape(shape, Kernels.reduceMask(shape, dims))
                                        .toArray())
                        .to(backend())
                : amax(dims, true).detach();
        Tensor finiteM = Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), Tensor.zerosLike(m), m);
        Tensor out = sub(finiteM).exp().sum(dims, true).log().add(finiteM);
        return keepdim
                ? out
                : out.reshape(Kernels.squeezedShape(shape, Kernels.reduceMask(shape, dims))
                        .toArray());
    }

    /** The sum of the squares of all elements, in one pass. */
    public Tensor sumSquares() {
        return new SumSquaresOp().apply(this);
    }

    /** Euclidean norm of all elements; at the zero vector its gradient is 0. */
    public Tensor norm() {
        return norm(2, null, false);
    }

    /**
     * The vector p-norm over dims (all when null), PyTorch's {@code linalg.vector_norm}: (sum |x|^p)^(1/p), with p =
     * +-inf the largest (smallest) |x| and p = 0 the number of non-zeros.
     */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return new NormOp(p, dims, keepdim).apply(this);
    }

    /** The product of all elements (integers multiply in int64). */
    public Tensor prod() {
        return new ProdOp(null, false).apply(this);
    }

    /** The product along d; the gradient is right where elements are 0 too. */
    public Tensor prod(int d, boolean keepdim) {
        return new ProdOp(d, keepdim).apply(this);
    }

    /** Running sums along d (integers sum in int64). */
    public Tensor cumsum(int d) {
        return new CumSumOp(d).apply(this);
    }

    /**
     * The elements sorted along d, with the positions they came from: a stable sort, NaN above every number, -0 equal
     * to 0.
     */
    public ValuesIndices sort(int d, boolean descending) {
        Tensor order = Sorting.order(this, d, descending);
        return new ValuesIndices(dim() == 0 ? clone() : gather(d, order), order);
    }

    /** The positions that sort the elements along d (see {@link #sort}). */
    public Tensor argsort(int d, boolean descending) {
        return Sorting.order(this, d, descending);
    }

    /** The k largest (or smallest) elements along d, in order, with their positions. */
    public ValuesIndices topk(int k, int d, boolean largest) {
        if (dim() == 0) {
            shape.normalize(d);
            ValuesIndices r = reshape(1).topk(k, 0, largest);
            return k == 1 ? new ValuesIndices(r.values().reshape(), r.indices().reshape()) : r;
        }
        int n = size(d);
        if (k < 0 || k > n)
            throw new IllegalArgumentException(
                    "topk: k " + k + " is out of range for dimension " + d + " of size " + n);
        Tensor order = Sorting.order(this, d, largest).narrow(d, 0, k).contiguous();
        return new ValuesIndices(gather(d, order), order);
    }

    /** exp(x) / sum(exp(x)) along d, stable. */
    public Tensor softmax(int d) {
        return new SoftmaxOp(d).apply(this);
    }

    /** x - logsumexp(x) along d, stable. */
    public Tensor logSoftmax(int d) {
        return new LogSoftmaxOp(d).apply(this);
    }

    // ============================================================================================
    // Linear algebra, joining and indexing
    // ============================================================================================

    /** Matrix product with NumPy semantics: 1-D vectors, matrices, and broadcast batches. */
    public Tensor matmul(Tensor o) {
        return new MatMulOp().apply(this, o);
    }

    public Tensor mm(Tensor o) {
        if (dim() != 2 || o.dim() != 2)
            throw new IllegalArgumentException("mm expects two matrices, got " + shape + " and " + o.shape);
        return matmul(o);
    }

    public static Tensor cat(List<Tensor> tensors, int d) {
        return CatOp.apply(tensors, d);
    }

    public static Tensor cat(int d, Tensor... tensors) {
        return CatOp.apply(List.of(tensors), d);
    }

    /** Joins same-shaped tensors along a new dimension d. */
    public static Tensor stack(List<Tensor> tensors, int d) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty list of tensors");
        Shape first = tensors.getFirst().shape();
        for (int i = 1; i < tensors.size(); i++) {
            if (!tensors.get(i).shape().equals(first)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got " + first
                        + " at entry 0 and " + tensors.get(i).shape() + " at entry " + i);
            }
        }
        int n = d < 0 ? d + first.dim() + 1 : d;
        return cat(tensors.stream().map(t -> t.unsqueeze(n)).toList(), n);
    }

    /** out[i][j] = this[index[i][j]][j] for d = 0 (and likewise for other dims). */
    public Tensor gather(int d, Tensor index) {
        return new GatherOp(shape.normalize(d), index).apply(this);
    }

    /** A copy with src added at the positions {@code index} names along d. */
    public Tensor scatterAdd(int d, Tensor index, Tensor src) {
        return new ScatterAddOp(shape.normalize(d), index).apply(this, src);
    }

    /** In place: this[index[i][j]][j] += src[i][j] for d = 0. */
    public Tensor scatterAdd_(int d, Tensor index, Tensor src) {
        InPlace.check(this, "scatterAdd_");
        backend().scatterAdd(this, shape.normalize(d), Kernels.indexTensor(index, "scatterAdd_"), src.to(dtype()));
        storage.bumpVersion();
        return this;
    }

    /** The entries of dimension d at the 1-D int64 positions {@code index}. */
    public Tensor indexSelect(int d, Tensor index) {
        return new IndexSelectOp(shape.normalize(d), index).apply(this);
    }

    /** A copy with src's slices added at the positions index names along d. */
    public Tensor indexAdd(int d, Tensor index, Tensor src) {
        return new IndexAddOp(shape.normalize(d), index).apply(this, src);
    }

    /**
     * A copy with src's values written at the positions {@code index} names along d (out[index[i][j]][j] = src[i][j]
     * for d = 0); where two name one place, the later wins.
     */
    public Tensor scatter(int d, Tensor index, Tensor src) {
        return new ScatterOp(shape.normalize(d), index).apply(this, src);
    }

    /** The elements in reverse order along the given dims (a copy). */
    public Tensor flip(int... dims) {
        return new FlipOp(dims).apply(this);
    }

    /** Rotates the flattened elements by {@code shift} places: those pushed off the end come back at the front. */
    public Tensor roll(int shift) {
        return flatten().roll(new int[] {shift}, new int[] {0}).view(sizes());
    }

    /** Rotates along each of {@code dims} by the matching shift. */
    @SuppressWarnings("ReferenceEquality") // Tensor.equals is identity too; == says so at the call
    public Tensor roll(int[] shifts, int[] dims) {
        if (shifts.length != dims.length)
            throw new IllegalArgumentException("roll: " + shifts.length + " shifts for " + dims.length + " dims");
        Tensor out = this;
        for (int i = 0; i < dims.length; i++) {
            int d = shape.normalize(dims[i]), n = size(d);
            if (n == 0) continue;
            int s = Math.floorMod(shifts[i], n);
            if (s != 0) out = cat(d, out.narrow(d, n - s, s), out.narrow(d, 0, n - s));
        }
        return out == this ? clone() : out;
    }

    /** One-hot encoding of an integer tensor: shape [..., numClasses], int64. */
    public Tensor oneHot(int numClasses) {
        return Kernels.oneHot(this, numClasses);
    }

    // ============================================================================================
    // In-place operations (bump the version counter; refused on leaves that require grad)
    // ============================================================================================

    public Tensor add_(Tensor o) {
        return InPlace.binary(this, BinaryOp.ADD, o, 1.0);
    }

    public Tensor add_(Tensor o, double alpha) {
        return InPlace.binary(this, BinaryOp.ADD, o, alpha);
    }

    public Tensor add_(double v) {
        return InPlace.binary(this, BinaryOp.ADD, number(v), 1.0);
    }

    public Tensor add_(long v) {
        return InPlace.binary(this, BinaryOp.ADD, number(v), 1.0);
    }

    public Tensor sub_(Tensor o) {
        return InPlace.binary(this, BinaryOp.SUB, o, 1.0);
    }

    public Tensor sub_(double v) {
        return InPlace.binary(this, BinaryOp.SUB, number(v), 1.0);
    }

    public Tensor sub_(long v) {
        return InPlace.binary(this, BinaryOp.SUB, number(v), 1.0);
    }

    public Tensor mul_(Tensor o) {
        return InPlace.binary(this, BinaryOp.MUL, o, 1.0);
    }

    public Tensor mul_(double v) {
        return InPlace.binary(this, BinaryOp.MUL, number(v), 1.0);
    }

    public Tensor mul_(long v) {
        return InPlace.binary(this, BinaryOp.MUL, number(v), 1.0);
    }

    public Tensor div_(Tensor o) {
        return InPlace.binary(this, BinaryOp.DIV, o, 1.0);
    }

    public Tensor div_(double v) {
        return InPlace.binary(this, BinaryOp.DIV, number(v), 1.0);
    }

    public Tensor div_(long v) {
        return InPlace.binary(this, BinaryOp.DIV, number(v), 1.0);
    }

    /** this += value * a * b, in one fused pass (no graph: for optimizer updates). */
    public Tensor addcmul_(Tensor a, Tensor b, double value) {
        return InPlace.ternary(this, TernaryOp.ADDCMUL, a, b, value, 1, 0);
    }

    /** this = beta * this + value * a * b in one pass: an exponential moving average of a * b when value = 1 - beta. */
    public Tensor mulAddcmul_(double beta, Tensor a, Tensor b, double value) {
        return InPlace.ternary(this, TernaryOp.ADDCMUL, a, b, value, beta, 0);
    }

    /**
     * this += weight * (end - this), in one pass: with weight = 1 - beta, the moving average beta * this + (1 - beta) *
     * end.
     */
    public Tensor lerp_(Tensor end, double weight) {
        return InPlace.ternary(this, TernaryOp.ADDCMUL, end, Tensor.scalar(1, dtype()), weight, 1 - weight, 0);
    }

    /** this += value * a / b, in one fused pass (no graph: for optimizer updates). */
    public Tensor addcdiv_(Tensor a, Tensor b, double value) {
        return InPlace.ternary(this, TernaryOp.ADDCDIV, a, b, value, 1, 0);
    }

    /** this += value * a / (sqrt(b) + eps) in one pass: the step of RMSprop and Adam without a temporary. */
    public Tensor addcdivSqrt_(Tensor a, Tensor b, double value, double eps) {
        return InPlace.ternary(this, TernaryOp.ADDCDIV_SQRT, a, b, value, 1, eps);
    }

    /** Limits values to [min, max] in place; Python-float bounds refuse an integer tensor, as in PyTorch. */
    public Tensor clamp_(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp_: min " + min + " is greater than max " + max);
        InPlace.checkCast(Kernels.resultType(this, number(0.0)), this, "clamp_");
        return InPlace.unary(this, UnaryOp.CLAMP, min, max);
    }

    public Tensor clamp_(long min, long max) {
        if (min > max) throw new IllegalArgumentException("clamp_: min " + min + " is greater than max " + max);
        InPlace.checkCast(Kernels.resultType(this, number(0L)), this, "clamp_");
        return InPlace.unary(this, UnaryOp.CLAMP, (double) min, (double) max);
    }

    public Tensor sqrt_() {
        return InPlace.unary(this, UnaryOp.SQRT, 0, 0);
    }

    public Tensor neg_() {
        return InPlace.unary(this, UnaryOp.NEG, 0, 0);
    }

    public Tensor relu_() {
        return InPlace.unary(this, UnaryOp.RELU, 0, 0);
    }

    public Tensor zero_() {
        return fill_(0);
    }

    public Tensor fill_(double value) {
        return InPlace.fill(this, value);
    }

    /** Copies src (broadcast to this shape, converted to this dtype) into this tensor. */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    public Tensor uniform_(Generator gen, double low, double high) {
        InPlace.check(this, "uniform_");
        backend().fillUniform(this, gen, low, high);
        storage.bumpVersion();
        return this;
    }

    public Tensor normal_(Generator gen, double mean, double std) {
        InPlace.check(this, "normal_");
        backend().fillNormal(this, gen, mean, std);
        storage.bumpVersion();
        return this;
    }

    public Tensor bernoulli_(Generator gen, double p) {
        InPlace.check(this, "bernoulli_");
        backend().fillBernoulli(this, gen, p);
        storage.bumpVersion();
        return this;
    }

    /** Replaces this non-leaf's history after an in-place op; used by the in-place ops. */
    public void rebaseHistory(Tensor result) {
        this.gradFn = result.gradFn();
        this.requiresGrad = false;
        if (base != null) baseHistory = base.gradFn;
    }

    public boolean isView() {
        return view;
    }

    @Override
    public String toString() {
        return Printer.format(this);
    }

    /** Tensor equality is identity, as in PyTorch; compare contents with {@link #allClose} or {@link #eq}. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    /** A tensor of maximum or minimum values and the int64 positions they came from. */
    public record ValuesIndices(Tensor values, Tensor indices) {}
}
