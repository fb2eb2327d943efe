package dev.descent.graph;

import dev.descent.backend.Backend;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.backend.Epilogue;
import dev.descent.backend.Generator;
import dev.descent.backend.HostScalar;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import java.util.List;

/**
 * A backend that runs every kernel on the real one and tells a {@link Recording} about it. Allocations become
 * temporaries, host copies constants, host reads warnings (Java code that branches on them is frozen).
 */
final class RecordingBackend implements Backend {
    private final Backend real;
    private final Recording rec;

    RecordingBackend(Backend real, Recording rec) {
        this.real = real;
        this.rec = rec;
    }

    Backend real() {
        return real;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public boolean isAvailable() {
        return real.isAvailable();
    }

    @Override
    public int priority() {
        return real.priority();
    }

    @Override
    public String describe() {
        return "tracing " + real.describe();
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        Storage s = real.allocate(dtype, size);
        rec.allocated(s);
        return s;
    }

    @Override
    public Storage fromHost(DType dtype, Object array) {
        Storage s = real.fromHost(dtype, array);
        rec.constant(s);
        return s;
    }

    @Override
    public void toHost(StridedView src, Object array) {
        rec.readBack(src);
        real.toHost(src, array);
    }

    @Override
    public void fill(StridedView dst, double value) {
        HostScalar cell = HostScalar.holding(value);
        Call call = kernel("fill", "value=" + show(value, cell)).out(dst);
        if (cell == null) call.run((b, v) -> b.fill(v[0], value));
        else call.readsHost().run((b, v) -> b.fill(v[0], cell.get()));
    }

    @Override
    public void copy(StridedView src, StridedView dst) {
        kernel("copy", "").in(src).out(dst).run((b, v) -> b.copy(v[0], v[1]));
    }

    @Override
    public void unary(UnaryOp op, StridedView x, StridedView out, double p, double q) {
        HostScalar cp = HostScalar.holding(p), cq = HostScalar.holding(q);
        Call call = kernel(name(op), scalars(op, p, cp, q, cq)).in(x).out(out);
        if (cp == null && cq == null) call.run((b, v) -> b.unary(op, v[0], v[1], p, q));
        else call.readsHost().run((b, v) -> b.unary(op, v[0], v[1], read(cp, p), read(cq, q)));
    }

    @Override
    public void binary(BinaryOp op, StridedView a, StridedView b, StridedView out, double alpha) {
        HostScalar cell = HostScalar.holding(alpha);
        // ADD and SUB use alpha even when it is 0, so only 1 goes unsaid for them (a fused epilogue matches on it).
        boolean plain = cell == null && (alpha == 1 || (alpha == 0 && op != BinaryOp.ADD && op != BinaryOp.SUB));
        Call call = kernel(name(op), plain ? "" : "alpha=" + show(alpha, cell))
                .in(a, b)
                .out(out);
        if (cell == null) call.run((be, v) -> be.binary(op, v[0], v[1], v[2], alpha));
        else call.readsHost().run((be, v) -> be.binary(op, v[0], v[1], v[2], cell.get()));
    }

    @Override
    public void ternary(
            TernaryOp op,
            StridedView a,
            StridedView b,
            StridedView c,
            StridedView out,
            double alpha,
            double beta,
            double gamma) {
        HostScalar ca = HostScalar.holding(alpha), cb = HostScalar.holding(beta), cg = HostScalar.holding(gamma);
        Call call = kernel(
                        name(op),
                        "alpha=" + show(alpha, ca) + ", beta=" + show(beta, cb) + ", gamma=" + show(gamma, cg))
                .in(a, b, c)
                .out(out);
        // An in-place update (w -= ...) reads what it writes.
        if (a.storage() == out.storage()) call.accumulates();
        if (ca == null && cb == null && cg == null) {
            call.run((be, v) -> be.ternary(op, v[0], v[1], v[2], v[3], alpha, beta, gamma));
        } else {
            call.readsHost()
                    .run((be, v) ->
                            be.ternary(op, v[0], v[1], v[2], v[3], read(ca, alpha), read(cb, beta), read(cg, gamma)));
        }
    }

    @Override
    public void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
        kernel("where", "").in(cond, a, b).out(out).run((be, v) -> be.where(v[0], v[1], v[2], v[3]));
    }

    @Override
    public void reduce(ReduceOp op, StridedView x, StridedView out) {
        kernel("reduce_" + name(op), "").in(x).out(out).run((b, v) -> b.reduce(op, v[0], v[1]));
    }

    @Override
    public void matmul(StridedView a, StridedView b, StridedView out) {
        kernel("matmul", "").in(a, b).out(out).run((be, v) -> be.matmul(v[0], v[1], v[2]));
    }

    /** One node, as the product with its epilogue is one kernel; the bias is a third input. */
    @Override
    public void matmul(StridedView a, StridedView b, StridedView out, Epilogue epilogue) {
        if (epilogue.isNone()) {
            matmul(a, b, out);
            return;
        }
        Call call = kernel("matmul", epilogue.describe());
        if (epilogue.bias() != null) call.in(a, b, epilogue.bias());
        else call.in(a, b);
        call.out(out).run(matmulKernel(epilogue.bias() != null, epilogue.activation()));
    }

    /** The kernel of a matmul node whose views are a, b, (bias,) out. */
    static KernelCall.Kernel matmulKernel(boolean bias, Epilogue.Activation activation) {
        if (!bias && activation == Epilogue.Activation.NONE) return (be, v) -> be.matmul(v[0], v[1], v[2]);
        if (!bias) return (be, v) -> be.matmul(v[0], v[1], v[2], new Epilogue(null, activation));
        return (be, v) -> be.matmul(v[0], v[1], v[3], new Epilogue(v[2], activation));
    }

