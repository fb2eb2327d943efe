package dev.descent.onnx;

import static dev.descent.onnx.GraphWriter.attr;

import dev.descent.spec.LayerSpec;
import dev.descent.tensor.Tensor;
import java.util.function.Function;

/**
 * A spec's rnn/lstm/gru layer as ONNX's RNN, LSTM and GRU ops, one per stacked layer. ONNX orders the gates differently
 * from PyTorch (LSTM i, o, f, c against PyTorch's i, f, g, o; GRU z, r, h against r, z, n), stacks the directions in
 * one weight, runs time-major, and needs {@code linear_before_reset} for PyTorch's GRU, which applies the reset gate
 * after the hidden state's linear map.
 */
final class RecurrentExport {
    private RecurrentExport() {}

    static String recurrent(
            GraphWriter g, Function<String, Tensor> state, String k, String x, int features, LayerSpec.Recurrent r) {
        int h = r.hidden(), dirs = r.bidirectional() ? 2 : 1;
        String op;
        int[] order; // ONNX gate j takes PyTorch's gate order[j]
        switch (r.cell()) {
            case "lstm" -> {
                op = "LSTM";
                order = new int[] {0, 3, 1, 2};
            }
            case "gru" -> {
                op = "GRU";
                order = new int[] {1, 0, 2};
            }
            default -> {
                op = "RNN";
                order = new int[] {0};
            }
        }
        int gates = order.length;
        // [batch, steps, features] -> [steps, batch, features]
        String seq = g.unary("Transpose", x, GraphWriter.ints("perm", 1L, 0, 2));
        String lastH = null;
        int in = features;
        for (int layer = 0; layer < r.layers(); layer++) {
            float[] w = new float[dirs * gates * h * in];
            float[] rr = new float[dirs * gates * h * h];
            float[] b = new float[dirs * 2 * gates * h];
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                reorder(state.apply(k + "weight_ih" + suffix).toFloatArray(), w, d, order, h * in);
                reorder(state.apply(k + "weight_hh" + suffix).toFloatArray(), rr, d, order, h * h);
                float[] bi = state.apply(k + "bias_ih" + suffix).toFloatArray();
                float[] bh = state.apply(k + "bias_hh" + suffix).toFloatArray();
                float[] both = new float[2 * gates * h];
                for (int j = 0; j < gates; j++) {
                    System.arraycopy(bi, order[j] * h, both, j * h, h);
                    System.arraycopy(bh, order[j] * h, both, (gates + j) * h, h);
                }
                System.arraycopy(both, 0, b, d * both.length, both.length);
            }
            String[] ins = {
                seq,
                g.floats("W", w, dirs, (long) gates * h, in),
                g.floats("R", rr, dirs, (long) gates * h, h),
                g.floats("B", b, dirs, 2L * gates * h)
            };
            var hidden = attr("hidden_size", (long) h);
            var direction = attr("direction", r.bidirectional() ? "bidirectional" : "forward");
            String[] out = op.equals("GRU")
                    ? g.node(op, ins, 2, hidden, direction, attr("linear_before_reset", 1L))
                    : g.node(op, ins, 2, hidden, direction);
            // Y [steps, dirs, batch, hidden] -> [steps, batch, dirs * hidden], the next layer's input.
            String y = g.unary("Transpose", out[0], GraphWriter.ints("perm", 0L, 2, 1, 3));
            seq = g.binary("Reshape", y, g.longs("shape", 0, 0, -1));
            lastH = out[1];
            in = dirs * h;
        }
        if (r.returnSequences()) return g.unary("Transpose", seq, GraphWriter.ints("perm", 1L, 0, 2));
        // Y_h [dirs, batch, hidden] -> [batch, dirs * hidden]: the forward state next to the backward one.
        String hb = g.unary("Transpose", lastH, GraphWriter.ints("perm", 1L, 0, 2));
        return g.binary("Reshape", hb, g.longs("shape", 0, -1));
    }

    /** Copies PyTorch's gate blocks (each {@code block} floats) of one direction into ONNX's order. */
    private static void reorder(float[] src, float[] dst, int direction, int[] order, int block) {
        int base = direction * order.length * block;
        for (int j = 0; j < order.length; j++) System.arraycopy(src, order[j] * block, dst, base + j * block, block);
    }
}
