package dev.descent.conformance;

import java.util.Arrays;
import java.util.List;

/**
 * Whether Descent's outcome of a case matches PyTorch's: both raise, or neither does and every output and gradient has
 * the same dtype, shape and values. Integer and bool values must be equal; floating values within atol + rtol |torch|,
 * with atol scaled by the largest magnitude in the tensor (float32: rtol 2e-4, atol 2e-5; float64: rtol 1e-7, atol
 * 1e-10; a family may widen both, as optimizers do over many steps). NaN matches NaN, and an infinity only itself.
 */
final class Compare {
    private Compare() {}

    /**
     * Null when the outcomes agree, else the first difference, in words. With {@code single}, float32 took part in the
     * case, so even its float64 results carry float32 rounding and get float32 tolerances.
     */
    static String difference(Outcome descent, Outcome torch, double tolerance, boolean single) {
        if (descent.raised() || torch.raised()) {
            if (descent.raised() && torch.raised()) return null;
            return descent.raised()
                    ? "Descent raised (" + descent.error() + "), PyTorch did not"
                    : "PyTorch raised (" + torch.error() + "), Descent did not";
        }
        String d = values("out", descent.out(), torch.out(), tolerance, false, single);
        if (d != null) return d;
        if (descent.gradError() != null || torch.gradError() != null) {
            if (descent.gradError() != null && torch.gradError() != null) return null;
            return descent.gradError() != null
                    ? "Descent's backward raised (" + descent.gradError() + "), PyTorch's did not"
                    : "PyTorch's backward raised (" + torch.gradError() + "), Descent's did not";
        }
        d = values("grad", descent.grads(), torch.grads(), tolerance, true, single);
        if (d != null) return d;
        return values("grad2", descent.grads2(), torch.grads2(), tolerance, true, single);
    }

    private static String values(
            String what,
            List<TensorValue> descent,
            List<TensorValue> torch,
            double tolerance,
            boolean nullIsZero,
            boolean single) {
        if (descent == null && torch == null) return null;
        if (descent == null || torch == null)
            return what + ": " + (descent == null ? "Descent" : "PyTorch") + " computed none";
        if (descent.size() != torch.size())
            return what + ": Descent gave " + descent.size() + " values, PyTorch " + torch.size();
        for (int k = 0; k < descent.size(); k++) {
            TensorValue a = descent.get(k), b = torch.get(k);
            String name = what + "[" + k + "]";
            if (a == null && b == null) continue;
            if (a == null || b == null) {
                // No gradient and a gradient of zeros mean the same.
                TensorValue present = a == null ? b : a;
                if (nullIsZero && Arrays.stream(present.data()).allMatch(v -> v == 0)) continue;
                return name + ": " + (a == null ? "Descent" : "PyTorch") + " has none, the other " + present;
            }
            String d = value(a, b, tolerance, single);
            if (d != null) return name + " " + d;
        }
        return null;
    }

    /** Null when equal within tolerance, else what differs. */
    static String value(TensorValue descent, TensorValue torch, double tolerance, boolean single) {
        boolean scalar = descent.dtype().equals("scalar") || torch.dtype().equals("scalar");
        if (!scalar && !descent.dtype().equals(torch.dtype()))
            return "dtype: Descent " + descent.dtype() + ", PyTorch " + torch.dtype();
        if (!scalar && !Arrays.equals(descent.shape(), torch.shape()))
            return "shape: Descent " + Arrays.toString(descent.shape()) + ", PyTorch " + Arrays.toString(torch.shape());
        double[] a = descent.data(), b = torch.data();
        if (a.length != b.length) return "size: Descent " + a.length + " values, PyTorch " + b.length;
        double rtol, atol;
        if (torch.dtype().equals("float32") || (single && torch.isFloating())) {
            rtol = 2e-4;
            atol = 2e-5;
        } else if (torch.isFloating()) {
            rtol = 1e-7;
            atol = 1e-10;
        } else {
            rtol = 0;
            atol = 0;
        }
        rtol *= tolerance;
        double scale = 1;
        for (double v : b) if (Double.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        atol *= tolerance * scale;
        for (int i = 0; i < a.length; i++) {
            double x = a[i], y = b[i];
            boolean ok = Double.isNaN(y)
                    ? Double.isNaN(x)
                    : Double.isInfinite(y) ? x == y : Math.abs(x - y) <= atol + rtol * Math.abs(y);
            if (!ok)
                return "at flat index " + i + ": Descent " + Values.format(x) + ", PyTorch " + Values.format(y)
                        + " (tolerance " + Values.format(atol + rtol * Math.abs(y)) + ")";
        }
        return null;
    }
}