    @Override
    public void matmulSum(StridedView a, StridedView b, StridedView out) {
        kernel("matmul_sum", "").in(a, b).out(out).run((be, v) -> be.matmulSum(v[0], v[1], v[2]));
    }

    @Override
    public void gather(StridedView x, int dim, StridedView index, StridedView out) {
        kernel("gather", "dim=" + dim).in(x, index).out(out).run((b, v) -> b.gather(v[0], dim, v[1], v[2]));
    }

    @Override
    public void scatterAdd(StridedView out, int dim, StridedView index, StridedView src) {
        kernel("scatter_add", "dim=" + dim)
                .in(out, index, src)
                .out(out)
                .accumulates()
                .run((b, v) -> b.scatterAdd(v[3], dim, v[1], v[2]));
    }

    @Override
    public void indexSelect(StridedView x, int dim, StridedView index, StridedView out) {
        kernel("index_select", "dim=" + dim).in(x, index).out(out).run((b, v) -> b.indexSelect(v[0], dim, v[1], v[2]));
    }

    @Override
    public void indexAdd(StridedView out, int dim, StridedView index, StridedView src) {
        kernel("index_add", "dim=" + dim)
                .in(out, index, src)
                .out(out)
                .accumulates()
                .run((b, v) -> b.indexAdd(v[3], dim, v[1], v[2]));
    }

    @Override
    public void im2col(StridedView x, ConvGeometry g, StridedView cols) {
        kernel("im2col", g.toString()).in(x).out(cols).run((b, v) -> b.im2col(v[0], g, v[1]));
    }

    @Override
    public void col2im(StridedView cols, ConvGeometry g, StridedView x) {
        // Sums into a zeroed x: reads x, so the memory plan zeroes a reused buffer first.
        kernel("col2im", g.toString()).in(cols, x).out(x).accumulates().run((b, v) -> b.col2im(v[0], g, v[2]));
    }

    @Override
    public void maxPool2d(StridedView x, ConvGeometry g, StridedView out, StridedView indices) {
        kernel("max_pool2d", g.toString()).in(x).out(out, indices).run((b, v) -> b.maxPool2d(v[0], g, v[1], v[2]));
    }

    @Override
    public void fillUniform(StridedView dst, Generator gen, double low, double high) {
        kernel("uniform", "low=" + low + ", high=" + high)
                .out(dst)
                .drawsRandom()
                .run((b, v) -> b.fillUniform(v[0], gen, low, high));
    }

    @Override
    public void fillNormal(StridedView dst, Generator gen, double mean, double std) {
        kernel("normal", "mean=" + mean + ", std=" + std)
                .out(dst)
                .drawsRandom()
                .run((b, v) -> b.fillNormal(v[0], gen, mean, std));
    }

    @Override
    public void fillBernoulli(StridedView dst, Generator gen, double p) {
        kernel("bernoulli", "p=" + p).out(dst).drawsRandom().run((b, v) -> b.fillBernoulli(v[0], gen, p));
    }

    private Call kernel(String op, String attrs) {
        return new Call(op, attrs);
    }

    /**
     * One kernel call: recorded with its inputs and outputs, then run on the real backend by the same code the replay
     * runs (its views are the inputs followed by the outputs). A call is pure (no generator state) and overwrites its
     * outputs unless told otherwise.
     */
    private final class Call {
        private final String op;
        private final String attrs;
        private List<StridedView> in = List.of();
        private List<StridedView> out = List.of();
        private boolean pure = true;
        private boolean overwrites = true;

        Call(String op, String attrs) {
            this.op = op;
            this.attrs = attrs;
        }

        Call in(StridedView... views) {
            in = List.of(views);
            return this;
        }

        Call out(StridedView... views) {
            out = List.of(views);
            return this;
        }

        /** The kernel adds into (or reads) its output, so a reused buffer must hold the right values first. */
        Call accumulates() {
            overwrites = false;
            return this;
        }

        /** The kernel advances a generator: never folded into a constant or merged with its twin. */
        Call drawsRandom() {
            pure = false;
            return this;
        }

        /**
         * The kernel reads a {@link HostScalar} when it runs: not a function of its inputs alone, so never folded into
         * a constant at optimisation time or merged with a twin.
         */
        Call readsHost() {
            pure = false;
            return this;
        }

        void run(KernelCall.Kernel kernel) {
            rec.call(op, attrs, in, out, pure, overwrites, kernel);
            StridedView[] views = new StridedView[in.size() + out.size()];
            for (int i = 0; i < in.size(); i++) views[i] = in.get(i);
            for (int i = 0; i < out.size(); i++) views[in.size() + i] = out.get(i);
            kernel.run(real, views);
        }
    }

    private static String name(Enum<?> op) {
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String scalars(UnaryOp op, double p, HostScalar cp, double q, HostScalar cq) {
        return switch (op) {
            case CLAMP -> "min=" + show(p, cp) + ", max=" + show(q, cq);
            default -> p == 0 && q == 0 && cp == null && cq == null ? "" : "p=" + show(p, cp) + ", q=" + show(q, cq);
        };
    }

    /**
     * A scalar attribute as the IR shows it: the number, or the host cell it was read from, whose value changes from
     * step to step and is therefore no part of what two traces must agree on.
     */
    private static String show(double value, HostScalar cell) {
        return cell == null ? String.valueOf(value) : "$" + cell.name();
    }

    private static double read(HostScalar cell, double traced) {
        return cell == null ? traced : cell.get();
    }
}
