package dev.descent.backend.cpu;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;

/** Every elementwise op on one scalar, in double or long arithmetic: the reference the vector paths must match. */
final class Scalar {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private Scalar() {}

    static double unary(UnaryOp op, double x, double p, double q) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case RECIPROCAL -> 1 / x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case ERF -> erf(x);
            case RELU -> x > 0 ? x : !Double.isNaN(x) ? 0 : x;
            case LEAKY_RELU -> x > 0 ? x : x * p;
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            case POW -> Math.pow(x, p);
            case RPOW -> Math.pow(p, x);
            case CLAMP -> clamp(x, p, q);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
        };
    }

    /**
     * float32 elementwise ops, computed exactly as the vector path does: the transcendental ones with VectorMath, and
     * those whose vector form rounds differently from double arithmetic in float. (Single IEEE operations round the
     * same either way, so the rest can go through double.)
     */
    static float unaryF32(UnaryOp op, float x, double p, double q) {
        return switch (op) {
            case EXP -> VectorMath.exp(x);
            case LOG -> VectorMath.log(x);
            case TANH -> VectorMath.tanh(x);
            case SIGMOID -> VectorMath.sigmoid(x);
            case LEAKY_RELU -> x > 0 ? x : x * (float) p;
            case CLAMP ->
                Math.min(
                        Math.max(x, Double.isNaN(p) ? Float.NEGATIVE_INFINITY : (float) p),
                        Double.isNaN(q) ? Float.POSITIVE_INFINITY : (float) q);
            default -> (float) unary(op, x, p, q);
        };
    }

    /** float32 binary ops, computed exactly as the vector path does (see {@link #unaryF32}). */
    static float binaryF32(BinaryOp op, float a, float b, double alpha) {
        float fAlpha = (float) alpha;
        return switch (op) {
            case ADD -> fAlpha == 1f ? a + b : Math.fma(b, fAlpha, a);
            case SUB -> fAlpha == 1f ? a - b : Math.fma(b, -fAlpha, a);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case RELU_BACKWARD -> b > 0 ? a : 0f;
            case LEAKY_RELU_BACKWARD -> b > 0 ? a : a * fAlpha;
            case SIGMOID_BACKWARD -> a * b * (1f - b);
            case TANH_BACKWARD -> a * (1f - b * b);
            default -> (float) binary(op, a, b, alpha);
        };
    }

    static double ternary(TernaryOp op, double a, double b, double c, double alpha, double beta, double gamma) {
        return switch (op) {
            case ADDCMUL -> beta * a + alpha * b * c;
            case ADDCDIV -> beta * a + alpha * b / c;
            case ADDCDIV_SQRT -> beta * a + alpha * b / (Math.sqrt(c) + gamma);
        };
    }

    /** float32 ternary ops with exactly the vector path's operations (see VectorF32.ternary). */
    static float ternaryF32(TernaryOp op, float a, float b, float c, float alpha, float beta, float gamma) {
        float t = switch (op) {
            case ADDCMUL -> b * c;
            case ADDCDIV -> b / c;
            case ADDCDIV_SQRT -> b / ((float) Math.sqrt(c) + gamma);
        };
        return Math.fma(t, alpha, a * beta);
    }

    static double clamp(double x, double lo, double hi) {
        if (Double.isNaN(x)) return x;
        if (!Double.isNaN(lo) && x < lo) x = lo;
        if (!Double.isNaN(hi) && x > hi) x = hi;
        return x;
    }

    static long unaryLong(UnaryOp op, long x, double p, double q) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case SQUARE -> x * x;
            case RELU -> Math.max(x, 0);
            case CLAMP -> clampLong(x, p, q);
            case FLOOR, CEIL, ROUND -> x;
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
            case POW -> p == Math.rint(p) && Math.abs(p) < 0x1p62 ? pow(x, (long) p) : (long) Math.pow((double) x, p);
            default -> throw new IllegalArgumentException(op + " is not defined for integer tensors");
        };
    }

    /** x itself unless a bound moves it: through double, int64 values above 2^53 lost their low bits. */
    private static long clampLong(long x, double lo, double hi) {
        if (!Double.isNaN(lo) && x < lo) x = (long) lo;
        if (!Double.isNaN(hi) && x > hi) x = (long) hi;
        return x;
    }

    /**
     * a^b in integer arithmetic, wrapping on overflow as int64 does: Math.pow rounds through double, which loses the
     * low bits of results above 2^53. A negative b gives the integer part of 1 / a^|b|.
     */
    static long pow(long a, long b) {
        if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
        long r = 1;
        while (b > 0) {
            if ((b & 1) == 1) r *= a;
            a *= a;
            b >>= 1;
        }
        return r;
    }

    static double binary(BinaryOp op, double a, double b, double alpha) {
        return switch (op) {
            case ADD -> a + alpha * b;
            case SUB -> a - alpha * b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case FMOD -> a % b;
            case REMAINDER -> {
                double m = a % b;
                yield m != 0 && (b < 0) != (m < 0) ? m + b : m;
            }
            case FLOOR_DIVIDE -> floorDivide(a, b);
            case RELU_BACKWARD -> b > 0 ? a : 0;
            case LEAKY_RELU_BACKWARD -> b > 0 ? a : a * alpha;
            case SIGMOID_BACKWARD -> a * b * (1 - b);
            case TANH_BACKWARD -> a * (1 - b * b);
            case GELU_BACKWARD -> a * (0.5 * (1 + erf(b / Math.sqrt(2))) + b * INV_SQRT_2PI * Math.exp(-0.5 * b * b));
            case GELU_TANH_BACKWARD -> {
                double u = SQRT_2_OVER_PI * (b + 0.044715 * b * b * b);
                double t = Math.tanh(u);
                double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * b * b);
                yield a * (0.5 * (1 + t) + 0.5 * b * (1 - t * t) * du);
            }
        };
    }

    static long binaryLong(BinaryOp op, long a, long b, double alpha) {
        return switch (op) {
            case ADD -> a + ((long) alpha) * b;
            case SUB -> a - ((long) alpha) * b;
            case MUL -> a * b;
            case POW -> pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case DIV, FLOOR_DIVIDE -> Math.floorDiv(a, nonZero(b));
            case FMOD -> a % nonZero(b);
            case REMAINDER -> Math.floorMod(a, nonZero(b));
            default -> throw new IllegalArgumentException(op + " is not defined for integer tensors");
        };
    }

    private static long nonZero(long divisor) {
        if (divisor == 0) throw new ArithmeticException("ZeroDivisionError: integer division by zero");
        return divisor;
    }

    /**
     * floor(a / b) as PyTorch computes it: from fmod, whose result is exact, so that a quotient just below a whole
     * number is not rounded up to it.
     */
    static double floorDivide(double a, double b) {
        if (b == 0) return a / b;
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        if (div == 0) return Math.copySign(0, a / b);
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }

    /** erf to near double precision: Taylor series near 0, a continued fraction for erfc further out. */
    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax < 2.2) {
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 60; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        if (ax > 6) return Math.signum(x);
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double f = ax;
        for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }
}
