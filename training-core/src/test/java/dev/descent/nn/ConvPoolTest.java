package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Convolution and pooling against hand-computed values and a direct (loop) reference. */
class ConvPoolTest {

    private static Tensor grid(int... shape) {
        return Tensor.arange(0.0, dev.descent.tensor.Shape.of(shape).numel(), 1.0)
                .reshape(shape);
    }

    @Test
    void conv2dOfARampWithAOnesKernelSumsEachWindow() {
        Tensor x = grid(1, 1, 3, 3); // 0..8
        Tensor w = Tensor.ones(1, 1, 2, 2);
        Tensor y = F.conv2d(x, w, Tensor.fromArray(new float[] {0.5f}), 1, 0);
        assertThat(y.sizes()).containsExactly(1, 1, 2, 2);
        assertThat(y.toFloatArray()).containsExactly(8.5f, 12.5f, 20.5f, 24.5f);
    }

    @Test
    void conv2dWithPaddingSeesZerosAtTheBorder() {
        Tensor x = Tensor.ones(1, 1, 2, 2);
        Tensor y = F.conv2d(x, Tensor.ones(1, 1, 3, 3), null, 1, 1);
        assertThat(y.toFloatArray()).containsExactly(4f, 4f, 4f, 4f);
    }

    /** Direct convolution by loops, the textbook definition. */
    static double[] referenceConv2d(
            double[] x,
            int n,
            int c,
            int h,
            int w,
            double[] k,
            int o,
            int kh,
            int kw,
            int[] s,
            int[] p,
            int[] d,
            int groups,
            int oh,
            int ow) {
        double[] out = new double[n * o * oh * ow];
        int cg = c / groups, og = o / groups;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double acc = 0;
                        int g = oc / og;
                        for (int ic = 0; ic < cg; ic++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++) {
                                    int y = i * s[0] - p[0] + u * d[0], xx = j * s[1] - p[1] + v * d[1];
                                    if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
                                    acc += x[((b * c + g * cg + ic) * h + y) * w + xx]
                                            * k[((oc * cg + ic) * kh + u) * kw + v];
                                }
                        out[((b * o + oc) * oh + i) * ow + j] = acc;
                    }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void conv2dMatchesTheDirectDefinition(long seed) {
        Random r = new Random(seed);
        int groups = 1 + r.nextInt(2), c = groups * (1 + r.nextInt(2)), o = groups * (1 + r.nextInt(3));
        int kh = 1 + r.nextInt(3), kw = 1 + r.nextInt(3);
        int[] s = {1 + r.nextInt(2), 1 + r.nextInt(2)},
                p = {r.nextInt(2), r.nextInt(2)},
                d = {1 + r.nextInt(2), 1 + r.nextInt(2)};
        int h = d[0] * (kh - 1) + 1 + r.nextInt(4), w = d[1] * (kw - 1) + 1 + r.nextInt(4), n = 1 + r.nextInt(2);
        Generator gen = new Generator(seed);
        Tensor x = Tensor.randn(gen, n, c, h, w).to(DType.FLOAT64);
        Tensor k = Tensor.randn(gen, o, c / groups, kh, kw).to(DType.FLOAT64);
        Tensor y = F.conv2d(x, k, null, s, p, d, groups);
        int oh = (h + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0] + 1, ow = (w + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1] + 1;
        assertThat(y.sizes()).containsExactly(n, o, oh, ow);
        double[] expected =
                referenceConv2d(x.toDoubleArray(), n, c, h, w, k.toDoubleArray(), o, kh, kw, s, p, d, groups, oh, ow);
        assertThat(y.toDoubleArray()).containsExactly(expected, within(1e-9));
    }

