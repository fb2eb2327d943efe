package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Type promotion: every pair of dtypes, as dimensioned tensors, 0-dim tensors and Python numbers (which never widen a
 * tensor within its category), through arithmetic, comparisons, maximum and where.
 */
final class PromotionCases implements Family {
    private static final List<String> OPS = List.of("add", "sub", "mul", "div", "pow", "eq", "lt", "maximum", "where");

    @Override
    public String name() {
        return "promotion";
    }

    @Override
    public int weight() {
        return 110;
    }

    @Override
    public Case draw(CaseBuilder b) {
        DType da = b.pick(CaseBuilder.ALL), db = b.pick(CaseBuilder.ALL);
        String op = b.pick(OPS);
        int kind = b.between(0, 6);
        if (op.equals("maximum") && kind >= 4) kind = b.between(0, 3);
        int[] shape = b.shape(1, 2);
        Domain domain = op.equals("pow") ? Domain.POSITIVE : Domain.ANY;
        Case.Ref a = b.tensor(da, kind == 2 || kind == 3 || kind == 6 ? new int[0] : shape, domain);
        Object other = switch (kind) {
            case 0 -> b.tensor(db, b.broadcastPartner(shape), domain);
            case 1, 3 -> b.tensor(db, new int[0], domain);
            case 2 -> b.tensor(db, shape, domain);
            case 4 -> (long) b.between(1, 3);
            case 5 -> b.pick(0.5, 1.5, -2.25);
            default -> b.chance(0.5) ? (Object) (long) b.between(1, 3) : (Object) 1.5;
        };
        if (op.equals("where")) {
            if (!(other instanceof Case.Ref)) other = b.tensor(db, new int[0], domain);
            Case.Ref cond = b.tensor(DType.BOOL, shape, Domain.ANY);
            return b.build("where", 1, cond, a, other);
        }
        return b.build(op, 1, a, other);
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("where", a -> Tensor.where(a.t(0), Scalars.tensor(a, 1), Scalars.tensor(a, 2)));
        // The arithmetic and comparisons are the elementwise family's.
    }
}
