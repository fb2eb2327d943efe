package dev.descent.backend.cpu;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 elementwise rows with the JDK Vector API. Each op has its own loop, because a vector op only compiles to SIMD
 * instructions when it is a constant at its call site. Operands are contiguous (stride 1) or broadcast scalars (stride
 * 0); each method returns how many elements it did, and the caller finishes the tail with {@link Scalar}.
 */
final class VectorF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Int lanes matching S one for one (positions, masks cast from float compares). */
    static final VectorSpecies<Integer> I = S.withLanes(int.class);

    private static final int L = S.length();

    private VectorF32() {}

    /** Whether {@link #unary} has a vector form of the op (else it does nothing and returns 0). */
    static boolean hasUnary(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, SQRT, RECIPROCAL, EXP, LOG, TANH, SIGMOID, RELU, LEAKY_RELU, POW, CLAMP ->
                true;
            default -> false;
        };
    }

    /** Whether {@link #binary} has a vector form of the op (else it does nothing and returns 0). */
    static boolean hasBinary(BinaryOp op) {
        return switch (op) {
            case ADD,
                    SUB,
                    MUL,
                    DIV,
                    MAXIMUM,
                    MINIMUM,
                    RELU_BACKWARD,
                    LEAKY_RELU_BACKWARD,
                    SIGMOID_BACKWARD,
                    TANH_BACKWARD -> true;
            default -> false;
        };
    }

    /** Vectorised unary row over contiguous x and out; returns the count done (0 if the op has no vector form). */
    static int unary(UnaryOp op, float[] x, int xo, float[] o, int oo, int n, float p, float q) {
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += L)
                    FloatVector.fromArray(S, x, xo + i).neg().intoArray(o, oo + i);
            }
            case ABS -> {
                for (; i < bound; i += L)
                    FloatVector.fromArray(S, x, xo + i).abs().intoArray(o, oo + i);
            }
            case SQUARE -> {
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.mul(v).intoArray(o, oo + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += L)
                    FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(o, oo + i);
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < bound; i += L)
                    one.div(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
            }
            // Not lanewise(EXP) and friends: their bits change with JIT state (see VectorMath). Each loop is
            // a method of its own so that C2 inlines the polynomial into it: a vector passed to a call that
            // was not inlined is boxed on the heap, which made exp four times slower than sigmoid.
            case EXP -> i = expRow(x, xo, o, oo, bound);
            case LOG -> i = logRow(x, xo, o, oo, bound);
            case TANH -> i = tanhRow(x, xo, o, oo, bound);
            case SIGMOID -> i = sigmoidRow(x, xo, o, oo, bound);
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.blend(zero, v.compare(VectorOperators.LE, zero)).intoArray(o, oo + i);
                }
            }
            case LEAKY_RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.blend(v.mul(p), v.compare(VectorOperators.LE, zero)).intoArray(o, oo + i);
                }
            }
            case SIGN -> {
                FloatVector zero = FloatVector.zero(S),
                        one = FloatVector.broadcast(S, 1f),
                        minusOne = FloatVector.broadcast(S, -1f);
                for (; i < bound; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    // Zero and NaN map to themselves, as Math.signum does.
                    v.blend(one, v.compare(VectorOperators.GT, zero))
                            .blend(minusOne, v.compare(VectorOperators.LT, zero))
                            .intoArray(o, oo + i);
                }
            }
            case POW -> {
                // Only exponents whose float result is exactly the scalar path's (Math.pow(x, 2) is x * x).
                if (p == 2f) {
                    for (; i < bound; i += L) {
                        FloatVector v = FloatVector.fromArray(S, x, xo + i);
                        v.mul(v).intoArray(o, oo + i);
                    }
                } else if (p == 1f) {
                    for (; i < bound; i += L)
                        FloatVector.fromArray(S, x, xo + i).intoArray(o, oo + i);
                }
            }
            case CLAMP -> {
                FloatVector lo = FloatVector.broadcast(S, Float.isNaN(p) ? Float.NEGATIVE_INFINITY : p);
                FloatVector hi = FloatVector.broadcast(S, Float.isNaN(q) ? Float.POSITIVE_INFINITY : q);
                for (; i < bound; i += L)
                    FloatVector.fromArray(S, x, xo + i).max(lo).min(hi).intoArray(o, oo + i);
            }
            default -> {}
        }
        return i;
    }

    private static int expRow(float[] x, int xo, float[] o, int oo, int bound) {
        int i = 0;
        for (; i < bound; i += L)
            VectorMath.exp(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        return i;
    }

    private static int logRow(float[] x, int xo, float[] o, int oo, int bound) {
        int i = 0;
        for (; i < bound; i += L)
            VectorMath.log(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        return i;
    }

    private static int tanhRow(float[] x, int xo, float[] o, int oo, int bound) {
        int i = 0;
        for (; i < bound; i += L)
            VectorMath.tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        return i;
    }

    private static int sigmoidRow(float[] x, int xo, float[] o, int oo, int bound) {
        int i = 0;
        for (; i < bound; i += L)
            VectorMath.sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(o, oo + i);
        return i;
    }

    /**
     * Vectorised binary row; a and b have stride 1 or 0 (broadcast scalar), out stride 1. Returns the count done (0 if
     * the op has no vector form). Every op here computes, lane by lane, exactly what {@link Scalar#binaryF32} computes,
     * so results do not depend on which elements fall in a vector and which in a tail (that is, on the thread count).
     */
    static int binary(
            BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n, float alpha) {
        return switch (op) {
            case ADD -> alpha == 1f ? add(a, ao, as, b, bo, bs, o, oo, n) : axpy(a, ao, as, b, bo, bs, o, oo, n, alpha);
            case SUB ->
                alpha == 1f ? sub(a, ao, as, b, bo, bs, o, oo, n) : axpy(a, ao, as, b, bo, bs, o, oo, n, -alpha);
            case MUL -> mul(a, ao, as, b, bo, bs, o, oo, n);
            case DIV -> div(a, ao, as, b, bo, bs, o, oo, n);
            case MAXIMUM -> max(a, ao, as, b, bo, bs, o, oo, n);
            case MINIMUM -> min(a, ao, as, b, bo, bs, o, oo, n);
            case RELU_BACKWARD -> reluBackward(a, ao, as, b, bo, bs, o, oo, n);
            case LEAKY_RELU_BACKWARD -> leakyReluBackward(a, ao, as, b, bo, bs, o, oo, n, alpha);
            case SIGMOID_BACKWARD -> sigmoidBackward(a, ao, as, b, bo, bs, o, oo, n);
            case TANH_BACKWARD -> tanhBackward(a, ao, as, b, bo, bs, o, oo, n);
            default -> 0;
        };
    }

    private static FloatVector load(float[] a, int off, int stride, int i, FloatVector scalar) {
        return stride == 0 ? scalar : FloatVector.fromArray(S, a, off + i);
    }

    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]), cb = FloatVector.broadcast(S, b[bo]);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(a, ao, as, i, ca).add(load(b, bo, bs, i, cb)).intoArray(o, oo + i);
        return i;
    }

    private static int axpy(
            float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n, float alpha) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]),
                cb = FloatVector.broadcast(S, b[bo]),
                va = FloatVector.broadcast(S, alpha);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(b, bo, bs, i, cb).fma(va, load(a, ao, as, i, ca)).intoArray(o, oo + i);
        return i;
    }

    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]), cb = FloatVector.broadcast(S, b[bo]);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(a, ao, as, i, ca).sub(load(b, bo, bs, i, cb)).intoArray(o, oo + i);
        return i;
    }

    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]), cb = FloatVector.broadcast(S, b[bo]);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(a, ao, as, i, ca).mul(load(b, bo, bs, i, cb)).intoArray(o, oo + i);
        return i;
    }

    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]), cb = FloatVector.broadcast(S, b[bo]);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(a, ao, as, i, ca).div(load(b, bo, bs, i, cb)).intoArray(o, oo + i);
        return i;
    }

    private static int max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]), cb = FloatVector.broadcast(S, b[bo]);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(a, ao, as, i, ca).max(load(b, bo, bs, i, cb)).intoArray(o, oo + i);
        return i;
    }

    private static int min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]), cb = FloatVector.broadcast(S, b[bo]);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            load(a, ao, as, i, ca).min(load(b, bo, bs, i, cb)).intoArray(o, oo + i);
        return i;
    }

    private static int reluBackward(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]),
                cb = FloatVector.broadcast(S, b[bo]),
                zero = FloatVector.zero(S);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            // Masked on x > 0, so a NaN input passes no gradient, as in the scalar form.
            VectorMask<Float> on = load(b, bo, bs, i, cb).compare(VectorOperators.GT, zero);
            zero.blend(load(a, ao, as, i, ca), on).intoArray(o, oo + i);
        }
        return i;
    }

    private static int leakyReluBackward(
            float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n, float slope) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]),
                cb = FloatVector.broadcast(S, b[bo]),
                zero = FloatVector.zero(S);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            VectorMask<Float> on = load(b, bo, bs, i, cb).compare(VectorOperators.GT, zero);
            FloatVector g = load(a, ao, as, i, ca);
            g.mul(slope).blend(g, on).intoArray(o, oo + i);
        }
        return i;
    }

    private static int sigmoidBackward(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]),
                cb = FloatVector.broadcast(S, b[bo]),
                one = FloatVector.broadcast(S, 1f);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector y = load(b, bo, bs, i, cb);
            load(a, ao, as, i, ca).mul(y).mul(one.sub(y)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int tanhBackward(float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        FloatVector ca = FloatVector.broadcast(S, a[ao]),
                cb = FloatVector.broadcast(S, b[bo]),
                one = FloatVector.broadcast(S, 1f);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector y = load(b, bo, bs, i, cb);
            load(a, ao, as, i, ca).mul(one.sub(y.mul(y))).intoArray(o, oo + i);
        }
        return i;
    }

    /**
     * A ternary row: a contiguous, b and c contiguous (stride 1) or broadcast scalars (stride 0), out contiguous. Each
     * op has its own loop so the JIT keeps the vectors in registers. Returns the count done.
     */
    static int ternary(
            TernaryOp op,
            float[] a,
            int ao,
            float[] b,
            int bo,
            int bs,
            float[] c,
            int co,
            int cs,
            float[] o,
            int oo,
            int n,
            float alpha,
            float beta,
            float gamma) {
        return switch (op) {
            case ADDCMUL -> addcmul(a, ao, b, bo, bs, c, co, cs, o, oo, n, alpha, beta);
            case ADDCDIV -> addcdiv(a, ao, b, bo, bs, c, co, cs, o, oo, n, alpha, beta);
            case ADDCDIV_SQRT -> addcdivSqrt(a, ao, b, bo, bs, c, co, cs, o, oo, n, alpha, beta, gamma);
        };
    }

    private static int addcmul(
            float[] a,
            int ao,
            float[] b,
            int bo,
            int bs,
            float[] c,
            int co,
            int cs,
            float[] o,
            int oo,
            int n,
            float alpha,
            float beta) {
        FloatVector cb = FloatVector.broadcast(S, b[bo]), cc = FloatVector.broadcast(S, c[co]);
        FloatVector va = FloatVector.broadcast(S, alpha), vb = FloatVector.broadcast(S, beta);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector t = load(b, bo, bs, i, cb).mul(load(c, co, cs, i, cc));
            t.fma(va, FloatVector.fromArray(S, a, ao + i).mul(vb)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int addcdiv(
            float[] a,
            int ao,
            float[] b,
            int bo,
            int bs,
            float[] c,
            int co,
            int cs,
            float[] o,
            int oo,
            int n,
            float alpha,
            float beta) {
        FloatVector cb = FloatVector.broadcast(S, b[bo]), cc = FloatVector.broadcast(S, c[co]);
        FloatVector va = FloatVector.broadcast(S, alpha), vb = FloatVector.broadcast(S, beta);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector t = load(b, bo, bs, i, cb).div(load(c, co, cs, i, cc));
            t.fma(va, FloatVector.fromArray(S, a, ao + i).mul(vb)).intoArray(o, oo + i);
        }
        return i;
    }

    private static int addcdivSqrt(
            float[] a,
            int ao,
            float[] b,
            int bo,
            int bs,
            float[] c,
            int co,
            int cs,
            float[] o,
            int oo,
            int n,
            float alpha,
            float beta,
            float gamma) {
        FloatVector cb = FloatVector.broadcast(S, b[bo]), cc = FloatVector.broadcast(S, c[co]);
        FloatVector va = FloatVector.broadcast(S, alpha),
                vb = FloatVector.broadcast(S, beta),
                vg = FloatVector.broadcast(S, gamma);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector t =
                    load(b, bo, bs, i, cb).div(load(c, co, cs, i, cc).sqrt().add(vg));
            t.fma(va, FloatVector.fromArray(S, a, ao + i).mul(vb)).intoArray(o, oo + i);
        }
        return i;
    }

    /** Sum of a contiguous row. */
    static float sum(float[] x, int xo, int n) {
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        int i = 0, bound2 = n - n % (2 * L);
        for (; i < bound2; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, xo + i));
            acc1 = acc1.add(FloatVector.fromArray(S, x, xo + i + L));
        }
        float s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += x[xo + i];
        return s;
    }

    /** The lanes added first to last: reduceLanes(ADD) may reorder float additions once compiled. */
    static float sumLanes(FloatVector v) {
        float s = 0;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

    /** Max (or min) of a contiguous row with n >= 1; NaN propagates. */
    static float extremum(float[] x, int xo, int n, boolean max) {
        int i = 0, bound = S.loopBound(n);
        float r;
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(S, x, xo);
            for (i = L; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                acc = max ? acc.max(v) : acc.min(v);
            }
            r = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        } else {
            r = x[xo];
            i = 1;
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            r = max ? Math.max(r, v) : Math.min(r, v);
        }
        return r;
    }

    /** acc[i] += x[i] over contiguous rows (column sums of a matrix, row by row). */
    static void accumulate(float[] acc, int ao, float[] x, int xo, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            FloatVector.fromArray(S, acc, ao + i)
                    .add(FloatVector.fromArray(S, x, xo + i))
                    .intoArray(acc, ao + i);
        for (; i < n; i++) acc[ao + i] += x[xo + i];
    }

    /** acc[i] = max/min(acc[i], x[i]) over contiguous rows. */
    static void accumulateExtremum(float[] acc, int ao, float[] x, int xo, int n, boolean max) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector a = FloatVector.fromArray(S, acc, ao + i), v = FloatVector.fromArray(S, x, xo + i);
            (max ? a.max(v) : a.min(v)).intoArray(acc, ao + i);
        }
        for (; i < n; i++) acc[ao + i] = max ? Math.max(acc[ao + i], x[xo + i]) : Math.min(acc[ao + i], x[xo + i]);
    }

    /** y[i] += alpha * x[i] over contiguous rows. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            FloatVector.fromArray(S, x, xo + i)
                    .fma(va, FloatVector.fromArray(S, y, yo + i))
                    .intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    /** y[i] = alpha * x[i] over contiguous rows. */
    static void scale(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, x, xo + i).mul(va).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] = alpha * x[xo + i];
    }

    /** The dot product of two contiguous rows. */
    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        int i = 0, bound2 = n - n % (2 * L);
        for (; i < bound2; i += 2 * L) {
            s0 = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), s0);
            s1 = FloatVector.fromArray(S, x, xo + i + L).fma(FloatVector.fromArray(S, y, yo + i + L), s1);
        }
        float s = sumLanes(s0.add(s1));
        for (; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }
}
