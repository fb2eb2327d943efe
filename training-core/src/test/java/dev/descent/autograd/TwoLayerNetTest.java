package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The classic two-layer network (x: 64x1000, w1: 1000x100, relu, w2: 100x10, squared error): its hand-written
 * gradients, computed here in plain Java loops, must equal autograd's; and plain gradient descent with autograd's
 * gradients must drive the loss down.
 */
class TwoLayerNetTest {
    static final int N = 64, D_IN = 1000, H = 100, D_OUT = 10;

    @Test
    void handWrittenGradientsEqualAutograd() {
        Generator gen = new Generator(0);
        Tensor x = Tensor.randn(gen, N, D_IN), y = Tensor.randn(gen, N, D_OUT);
        Tensor w1 = Tensor.randn(gen, D_IN, H).mul(0.03).requiresGrad_();
        Tensor w2 = Tensor.randn(gen, H, D_OUT).mul(0.1).requiresGrad_();

        Tensor loss = x.matmul(w1).relu().matmul(w2).sub(y).square().sum();
        loss.backward();

        double[][] gw = handWritten(x.toDoubleArray(), y.toDoubleArray(), w1.toDoubleArray(), w2.toDoubleArray());
        assertClose(w1.grad().toDoubleArray(), gw[0]);
        assertClose(w2.grad().toDoubleArray(), gw[1]);
    }

    @Test
    void gradientDescentLowersTheLoss() {
        Generator gen = new Generator(1);
        Tensor x = Tensor.randn(gen, N, D_IN), y = Tensor.randn(gen, N, D_OUT);
        Tensor w1 = Tensor.randn(gen, D_IN, H).requiresGrad_();
        Tensor w2 = Tensor.randn(gen, H, D_OUT).requiresGrad_();
        double lr = 1e-6, first = 0, last = 0;
        for (int step = 0; step < 300; step++) {
            Tensor loss = x.matmul(w1).relu().matmul(w2).sub(y).square().sum();
            if (step == 0) first = loss.item();
            last = loss.item();
            loss.backward();
            try (var _ = GradMode.noGrad()) {
                w1.sub_(w1.grad().mul(lr));
                w2.sub_(w2.grad().mul(lr));
            }
            w1.setGrad(null);
            w2.setGrad(null);
        }
        assertThat(last).isLessThan(first / 100);
    }

    /** loss = sum((relu(x w1) w2 - y)^2), differentiated by hand. */
    private static double[][] handWritten(double[] x, double[] y, double[] w1, double[] w2) {
        double[] h = new double[N * H], hRelu = new double[N * H], pred = new double[N * D_OUT];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < H; j++) {
                double s = 0;
                for (int k = 0; k < D_IN; k++) s += x[i * D_IN + k] * w1[k * H + j];
                h[i * H + j] = s;
                hRelu[i * H + j] = Math.max(s, 0);
            }
            for (int j = 0; j < D_OUT; j++) {
                double s = 0;
                for (int k = 0; k < H; k++) s += hRelu[i * H + k] * w2[k * D_OUT + j];
                pred[i * D_OUT + j] = s;
            }
        }
        double[] gPred = new double[N * D_OUT];
        for (int i = 0; i < gPred.length; i++) gPred[i] = 2 * (pred[i] - y[i]);
        double[] gw2 = new double[H * D_OUT];
        for (int k = 0; k < H; k++) {
            for (int j = 0; j < D_OUT; j++) {
                double s = 0;
                for (int i = 0; i < N; i++) s += hRelu[i * H + k] * gPred[i * D_OUT + j];
                gw2[k * D_OUT + j] = s;
            }
        }
        double[] gH = new double[N * H];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < H; k++) {
                double s = 0;
                for (int j = 0; j < D_OUT; j++) s += gPred[i * D_OUT + j] * w2[k * D_OUT + j];
                gH[i * H + k] = h[i * H + k] > 0 ? s : 0;
            }
        }
        double[] gw1 = new double[D_IN * H];
        for (int k = 0; k < D_IN; k++) {
            for (int j = 0; j < H; j++) {
                double s = 0;
                for (int i = 0; i < N; i++) s += x[i * D_IN + k] * gH[i * H + j];
                gw1[k * H + j] = s;
            }
        }
        return new double[][] {gw1, gw2};
    }

    private static void assertClose(double[] actual, double[] expected) {
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("element %d", i).isLessThanOrEqualTo(1e-4 * scale + 1e-5);
        }
    }
}