    @Test
    void conv1dIsConv2dOverOneRow() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 2, 3, 9);
        Tensor w = Tensor.randn(gen, 4, 3, 3);
        Tensor b = Tensor.randn(gen, 4);
        Tensor y = F.conv1d(x, w, b, 2, 1, 2, 1);
        Tensor y2 = F.conv2d(x.unsqueeze(2), w.unsqueeze(2), b, new int[] {1, 2}, new int[] {0, 1}, new int[] {1, 2}, 1)
                .squeeze(2);
        assertThat(y.sizes()).containsExactly(2, 4, 4);
        assertThat(y.allClose(y2, 1e-6, 1e-6)).isTrue();
        assertThat(new Conv1d(3, 4, 3).forward(x.get(0)).sizes()).containsExactly(4, 7);
    }

    @Test
    void convTranspose2dOfOnePixelStampsTheKernel() {
        Tensor x = Tensor.fromArray(new float[] {2f}, 1, 1, 1, 1);
        Tensor w = grid(1, 1, 2, 3);
        Tensor y = F.convTranspose2d(
                x,
                w,
                Tensor.fromArray(new float[] {1f}),
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {0, 0},
                1,
                new int[] {1, 1});
        assertThat(y.sizes()).containsExactly(1, 1, 2, 3);
        assertThat(y.toFloatArray()).containsExactly(1f, 3f, 5f, 7f, 9f, 11f);
    }

    @Test
    void convTranspose2dIsTheAdjointOfConv2d() {
        // <conv2d(a, w), b> = <a, conv_transpose2d(b, w)> for every a, b: the defining identity.
        Generator gen = new Generator(8);
        int[] s = {2, 1}, p = {1, 0}, d = {1, 2};
        Tensor w = Tensor.randn(gen, 4, 3, 3, 2).to(DType.FLOAT64);
        Tensor a = Tensor.randn(gen, 2, 3, 7, 6).to(DType.FLOAT64);
        Tensor conv = F.conv2d(a, w, null, s, p, d, 1);
        Tensor b = Tensor.randn(gen, conv.sizes()).to(DType.FLOAT64);
        Tensor back = F.convTranspose2d(b, w, null, s, p, new int[] {0, 0}, 1, d);
        assertThat(back.sizes()).containsExactly(2, 3, 7, 6);
        assertThat(conv.mul(b).sum().item()).isCloseTo(a.mul(back).sum().item(), within(1e-9));
    }

    @Test
    void convTranspose2dOutputSizeFollowsTheFormula() {
        var layer = new ConvTranspose2d(
                3,
                4,
                new int[] {3, 3},
                new int[] {2, 2},
                new int[] {1, 1},
                new int[] {1, 1},
                1,
                true,
                new int[] {1, 1},
                new Generator(1));
        assertThat(layer.forward(Tensor.zeros(2, 3, 5, 5)).sizes()).containsExactly(2, 4, 10, 10);
        assertThat(layer.weight.sizes()).containsExactly(3, 4, 3, 3);
    }

    @Test
    void convErrorsNameTheShapes() {
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(3, 1, 3, 3), null, 1, 0))
                .hasMessageContaining("expects 1 input channels, but the input [1, 2, 5, 5] has 2");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3), null, 1, 0))
                .hasMessageContaining("conv2d")
                .hasMessageContaining("too small for kernel 3x3");
        assertThatThrownBy(() -> F.conv2d(Tensor.zeros(4, 4), Tensor.zeros(1, 1, 3, 3), null, 1, 0))
                .hasMessageContaining("[N, C, H, W]");
        assertThatThrownBy(() -> new Conv2d(
                        3,
                        4,
                        new int[] {3, 3},
                        new int[] {1, 1},
                        new int[] {0, 0},
                        new int[] {1, 1},
                        2,
                        true,
                        new Generator(1)))
                .hasMessageContaining("in_channels 3 must be divisible by groups 2");
    }

    @Test
    void maxPoolPicksEachWindowsMaximumAndItsPosition() {
        Tensor x = Tensor.fromArray(
                new float[] {
                    1, 5, 2, 0,
                    3, 4, 8, 1,
                    0, 9, 2, 2,
                    7, 1, 3, 6
                },
                1,
                1,
                4,
                4);
        var out = F.maxPool2dWithIndices(
                x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, false);
        assertThat(out.values().toFloatArray()).containsExactly(5f, 8f, 9f, 6f);
        assertThat(out.indices().toLongArray()).containsExactly(1L, 6L, 9L, 15L);
        Tensor restored = new MaxUnpool2d(2).forward(out.values(), out.indices());
        assertThat(restored.toFloatArray()).containsExactly(0, 5, 0, 0, 0, 0, 8, 0, 0, 9, 0, 0, 0, 0, 0, 6);
        assertThat(new MaxPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, true)
                        .forward(x)
                        .sizes())
                .containsExactly(1, 1, 3, 3);
    }

    @Test
    void avgPoolDividesByTheWindowAsPyTorchDoes() {
        Tensor x = grid(1, 1, 4, 4);
        assertThat(F.avgPool2d(x, 2, 2).toFloatArray()).containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
        // Padding 1: the corner window covers 0, 1, 4, 5 and five zeros; with the padding counted the divisor is 9.
        Tensor padded = F.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false, true);
        assertThat(padded.toFloatArray()[0]).isCloseTo(10f / 9, within(1e-6f));
        Tensor excluded = F.avgPool2d(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false, false);
        assertThat(excluded.toFloatArray()[0]).isCloseTo(10f / 4, within(1e-6f));
        // Ceil mode on 5x5 with kernel 2 stride 2: the last window hangs off the edge and averages what it covers.
        Tensor ceil = F.avgPool2d(grid(1, 1, 5, 5), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, true, true);
        assertThat(ceil.sizes()).containsExactly(1, 1, 3, 3);
        assertThat(ceil.toFloatArray()[8]).isEqualTo(24f);
        assertThat(ceil.toFloatArray()[2]).isCloseTo((4 + 9) / 2f, within(1e-6f));
    }

    @Test
    void adaptivePoolsCoverOverlappingWindows() {
        Tensor x = grid(1, 1, 5, 5);
        assertThat(new AdaptiveAvgPool2d(1).forward(x).toFloatArray()).containsExactly(12f);
        // 5 -> 3: rows [0, 2), [1, 4), [3, 5).
        Tensor avg = F.adaptiveAvgPool2d(x, 3, 3);
        assertThat(avg.toFloatArray()[0]).isCloseTo((0 + 1 + 5 + 6) / 4f, within(1e-5f));
        assertThat(avg.toFloatArray()[4]).isCloseTo(12f, within(1e-5f));
        Tensor max = F.adaptiveMaxPool2d(x, 3, 3);
        assertThat(max.toFloatArray()).containsExactly(6, 8, 9, 16, 18, 19, 21, 23, 24);
        assertThat(F.adaptiveMaxPool2dWithIndices(x.get(0), 3, 3).indices().toLongArray())
                .containsExactly(6, 8, 9, 16, 18, 19, 21, 23, 24);
    }

    @Test
    void fractionalMaxPoolTakesKernelWindowsThatSpanTheInput() {
        Tensor x = Tensor.randperm(new Generator(2), 2 * 3 * 9 * 9)
                .reshape(2, 3, 9, 9)
                .to(DType.FLOAT32);
        var layer = new FractionalMaxPool2d(new int[] {2, 2}, new int[] {5, 4}, new Generator(11));
        var out = layer.forwardWithIndices(x);
        assertThat(out.values().sizes()).containsExactly(2, 3, 5, 4);
        float[] xs = x.toFloatArray(), vs = out.values().toFloatArray();
        long[] idx = out.indices().toLongArray();
        for (int plane = 0; plane < 6; plane++) {
            for (int k = 0; k < 20; k++) {
                long at = idx[plane * 20 + k];
                assertThat(at).isBetween(0L, 80L);
                assertThat(vs[plane * 20 + k]).isEqualTo(xs[plane * 81 + (int) at]);
            }
            // The last window ends at the bottom-right edge.
            long last = idx[plane * 20 + 19];
            assertThat(last / 9).isGreaterThanOrEqualTo(7);
            assertThat(last % 9).isGreaterThanOrEqualTo(7);
        }
        var again = new FractionalMaxPool2d(new int[] {2, 2}, new int[] {5, 4}, new Generator(11)).forward(x);
        assertThat(again.toFloatArray()).containsExactly(vs);
        assertThat(new FractionalMaxPool2d(new int[] {2, 2}, new double[] {0.5, 0.5}, new Generator(1))
                        .forward(x)
                        .sizes())
                .containsExactly(2, 3, 4, 4);
        assertThatThrownBy(() -> F.fractionalMaxPool2d(x, new int[] {3, 3}, new int[] {8, 8}, new Generator(1)))
                .hasMessageContaining("does not fit");
    }

    @Test
    void padsPlaceOrReplicateValues() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4}, 1, 2, 2);
        assertThat(new ZeroPad2d(new int[] {1, 0, 0, 1}).forward(x).toFloatArray())
                .containsExactly(0, 1, 2, 0, 3, 4, 0, 0, 0);
        assertThat(new ConstantPad2d(new int[] {0, 1, 1, 0}, 9).forward(x).toFloatArray())
                .containsExactly(9, 9, 9, 1, 2, 9, 3, 4, 9);
        assertThat(new ReplicationPad2d(new int[] {1, 1, 0, 1}).forward(x).toFloatArray())
                .containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        assertThatThrownBy(() -> F.pad(x, new int[] {1, -1}, "constant", 0)).hasMessageContaining("negative padding");
        assertThatThrownBy(() -> F.pad(x, new int[] {1, 1}, "mirror", 0))
                .hasMessageContaining("'constant', 'reflect', 'replicate' or 'circular'");
    }

    @Test
    void conv2dLayerUsesPyTorchsDefaultInitBounds() {
        Conv2d conv = new Conv2d(
                3,
                8,
                new int[] {3, 3},
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {1, 1},
                1,
                true,
                new Generator(4));
        double bound = 1 / Math.sqrt(3 * 9);
        try (var _ = GradMode.noGrad()) {
            assertThat(conv.weight.abs().max().item())
                    .isLessThanOrEqualTo(bound)
                    .isGreaterThan(0.8 * bound);
            assertThat(conv.bias.abs().max().item()).isLessThanOrEqualTo(bound);
        }
    }
}
