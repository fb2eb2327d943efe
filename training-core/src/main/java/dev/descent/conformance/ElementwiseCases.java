package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Elementwise ops of one and two operands: broadcasting shapes, every dtype, Python numbers as the second operand,
 * special values (NaN, infinities, signed zeros) and non-contiguous operands.
 */
final class ElementwiseCases implements Family {

    /** A one-operand op: its name, the float domain where it is smooth, and Descent's form. */
    private record Unary(String name, Domain domain, UnaryOperator<Tensor> java) {}

    private static final List<Unary> UNARY = List.of(
            new Unary("neg", Domain.ANY, Tensor::neg),
            new Unary("abs", Domain.AWAY_FROM_ZERO, Tensor::abs),
            new Unary("sign", Domain.AWAY_FROM_ZERO, Tensor::sign),
            new Unary("sqrt", Domain.POSITIVE, Tensor::sqrt),
            new Unary("rsqrt", Domain.POSITIVE, Tensor::rsqrt),
            new Unary("reciprocal", Domain.AWAY_FROM_ZERO, Tensor::reciprocal),
            new Unary("exp", Domain.ANY, Tensor::exp),
            new Unary("log", Domain.POSITIVE, Tensor::log),
            new Unary("sin", Domain.ANY, Tensor::sin),
            new Unary("cos", Domain.ANY, Tensor::cos),
            new Unary("tanh", Domain.ANY, Tensor::tanh),
            new Unary("sigmoid", Domain.ANY, Tensor::sigmoid),
            new Unary("erf", Domain.ANY, Tensor::erf),
            new Unary("relu", Domain.AWAY_FROM_ZERO, Tensor::relu),
            new Unary("square", Domain.ANY, Tensor::square),
            new Unary("floor", Domain.ANY, Tensor::floor),
            new Unary("ceil", Domain.ANY, Tensor::ceil),
            new Unary("round", Domain.ANY, Tensor::round),
            new Unary("trunc", Domain.ANY, Tensor::trunc),
            new Unary("logical_not", Domain.ANY, Tensor::logicalNot));

    private static final List<String> BINARY = List.of(
            "add",
            "sub",
            "mul",
            "div",
            "pow",
            "maximum",
            "minimum",
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
            "logical_and",
            "logical_or",
            "floor_divide",
            "remainder",
            "fmod");

    @Override
    public String name() {
        return "elementwise";
    }

    @Override
    public int weight() {
        return 200;
    }

    @Override
    public Case draw(CaseBuilder b) {
        return b.chance(0.45) ? unary(b) : binary(b);
    }

    private Case unary(CaseBuilder b) {
        int kind = b.between(0, UNARY.size() + 3);
        boolean floating = b.chance(0.75);
        DType dt = floating ? b.floatType() : b.pick(CaseBuilder.ALL);
        boolean grad = floating && b.chance(0.6);
        int[] shape = b.shape(0, 3);
        if (kind < UNARY.size()) {
            Unary u = UNARY.get(kind);
            Domain domain = grad || b.chance(0.6) ? u.domain() : Domain.ANY;
            return b.build(u.name(), 1, b.maybeGrad(dt, shape, domain, grad));
        }
        return switch (kind - UNARY.size()) {
            case 0 ->
                b.build("leaky_relu", 1, b.maybeGrad(dt, shape, Domain.AWAY_FROM_ZERO, grad), b.pick(0.01, 0.2, 1.5));
            case 1 -> b.build("gelu", 1, b.maybeGrad(dt, shape, Domain.ANY, grad), b.pick("none", "tanh"));
            case 2 -> {
                Object exponent =
                        b.chance(0.5) ? (Object) (long) b.between(-2, 3) : (Object) b.pick(0.5, 1.5, 2.0, -0.5, 3.0);
                boolean positive = exponent instanceof Double e && e != Math.rint(e);
                yield b.build(
                        "pow_scalar",
                        1,
                        b.maybeGrad(dt, shape, positive ? Domain.POSITIVE : Domain.AWAY_FROM_ZERO, grad),
                        exponent);
            }
            default -> {
                Object lo = b.chance(0.2) ? null : b.chance(0.5) ? (Object) (long) b.between(-2, 1) : b.uniform(-2, 1);
                Object hi = b.chance(0.2) && lo != null
                        ? null
                        : b.chance(0.5) ? (Object) (long) b.between(-1, 2) : b.uniform(-1, 2);
                yield b.build("clamp", 1, b.maybeGrad(dt, shape, Domain.ANY, grad), lo, hi);
            }
        };
    }

