package dev.descent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, log, tanh and sigmoid in float32 from plain arithmetic (Cephes-style range reduction and minimax polynomials),
 * as vectors and as scalars with the very same operations.
 *
 * <p>Why not {@code lanewise(EXP)}: the Vector API computes transcendental lanes with one library once compiled and
 * with {@code Math.exp} before, so the same input gives different bits depending on JIT state - and a training run
 * would not repeat itself. Basic IEEE operations round the same everywhere. Accuracy is within 2 ulp of the correctly
 * rounded result over the float range.
 */
final class VectorMath {
    private VectorMath() {}

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    private static final float EXP_HI = 88.72283f, EXP_LO = -87.33654f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    private static FloatVector c(FloatVector like, float v) {
        return FloatVector.broadcast(like.species(), v);
    }

    // ---- exp ----------------------------------------------------------------------------------

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector n = xc.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.fma(c(n, -LN2_HI), xc);
        r = n.fma(c(n, -LN2_LO), r);
        FloatVector p = expPoly(r);
        IntVector bits =
                ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector result = p.mul(bits.reinterpretAsFloats());
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
        result = result.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
        return result.blend(x, x.test(VectorOperators.IS_NAN));
    }

    static float exp(float x) {
        if (Float.isNaN(x)) return x;
        if (x > EXP_HI) return Float.POSITIVE_INFINITY;
        if (x < EXP_LO) return 0f;
        float n = Math.fma(x, LOG2E, ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        return expPoly(r) * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    private static FloatVector expPoly(FloatVector r) {
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(r.species(), 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(r.species(), 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(r.species(), 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(r.species(), 5.0000001201e-1f));
        return p.mul(r.mul(r)).add(r).add(1f);
    }

    private static float expPoly(float r) {
        float p = Math.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        return p * (r * r) + r + 1f;
    }

    // ---- log ----------------------------------------------------------------------------------

    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // mantissa in [0.5, 1)
        FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        ef = ef.sub(FloatVector.zero(x.species()).blend(1f, small));
        m = m.add(m.blend(0f, small.not())).sub(1f);
        FloatVector z = m.mul(m);
        FloatVector y = logPoly(m).mul(m).mul(z);
        y = ef.fma(c(ef, LN2_LO), y);
        y = z.fma(c(z, -0.5f), y);
        FloatVector result = ef.fma(c(ef, LN2_HI), m.add(y));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
        return result.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    static float log(float x) {
        if (Float.isNaN(x) || x < 0) return Float.NaN;
        if (x == 0) return Float.NEGATIVE_INFINITY;
        if (x == Float.POSITIVE_INFINITY) return x;
        int bits = Float.floatToRawIntBits(x);
        float e = ((bits >>> 23) & 0xff) - 126;
        float m = Float.intBitsToFloat((bits & 0x807fffff) | 0x3f000000);
        if (m < SQRT_HALF) {
            e -= 1f;
            m = m + m - 1f;
        } else {
            m = m - 1f;
        }
        float z = m * m;
        float y = logPoly(m) * m * z;
        y = Math.fma(e, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        return Math.fma(e, LN2_HI, m + y);
    }

    private static FloatVector logPoly(FloatVector m) {
        FloatVector p = m.fma(7.0376836292e-2f, -1.1514610310e-1f);
        p = p.fma(m, FloatVector.broadcast(m.species(), 1.1676998740e-1f));
        p = p.fma(m, FloatVector.broadcast(m.species(), -1.2420140846e-1f));
        p = p.fma(m, FloatVector.broadcast(m.species(), 1.4249322787e-1f));
        p = p.fma(m, FloatVector.broadcast(m.species(), -1.6668057665e-1f));
        p = p.fma(m, FloatVector.broadcast(m.species(), 2.0000714765e-1f));
        p = p.fma(m, FloatVector.broadcast(m.species(), -2.4999993993e-1f));
        return p.fma(m, FloatVector.broadcast(m.species(), 3.3333331174e-1f));
    }

    private static float logPoly(float m) {
        float p = Math.fma(m, 7.0376836292e-2f, -1.1514610310e-1f);
        p = Math.fma(p, m, 1.1676998740e-1f);
        p = Math.fma(p, m, -1.2420140846e-1f);
        p = Math.fma(p, m, 1.4249322787e-1f);
        p = Math.fma(p, m, -1.6668057665e-1f);
        p = Math.fma(p, m, 2.0000714765e-1f);
        p = Math.fma(p, m, -2.4999993993e-1f);
        return Math.fma(p, m, 3.3333331174e-1f);
    }

    // ---- tanh and sigmoid ---------------------------------------------------------------------

    /** A polynomial near zero (where 1 - 2/(e^2x + 1) would cancel), the exp form elsewhere. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745e-3f, 2.06390887954e-2f);
        p = p.fma(z, FloatVector.broadcast(x.species(), -5.37397155531e-2f));
        p = p.fma(z, FloatVector.broadcast(x.species(), 1.33314422036e-1f));
        p = p.fma(z, FloatVector.broadcast(x.species(), -3.33332819422e-1f));
        FloatVector near = p.mul(z).fma(x, x);
        FloatVector e = exp(ax.add(ax).min(20f));
        FloatVector far = FloatVector.broadcast(x.species(), 1f)
                .sub(FloatVector.broadcast(x.species(), 2f).div(e.add(1f)));
        far = far.blend(far.neg(), x.compare(VectorOperators.LT, 0f));
        return near.blend(far, ax.compare(VectorOperators.GE, 0.625f));
    }

    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax >= 0.625f) {
            float t = 1f - 2f / (exp(Math.min(ax + ax, 20f)) + 1f);
            return x < 0 ? -t : t;
        }
        if (Float.isNaN(x)) return x;
        float z = x * x;
        float p = Math.fma(z, -5.70498872745e-3f, 2.06390887954e-2f);
        p = Math.fma(p, z, -5.37397155531e-2f);
        p = Math.fma(p, z, 1.33314422036e-1f);
        p = Math.fma(p, z, -3.33332819422e-1f);
        return Math.fma(p * z, x, x);
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(x.species(), 1f);
        return one.div(one.add(exp(x.neg())));
    }

    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }
}
