package dev.descent.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.Epilogue;
import dev.descent.backend.Generator;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The epilogue on one thread and split across threads (the conformance suite runs only the split form of large
 * products): both give the bits of the separate product, bias ADD and RELU kernels.
 */
class GemmEpilogueTest {
    private static final CpuBackend CPU = new CpuBackend();

    @Test
    void biasAndReluInTheStoreGiveTheSeparateKernelsBitsOnOneThreadAndOnSeveral() {
        Generator gen = new Generator(9);
        int[][] shapes = {{131, 301, 257}, {300, 263, 45}, {128, 784, 512}, {1, 784, 250}, {250, 784, 1}, {37, 1, 70}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            // B transposed, as a dense layer's weight [n, k] is read; the bias strided.
            Tensor a = Tensor.randn(gen, m, k), b = Tensor.randn(gen, n, k).t();
            Tensor bias = Tensor.randn(gen, n, 3).select(1, 2);
            Epilogue e = new Epilogue(bias, Epilogue.Activation.RELU);
            Tensor expected = Tensor.zeros(1, m, n);
            CPU.matmul(a.unsqueeze(0), b.unsqueeze(0), expected);
            CPU.binary(BinaryOp.ADD, expected, bias.reshape(1, 1, n).expand(1, m, n), expected, 1.0);
            CPU.unary(UnaryOp.RELU, expected, expected, 0, 0);
            for (boolean parallel : new boolean[] {false, true}) {
                float[] c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                float[] av = a.contiguous().toFloatArray(),
                        bv = b.t().contiguous().toFloatArray();
                Gemm.sgemm(m, n, k, av, 0, k, 1, bv, 0, 1, k, c, 0, n, parallel, StoreEpilogue.of(e));
                assertThat(c)
                        .as(m + "x" + k + "x" + n + (parallel ? " split" : " one thread"))
                        .containsExactly(expected.contiguous().toFloatArray());
            }
        }
    }

    /**
     * Many large items (a convolution's per-image products at batch 128) go to the threads whole: each item, epilogue
     * included, keeps the bits it has when it is the only item and splits its own C across the threads.
     */
    @Test
    void manyLargeItemsHandedOutWholeGiveEachItemsBitsAsIfItWereAlone() {
        Generator gen = new Generator(11);
        int batches = 8 * Parallel.THREADS + 3, m = 64, k = 288, n = 70; // 1.3M multiply-adds per item, ragged n
        Tensor w = Tensor.randn(gen, m, k), x = Tensor.randn(gen, batches, k, n);
        Tensor bias = Tensor.randn(gen, n);
        Epilogue e = new Epilogue(bias, Epilogue.Activation.RELU);
        Tensor batched = Tensor.zeros(batches, m, n);
        CPU.matmul(w.unsqueeze(0).expand(batches, m, k), x, batched, e);
        for (int i = 0; i < batches; i++) {
            Tensor alone = Tensor.zeros(1, m, n);
            CPU.matmul(w.unsqueeze(0), x.select(0, i).unsqueeze(0), alone, e);
            assertThat(batched.select(0, i).contiguous().toFloatArray())
                    .as("item " + i)
                    .containsExactly(alone.contiguous().toFloatArray());
        }
    }
}