    private Case binary(CaseBuilder b) {
        String op = b.pick(BINARY);
        boolean smooth = switch (op) {
            case "add", "sub", "mul", "div", "pow", "maximum", "minimum", "remainder", "fmod" -> true;
            default -> false;
        };
        boolean floating = b.chance(0.7);
        DType da = floating ? b.floatType() : b.pick(CaseBuilder.ALL);
        DType db = floating ? (b.chance(0.8) ? da : b.floatType()) : b.pick(CaseBuilder.ALL);
        boolean grad = floating && smooth && b.chance(0.6);
        int[] sa = b.shape(0, 3);
        Domain left = op.equals("pow") ? Domain.POSITIVE : Domain.ANY;
        Domain right = switch (op) {
            case "div", "floor_divide", "remainder", "fmod" -> Domain.AWAY_FROM_ZERO;
            default -> Domain.ANY;
        };
        if (op.equals("maximum") || op.equals("minimum")) left = right = Domain.DISTINCT;
        Case.Ref x = b.maybeGrad(da, sa, left, grad);
        int kind = b.between(0, 9);
        Object y;
        boolean tensorsOnly = op.startsWith("max") || op.startsWith("min") || op.startsWith("logical");
        if (kind < 6 || (tensorsOnly && kind >= 7))
            y = b.maybeGrad(db, b.broadcastPartner(sa), right, grad && b.chance(0.7));
        else if (kind < 7) y = b.maybeGrad(db, new int[0], right, grad && b.chance(0.5));
        else if (kind < 8) y = (long) (right == Domain.ANY ? b.between(-3, 3) : b.pick(-3, -2, -1, 1, 2, 3));
        else y = right == Domain.ANY ? (double) (float) b.uniform(-2.5, 2.5) : b.pick(-2.5, -0.75, 0.5, 1.5, 2.0);
        if (op.equals("add") && b.chance(0.2)) {
            Object alpha = da.isFloatingPoint() || db.isFloatingPoint()
                    ? (Object) b.pick(-1.5, 0.5, 2.0)
                    : (Object) (long) b.pick(-1, 2);
            return b.build("add_alpha", 1, x, y, alpha);
        }
        if ((op.equals("sub") || op.equals("div")) && y instanceof Number && b.chance(0.4))
            return b.build(op.equals("sub") ? "rsub" : "rdiv", 1, x, y);
        return b.build(op, 1, x, y);
    }

