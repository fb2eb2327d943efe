package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.conformance.CaseBuilder.Domain;
import dev.descent.nn.F;
import dev.descent.nn.HiddenState;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nn functionals beyond single ops: batch norm (training, with the running statistics it updates, and evaluation),
 * layer norm, the RNN, LSTM and GRU cells, and dropout where it is deterministic.
 */
final class FunctionalCases implements Family {
    private static final List<String> OPS =
            List.of("batch_norm", "layer_norm", "rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell", "dropout");

    @Override
    public String name() {
        return "functional";
    }

    @Override
    public int weight() {
        return 60;
    }

    /**
     * Normalisation divides by a standard deviation that may be small, which magnifies float32 rounding in either
     * implementation.
     */
    @Override
    public double tolerance() {
        return 5;
    }

    @Override
    public Case draw(CaseBuilder b) {
        String op = b.pick(OPS);
        DType dt = b.floatType();
        boolean grad = b.chance(0.75);
        // An infinite weight or statistic says more about formula order than about the layer, and a broadcast input
        // (every element equal) has variance 0, where 1/sqrt(eps) magnifies either side's float32 rounding.
        b.specials = 0;
        return switch (op) {
            case "batch_norm" -> {
                int c = b.between(1, 3);
                int[] xs = switch (b.between(0, 2)) {
                    case 0 -> new int[] {b.between(1, 4), c};
                    case 1 -> new int[] {b.between(1, 3), c, b.between(1, 3)};
                    default -> new int[] {b.between(1, 2), c, b.between(1, 3), b.between(1, 3)};
                };
                boolean training = b.chance(0.6), stats = !training || b.chance(0.7);
                // Contiguous: PyTorch 1.13's backward is wrong for a strided (channels-last-like) input.
                Case.Ref x = b.input(dt, xs, Domain.ANY, grad, !grad, false);
                Object rm = stats ? b.input(dt, new int[] {c}, Domain.ANY, false, false, false) : null;
                Object rv = stats ? b.input(dt, new int[] {c}, Domain.POSITIVE, false, false, false) : null;
                // Contiguous affine parameters: PyTorch 1.13's backward reads a strided weight as if it were
                // contiguous.
                Object w = b.chance(0.3) ? null : b.input(dt, new int[] {c}, Domain.ANY, grad, false, false);
                Object bias = b.chance(0.3) ? null : b.input(dt, new int[] {c}, Domain.ANY, grad, false, false);
                yield b.build(op, 1, x, rm, rv, w, bias, training, b.pick(0.1, 0.5), b.pick(1e-5, 1e-3));
            }
            case "layer_norm" -> {
                int[] xs = b.shape(1, 3);
                for (int i = 0; i < xs.length; i++) xs[i] = Math.max(xs[i], 1);
                int k = b.between(1, xs.length);
                int[] normalized = java.util.Arrays.copyOfRange(xs, xs.length - k, xs.length);
                // Normalising one element gives 0 up to PyTorch's float32 rounding of its mean and variance.
                if (CaseBuilder.numel(normalized) == 1) dt = DType.FLOAT64;
                Object w = b.chance(0.3) ? null : b.maybeGrad(dt, normalized, Domain.ANY, grad);
                Object bias = b.chance(0.3) ? null : b.maybeGrad(dt, normalized, Domain.ANY, grad);
                yield b.build(
                        op,
                        1,
                        b.input(dt, xs, Domain.ANY, grad, true, false),
                        CaseBuilder.boxed(normalized),
                        w,
                        bias,
                        b.pick(1e-5, 1e-3));
            }
            case "dropout" -> {
                boolean training = b.chance(0.5);
                double p = training ? b.pick(0.0, 1.0) : b.pick(0.0, 0.3, 1.0);
                yield b.build(op, 1, b.maybeGrad(dt, b.shape(0, 3), Domain.ANY, grad), p, training);
            }
            default -> {
                int batch = b.between(1, 3), in = b.between(1, 3), hidden = b.between(1, 3);
                int gates = op.equals("lstm_cell") ? 4 : op.equals("gru_cell") ? 3 : 1;
                boolean unbatched = b.chance(0.2);
                List<Object> args = new ArrayList<>();
                args.add(b.maybeGrad(dt, unbatched ? new int[] {in} : new int[] {batch, in}, Domain.ANY, grad));
                args.add(b.maybeGrad(dt, unbatched ? new int[] {hidden} : new int[] {batch, hidden}, Domain.ANY, grad));
                if (gates == 4)
                    args.add(b.maybeGrad(
                            dt, unbatched ? new int[] {hidden} : new int[] {batch, hidden}, Domain.ANY, grad));
                args.add(b.maybeGrad(dt, new int[] {gates * hidden, in}, Domain.ANY, grad));
                args.add(b.maybeGrad(dt, new int[] {gates * hidden, hidden}, Domain.ANY, grad));
                boolean bias = b.chance(0.7);
                args.add(bias ? b.maybeGrad(dt, new int[] {gates * hidden}, Domain.ANY, grad) : null);
                args.add(bias ? b.maybeGrad(dt, new int[] {gates * hidden}, Domain.ANY, grad) : null);
                yield b.build(op, 1, args.toArray());
            }
        };
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("batch_norm", a -> {
            Tensor rm = a.isNull(1) ? null : a.t(1).clone(), rv = a.isNull(2) ? null : a.t(2).clone();
            Tensor y = F.batchNorm(a.t(0), rm, rv, a.tOrNull(3), a.tOrNull(4), a.b(5), a.d(6), a.d(7));
            List<Tensor> out = new ArrayList<>(List.of(y));
            if (rm != null) out.add(rm);
            if (rv != null) out.add(rv);
            return out;
        });
        ops.put("layer_norm", a -> F.layerNorm(a.t(0), a.ints(1), a.tOrNull(2), a.tOrNull(3), a.d(4)));
        ops.put("rnn_tanh_cell", a -> F.rnnCell(a.t(0), a.t(1), a.t(2), a.t(3), a.tOrNull(4), a.tOrNull(5), false));
        ops.put("rnn_relu_cell", a -> F.rnnCell(a.t(0), a.t(1), a.t(2), a.t(3), a.tOrNull(4), a.tOrNull(5), true));
        ops.put("gru_cell", a -> F.gruCell(a.t(0), a.t(1), a.t(2), a.t(3), a.tOrNull(4), a.tOrNull(5)));
        ops.put("lstm_cell", a -> {
            HiddenState s = F.lstmCell(a.t(0), a.t(1), a.t(2), a.t(3), a.t(4), a.tOrNull(5), a.tOrNull(6));
            return List.of(s.h(), s.c());
        });
        ops.put("dropout", a -> F.dropout(a.t(0), a.d(1), a.b(2), new Generator(0)));
    }
}
