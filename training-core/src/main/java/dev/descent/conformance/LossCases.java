package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.loss.BCELoss;
import dev.descent.loss.BCEWithLogitsLoss;
import dev.descent.loss.CrossEntropyLoss;
import dev.descent.loss.HuberLoss;
import dev.descent.loss.KLDivLoss;
import dev.descent.loss.L1Loss;
import dev.descent.loss.MSELoss;
import dev.descent.loss.NLLLoss;
import dev.descent.loss.Reduction;
import dev.descent.loss.SmoothL1Loss;
import java.util.List;
import java.util.Map;

/**
 * The losses with every reduction: regression losses, binary cross-entropy (weight, pos_weight), cross-entropy (class
 * weights, ignore_index, label smoothing, extra dimensions, empty batches), NLL and KL divergence.
 */
final class LossCases implements Family {
    private static final List<String> OPS = List.of(
            "mse_loss",
            "l1_loss",
            "smooth_l1_loss",
            "huber_loss",
            "bce",
            "bce_with_logits",
            "cross_entropy",
            "nll_loss",
            "kl_div");

    @Override
    public String name() {
        return "loss";
    }

    @Override
    public int weight() {
        return 90;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String op = b.pick(OPS);
        DType dt = b.floatType();
        boolean grad = b.chance(0.8);
        String reduction = b.pick("mean", "sum", "none");
        return switch (op) {
            case "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss" -> {
                int[] s = b.shape(0, 3);
                Case.Ref x = b.maybeGrad(dt, s, Domain.ANY, grad),
                        y = b.maybeGrad(dt, s, Domain.ANY, grad && b.chance(0.3));
                if (op.equals("smooth_l1_loss")) yield b.build(op, 1, x, y, reduction, b.pick(1.0, 0.5, 0.0));
                if (op.equals("huber_loss")) yield b.build(op, 1, x, y, reduction, b.pick(1.0, 0.5, 2.0));
                yield b.build(op, 1, x, y, reduction);
            }
            case "bce", "bce_with_logits" -> {
                int[] s = b.shape(1, 3);
                boolean logits = op.equals("bce_with_logits");
                Case.Ref x = b.maybeGrad(dt, s, logits ? Domain.ANY : Domain.UNIT, grad);
                Case.Ref y = b.maybeGrad(dt, s, Domain.UNIT, grad && b.chance(0.3));
                Object w = b.chance(0.5) ? null : b.tensor(dt, b.broadcastPartner(s), Domain.POSITIVE);
                if (!logits) yield b.build(op, 1, x, y, w, reduction);
                Object pw = b.chance(0.5) ? null : b.tensor(dt, new int[] {s[s.length - 1]}, Domain.POSITIVE);
                yield b.build(op, 1, x, y, w, pw, reduction);
            }
            case "cross_entropy", "nll_loss" -> {
                int c = b.between(1, 4), n = b.chance(0.05) ? 0 : b.between(1, 4);
                int[] xs = switch (b.between(0, 4)) {
                    case 0 -> new int[] {c};
                    case 1 -> new int[] {n, c, b.between(1, 3)};
                    default -> new int[] {n, c};
                };
                int[] ts = new int[xs.length - 1];
                if (xs.length > 1) {
                    ts[0] = n;
                    for (int i = 2; i < xs.length; i++) ts[i - 1] = xs[i];
                }
                Case.Ref x = b.maybeGrad(dt, xs, Domain.ANY, grad);
                long ignore = b.chance(0.5) ? -100 : b.between(0, c - 1);
                double[] t = new double[CaseBuilder.numel(ts)];
                for (int i = 0; i < t.length; i++) t[i] = b.between(0, c - 1);
                Case.Ref target = b.exact(DType.INT64, ts, t, false);
                Object w = b.chance(0.5) ? null : b.tensor(dt, new int[] {c}, Domain.POSITIVE);
                if (op.equals("nll_loss")) yield b.build(op, 1, x, target, w, ignore, reduction);
                yield b.build(op, 1, x, target, w, ignore, b.chance(0.5) ? 0.0 : b.pick(0.1, 0.3), reduction);
            }
            default -> {
                int[] s = b.shape(1, 3);
                boolean logTarget = b.chance(0.4);
                Case.Ref x = b.maybeGrad(dt, s, Domain.ANY, grad);
                Case.Ref y = b.maybeGrad(dt, s, logTarget ? Domain.ANY : Domain.UNIT, grad && b.chance(0.3));
                yield b.build(op, 1, x, y, b.pick("mean", "sum", "none", "batchmean"), logTarget);
            }
        };
    }

    static Reduction reduction(String name) {
        return switch (name) {
            case "mean" -> Reduction.MEAN;
            case "sum" -> Reduction.SUM;
            case "none" -> Reduction.NONE;
            case "batchmean" -> Reduction.BATCH_MEAN;
            default -> throw new IllegalArgumentException("unknown reduction " + name);
        };
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("mse_loss", a -> new MSELoss(reduction(a.s(2))).apply(a.t(0), a.t(1)));
        ops.put("l1_loss", a -> new L1Loss(reduction(a.s(2))).apply(a.t(0), a.t(1)));
        ops.put("smooth_l1_loss", a -> new SmoothL1Loss(reduction(a.s(2)), a.d(3)).apply(a.t(0), a.t(1)));
        ops.put("huber_loss", a -> new HuberLoss(reduction(a.s(2)), a.d(3)).apply(a.t(0), a.t(1)));
        ops.put("bce", a -> new BCELoss(reduction(a.s(3)), a.tOrNull(2)).apply(a.t(0), a.t(1)));
        ops.put(
                "bce_with_logits",
                a -> new BCEWithLogitsLoss(reduction(a.s(4)), a.tOrNull(3), a.tOrNull(2)).apply(a.t(0), a.t(1)));
        ops.put(
                "cross_entropy",
                a -> new CrossEntropyLoss(reduction(a.s(5)), a.d(4), a.tOrNull(2), a.l(3)).apply(a.t(0), a.t(1)));
        ops.put("nll_loss", a -> new NLLLoss(reduction(a.s(4)), a.tOrNull(2), a.l(3)).apply(a.t(0), a.t(1)));
        ops.put("kl_div", a -> new KLDivLoss(reduction(a.s(2)), a.b(3)).apply(a.t(0), a.t(1)));
    }
}