    @Override
    public void register(Map<String, Op> ops) {
        for (Unary u : UNARY) ops.put(u.name(), a -> u.java().apply(a.t(0)));
        ops.put("leaky_relu", a -> a.t(0).leakyRelu(a.d(1)));
        ops.put("gelu", a -> a.t(0).gelu(a.s(1)));
        ops.put("pow_scalar", a -> a.isLong(1) ? a.t(0).pow(a.l(1)) : a.t(0).pow(a.d(1)));
        ops.put("clamp", a -> clamp(a.t(0), a.raw(1), a.raw(2)));
        ops.put("add", a -> a.isTensor(1) ? a.t(0).add(a.t(1)) : a.isLong(1) ? a.t(0).add(a.l(1)) : a.t(0).add(a.d(1)));
        ops.put("add_alpha", a -> {
            Tensor y = a.isTensor(1) ? a.t(1) : Scalars.of(a.raw(1));
            return a.isLong(2) ? a.t(0).add(y, a.l(2)) : a.t(0).add(y, a.d(2));
        });
        ops.put("sub", a -> a.isTensor(1) ? a.t(0).sub(a.t(1)) : a.isLong(1) ? a.t(0).sub(a.l(1)) : a.t(0).sub(a.d(1)));
        ops.put("mul", a -> a.isTensor(1) ? a.t(0).mul(a.t(1)) : a.isLong(1) ? a.t(0).mul(a.l(1)) : a.t(0).mul(a.d(1)));
        ops.put("div", a -> a.isTensor(1) ? a.t(0).div(a.t(1)) : a.isLong(1) ? a.t(0).div(a.l(1)) : a.t(0).div(a.d(1)));
        ops.put("rsub", a -> a.isLong(1) ? a.t(0).rsub(a.l(1)) : a.t(0).rsub(a.d(1)));
        ops.put("rdiv", a -> a.isLong(1) ? a.t(0).rdiv(a.l(1)) : a.t(0).rdiv(a.d(1)));
        ops.put("pow", a -> a.isTensor(1) ? a.t(0).pow(a.t(1)) : a.isLong(1) ? a.t(0).pow(a.l(1)) : a.t(0).pow(a.d(1)));
        ops.put("maximum", a -> a.t(0).maximum(Scalars.tensor(a, 1)));
        ops.put("minimum", a -> a.t(0).minimum(Scalars.tensor(a, 1)));
        ops.put("eq", a -> a.isTensor(1) ? a.t(0).eq(a.t(1)) : a.isLong(1) ? a.t(0).eq(a.l(1)) : a.t(0).eq(a.d(1)));
        ops.put("ne", a -> a.isTensor(1) ? a.t(0).ne(a.t(1)) : a.isLong(1) ? a.t(0).ne(a.l(1)) : a.t(0).ne(a.d(1)));
        ops.put("lt", a -> a.isTensor(1) ? a.t(0).lt(a.t(1)) : a.isLong(1) ? a.t(0).lt(a.l(1)) : a.t(0).lt(a.d(1)));
        ops.put("le", a -> a.isTensor(1) ? a.t(0).le(a.t(1)) : a.isLong(1) ? a.t(0).le(a.l(1)) : a.t(0).le(a.d(1)));
        ops.put("gt", a -> a.isTensor(1) ? a.t(0).gt(a.t(1)) : a.isLong(1) ? a.t(0).gt(a.l(1)) : a.t(0).gt(a.d(1)));
        ops.put("ge", a -> a.isTensor(1) ? a.t(0).ge(a.t(1)) : a.isLong(1) ? a.t(0).ge(a.l(1)) : a.t(0).ge(a.d(1)));
        ops.put("logical_and", a -> a.t(0).logicalAnd(Scalars.tensor(a, 1)));
        ops.put("logical_or", a -> a.t(0).logicalOr(Scalars.tensor(a, 1)));
        ops.put(
                "floor_divide",
                a -> a.isTensor(1)
                        ? a.t(0).floorDivide(a.t(1))
                        : a.isLong(1) ? a.t(0).floorDivide(a.l(1)) : a.t(0).floorDivide(a.d(1)));
        ops.put(
                "remainder",
                a -> a.isTensor(1)
                        ? a.t(0).remainder(a.t(1))
                        : a.isLong(1) ? a.t(0).remainder(a.l(1)) : a.t(0).remainder(a.d(1)));
        ops.put(
                "fmod",
                a -> a.isTensor(1) ? a.t(0).fmod(a.t(1)) : a.isLong(1) ? a.t(0).fmod(a.l(1)) : a.t(0).fmod(a.d(1)));
    }

    /** clamp with Python bounds: ints keep an integer tensor's dtype, a float promotes it; null is no bound. */
    static Tensor clamp(Tensor x, Object lo, Object hi) {
        if ((lo == null || lo instanceof Long) && (hi == null || hi instanceof Long)) {
            if (lo == null) return hi == null ? x.clamp(Double.NaN, Double.NaN) : x.clampMax((Long) hi);
            return hi == null ? x.clampMin((Long) lo) : x.clamp((Long) lo, (Long) hi);
        }
        return x.clamp(
                lo == null ? Double.NaN : ((Number) lo).doubleValue(),
                hi == null ? Double.NaN : ((Number) hi).doubleValue());
    }
}
