package dev.descent.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deliberate differences from PyTorch (the README's "Differences from PyTorch" lists the same). Each one rewrites
 * PyTorch's outcome of a case it concerns into what Descent documents instead; a case that then agrees counts as passed
 * and is tallied under its difference. Nothing else is excused.
 */
public enum KnownDifference {
    SIGN_OF_NAN(
            "sign(NaN) is NaN, as in NumPy, and so is the gradient of abs (and of the L1 losses) at NaN (PyTorch 1.13"
                    + " gives 0 for both)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!SIGN_LIKE.contains(c.op()) || torch.raised() || descent.raised()) return null;
            if (c.inputs().stream()
                    .noneMatch(in -> java.util.Arrays.stream(in.data()).anyMatch(Double::isNaN))) return null;
            return new Outcome(
                    nanWhereDescentHasIt(torch.out(), descent.out()),
                    null,
                    nanWhereDescentHasIt(torch.grads(), descent.grads()),
                    nanWhereDescentHasIt(torch.grads2(), descent.grads2()),
                    torch.gradError());
        }
    },
    UINT8_WITH_INT8("uint8 with int8 promotes to int32, as there is no int16 (PyTorch: int16)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (torch.raised() || descent.raised()) return null;
            if (torch.out().stream().noneMatch(v -> v != null && v.dtype().equals("int16"))) return null;
            List<TensorValue> out = new ArrayList<>();
            for (int k = 0; k < torch.out().size(); k++) {
                TensorValue v = torch.out().get(k),
                        d = k < descent.out().size() ? descent.out().get(k) : null;
                if (v == null || !v.dtype().equals("int16") || d == null || d.data().length != v.data().length) {
                    out.add(v);
                    continue;
                }
                // Descent's int32 values, where they wrap to PyTorch's in 16 bits (an overflow the wider type avoids).
                double[] data = v.data().clone();
                for (int i = 0; i < data.length; i++) if ((short) d.data()[i] == (short) data[i]) data[i] = d.data()[i];
                out.add(new TensorValue("int32", v.shape(), data));
            }
            return new Outcome(out, null, torch.grads(), torch.grads2(), torch.gradError());
        }
    },
    CLAMP_MIN_ABOVE_MAX("clamp with min > max raises (PyTorch sets every element to max)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("clamp") && !c.op().equals("inplace") && !c.op().equals("inplace_nonleaf")) return null;
            List<Object> a = c.args();
            int at = c.op().equals("clamp") ? 1 : 2;
            if (c.op().startsWith("inplace") && !"clamp_".equals(a.get(1))) return null;
            if (a.size() < at + 2 || !(a.get(at) instanceof Number lo) || !(a.get(at + 1) instanceof Number hi))
                return null;
            return lo.doubleValue() > hi.doubleValue() && descent.raised() ? Outcome.failed("clamp: min > max") : null;
        }
    },
    ONE_CYCLE_ENDS_AT_FINAL_RATE(
            "OneCycleLR's total-th step keeps the final rate (PyTorch's formula runs past it, below 0 when linear)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("schedule") || !"onecycle".equals(c.args().getFirst()) || torch.raised()) return null;
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) c.args().get(2);
            int total = ((Number) o.get("total_steps")).intValue();
            TensorValue lrs = torch.out().getFirst();
            if (lrs.data().length <= total) return null;
            double[] data = lrs.data().clone();
            double max = ((Number) o.get("max_lr")).doubleValue();
            data[total] = max
                    / ((Number) o.get("div_factor")).doubleValue()
                    / ((Number) o.get("final_div_factor")).doubleValue();
            return new Outcome(List.of(new TensorValue(lrs.dtype(), lrs.shape(), data)), null, null, null, null);
        }
    },
    CLAMP_BOUND_OUTSIDE_DTYPE(
            "an integer bound outside an integer tensor's range clamps as the number it is (PyTorch first wraps it"
                    + " into the dtype: a uint8 tensor clamped at min -1 becomes 255 everywhere)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            boolean clamp = c.op().equals("clamp")
                    || (c.op().startsWith("inplace") && c.args().contains("clamp_"));
            if (!clamp || descent.raised() || c.inputs().isEmpty()) return null;
            dev.descent.backend.DType dt = c.inputs().getFirst().dtype();
            double lo = dt == dev.descent.backend.DType.UINT8 ? 0 : dt == dev.descent.backend.DType.INT8 ? -128 : -1e18;
            double hi = dt == dev.descent.backend.DType.UINT8 ? 255 : dt == dev.descent.backend.DType.INT8 ? 127 : 1e18;
            boolean outside = c.args().stream().anyMatch(a -> a instanceof Long l && (l < lo || l > hi));
            return outside ? descent : null;
        }
    },
    COSINE_HOLDS_ETA_MIN(
            "CosineAnnealingLR holds η_min after T_max (PyTorch's rate climbs back towards the initial one)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("schedule") || !"cosine".equals(c.args().getFirst()) || torch.raised()) return null;
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) c.args().get(2);
            int tMax = ((Number) options.get("T_max")).intValue();
            double etaMin = ((Number) options.getOrDefault("eta_min", 0.0)).doubleValue();
            TensorValue lrs = torch.out().getFirst();
            double[] data = lrs.data().clone();
            for (int t = tMax + 1; t < data.length; t++) data[t] = etaMin;
            return new Outcome(List.of(new TensorValue(lrs.dtype(), lrs.shape(), data)), null, null, null, null);
        }
    },
    MAX_DIM_SPLITS_TIES(
            "max(dim)/min(dim) without indices splits the gradient evenly among tied maxima (PyTorch sends it to the"
                    + " one index it returns)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("max_dim_values") && !c.op().equals("min_dim_values")) return null;
            if (!hasTies(c.inputs().getFirst().data()) || descent.raised() || torch.raised()) return null;
            return new Outcome(torch.out(), null, descent.grads(), descent.grads2(), descent.gradError());
        }
    },
    LBFGS_ZOOM_IN_BRACKET(
            "L-BFGS's strong-Wolfe line search keeps every zoom trial inside the bracket (PyTorch's cubic step may"
                    + " leave it)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("optim") || c.args().size() < 4) return null;
            int n = c.args().size();
            if (!"lbfgs".equals(c.args().get(n - 4))) return null;
            @SuppressWarnings("unchecked")
            Map<String, Object> hyper = (Map<String, Object>) c.args().get(n - 2);
            return "strong_wolfe".equals(hyper.get("line_search_fn")) ? descent : null;
        }
    },
    FLOOR_DIVIDE_GRADIENT("floor_divide has a zero gradient, as floor does (PyTorch 1.13 raises 'not implemented')") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("floor_divide") || torch.gradError() == null || descent.grads() == null) return null;
            for (TensorValue g : descent.grads())
                if (g != null && java.util.Arrays.stream(g.data()).anyMatch(v -> v != 0)) return null;
            return new Outcome(torch.out(), null, descent.grads(), descent.grads2(), null);
        }
    },
    NADAM_MOMENTUM_PRODUCT(
            "NAdam's second step divides by 1 - μ_1...μ_t μ_{t+1}, as the paper and later PyTorch versions do (PyTorch"
                    + " 1.13 multiplies μ_t in twice)") {
        @Override
        Outcome adjust(Case c, Outcome descent, Outcome torch) {
            if (!c.op().equals("optim") || !c.args().contains("nadam") || torch.raised()) return null;
            // Excused only if NAdam written with PyTorch 1.13's product reproduces PyTorch exactly.
            Outcome as113 = new DescentRunner(Map.of("optim", OptimizerCases.optim(true))).run(c);
            return Compare.difference(as113, torch, 5, singlePrecision(c, torch)) == null ? descent : null;
        }
    };

    private final String description;

    KnownDifference(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** PyTorch's outcome as Descent documents it for this case, or null when this difference does not concern it. */
    abstract Outcome adjust(Case c, Outcome descent, Outcome torch);

    /** The difference that explains the mismatch of a case, or null. */
    static KnownDifference explaining(Case c, Outcome descent, Outcome torch, double tolerance) {
        for (KnownDifference k : values()) {
            Outcome adjusted = k.adjust(c, descent, torch);
            if (adjusted != null && Compare.difference(descent, adjusted, tolerance, singlePrecision(c, torch)) == null)
                return k;
        }
        return null;
    }

    private static final java.util.Set<String> SIGN_LIKE =
            java.util.Set.of("sign", "abs", "l1_loss", "smooth_l1_loss", "huber_loss", "norm");

    /** PyTorch's values with a 0 turned into NaN wherever Descent has NaN. */
    private static List<TensorValue> nanWhereDescentHasIt(List<TensorValue> torch, List<TensorValue> descent) {
        if (torch == null || descent == null || torch.size() != descent.size()) return torch;
        List<TensorValue> out = new ArrayList<>();
        for (int k = 0; k < torch.size(); k++) {
            TensorValue t = torch.get(k), d = descent.get(k);
            if (t == null || d == null) {
                out.add(t);
                continue;
            }
            double[] data = t.data().clone();
            for (int i = 0; i < data.length && i < d.data().length; i++)
                if (Double.isNaN(d.data()[i]) && data[i] == 0) data[i] = Double.NaN;
            out.add(new TensorValue(t.dtype(), t.shape(), data));
        }
        return out;
    }

    /** Whether float32 took part in the case: an input, or a result. */
    static boolean singlePrecision(Case c, Outcome torch) {
        if (c.inputs().stream().anyMatch(in -> in.dtype() == dev.descent.backend.DType.FLOAT32)) return true;
        return torch.out() != null
                && torch.out().stream().anyMatch(v -> v != null && v.dtype().equals("float32"));
    }

    private static boolean hasTies(double[] data) {
        return java.util.Arrays.stream(data).distinct().count() < data.length;
    }
}
