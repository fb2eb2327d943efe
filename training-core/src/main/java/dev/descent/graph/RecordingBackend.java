package dev.descent.graph;

import dev.descent.backend.Backend;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
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
        rec.call("fill", "value=" + value, List.of(), List.of(dst), true, true, (b, v) -> b.fill(v[0], value));
        real.fill(dst, value);
    }

    @Override
    public void copy(StridedView src, StridedView dst) {
        rec.call("copy", "", List.of(src), List.of(dst), true, true, (b, v) -> b.copy(v[0], v[1]));
        real.copy(src, dst);
    }

    @Override
    public void unary(UnaryOp op, StridedView x, StridedView out, double p, double q) {
        rec.call(
                op.name().toLowerCase(java.util.Locale.ROOT),
                scalars(op, p, q),
                List.of(x),
                List.of(out),
                true,
                true,
                (b, v) -> b.unary(op, v[0], v[1], p, q));
        real.unary(op, x, out, p, q);
    }

    @Override
    public void binary(BinaryOp op, StridedView a, StridedView b, StridedView out, double alpha) {
        rec.call(
                op.name().toLowerCase(java.util.Locale.ROOT),
                alpha == 0 || alpha == 1 ? "" : "alpha=" + alpha,
                List.of(a, b),
                List.of(out),
                true,
                true,
                (be, v) -> be.binary(op, v[0], v[1], v[2], alpha));
        real.binary(op, a, b, out, alpha);
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
        boolean aliased = a.storage() == out.storage();
        rec.call(
                op.name().toLowerCase(java.util.Locale.ROOT),
                "alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma,
                List.of(a, b, c),
                List.of(out),
                true,
                !aliased,
                (be, v) -> be.ternary(op, v[0], v[1], v[2], v[3], alpha, beta, gamma));
        real.ternary(op, a, b, c, out, alpha, beta, gamma);
    }

    @Override
    public void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
        rec.call(
                "where",
                "",
                List.of(cond, a, b),
                List.of(out),
                true,
                true,
                (be, v) -> be.where(v[0], v[1], v[2], v[3]));
        real.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, StridedView x, StridedView out) {
        rec.call(
                "reduce_" + op.name().toLowerCase(java.util.Locale.ROOT),
                "",
                List.of(x),
                List.of(out),
                true,
                true,
                (b, v) -> b.reduce(op, v[0], v[1]));
        real.reduce(op, x, out);
    }

    @Override
    public void matmul(StridedView a, StridedView b, StridedView out) {
        rec.call("matmul", "", List.of(a, b), List.of(out), true, true, (be, v) -> be.matmul(v[0], v[1], v[2]));
        real.matmul(a, b, out);
    }

    @Override
    public void gather(StridedView x, int dim, StridedView index, StridedView out) {
        rec.call(
                "gather",
                "dim=" + dim,
                List.of(x, index),
                List.of(out),
                true,
                true,
                (b, v) -> b.gather(v[0], dim, v[1], v[2]));
        real.gather(x, dim, index, out);
    }

    @Override
    public void scatterAdd(StridedView out, int dim, StridedView index, StridedView src) {
        rec.call(
                "scatter_add",
                "dim=" + dim,
                List.of(out, index, src),
                List.of(out),
                true,
                false,
                (b, v) -> b.scatterAdd(v[3], dim, v[1], v[2]));
        real.scatterAdd(out, dim, index, src);
    }

    @Override
    public void indexSelect(StridedView x, int dim, StridedView index, StridedView out) {
        rec.call(
                "index_select",
                "dim=" + dim,
                List.of(x, index),
                List.of(out),
                true,
                true,
                (b, v) -> b.indexSelect(v[0], dim, v[1], v[2]));
        real.indexSelect(x, dim, index, out);
    }

    @Override
    public void indexAdd(StridedView out, int dim, StridedView index, StridedView src) {
        rec.call(
                "index_add",
                "dim=" + dim,
                List.of(out, index, src),
                List.of(out),
                true,
                false,
                (b, v) -> b.indexAdd(v[3], dim, v[1], v[2]));
        real.indexAdd(out, dim, index, src);
    }

    @Override
    public void im2col(StridedView x, ConvGeometry g, StridedView cols) {
        rec.call("im2col", g.toString(), List.of(x), List.of(cols), true, true, (b, v) -> b.im2col(v[0], g, v[1]));
        real.im2col(x, g, cols);
    }

    @Override
    public void col2im(StridedView cols, ConvGeometry g, StridedView x) {
        // Sums into a zeroed x: reads x, so the memory plan zeroes a reused buffer first.
        rec.call("col2im", g.toString(), List.of(cols, x), List.of(x), true, false, (b, v) -> b.col2im(v[0], g, v[2]));
        real.col2im(cols, g, x);
    }

    @Override
    public void maxPool2d(StridedView x, ConvGeometry g, StridedView out, StridedView indices) {
        rec.call(
                "max_pool2d",
                g.toString(),
                List.of(x),
                List.of(out, indices),
                true,
                true,
                (b, v) -> b.maxPool2d(v[0], g, v[1], v[2]));
        real.maxPool2d(x, g, out, indices);
    }

    @Override
    public void fillUniform(StridedView dst, Generator gen, double low, double high) {
        rec.call(
                "uniform",
                "low=" + low + ", high=" + high,
                List.of(),
                List.of(dst),
                false,
                true,
                (b, v) -> b.fillUniform(v[0], gen, low, high));
        real.fillUniform(dst, gen, low, high);
    }

    @Override
    public void fillNormal(StridedView dst, Generator gen, double mean, double std) {
        rec.call(
                "normal",
                "mean=" + mean + ", std=" + std,
                List.of(),
                List.of(dst),
                false,
                true,
                (b, v) -> b.fillNormal(v[0], gen, mean, std));
        real.fillNormal(dst, gen, mean, std);
    }

    @Override
    public void fillBernoulli(StridedView dst, Generator gen, double p) {
        rec.call("bernoulli", "p=" + p, List.of(), List.of(dst), false, true, (b, v) -> b.fillBernoulli(v[0], gen, p));
        real.fillBernoulli(dst, gen, p);
    }

    private static String scalars(UnaryOp op, double p, double q) {
        return switch (op) {
            case CLAMP -> "min=" + p + ", max=" + q;
            default -> p == 0 && q == 0 ? "" : "p=" + p + ", q=" + q;
        };
    }
}
