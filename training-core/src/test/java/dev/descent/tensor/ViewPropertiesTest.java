package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.autograd.GradMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: any chain of view operations reads the same elements as a reference that tracks, for each element of the
 * view in row-major order, which element of the base it is; views share the base's storage (so writes show through),
 * and contiguous() copies exactly those elements.
 */
class ViewPropertiesTest {

    /** The reference: a shape and, per element in row-major order, its index into the base. */
    record Ref(int[] shape, int[] source) {
        int numel() {
            return source.length;
        }

        int at(int... idx) {
            int flat = 0;
            for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
            return source[flat];
        }

        static Ref build(int[] shape, java.util.function.Function<int[], Integer> f) {
            int n = Shape.of(shape).numel();
            int[] src = new int[n];
            for (int flat = 0; flat < n; flat++) src[flat] = f.apply(BroadcastPropertiesTest.unravel(flat, shape));
            return new Ref(shape, src);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(
            ints = {
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49
            })
    void chainsOfViewsReadTheReferenceElements(int seed) {
        Random r = new Random(seed);
        int[] shape =
                IntStream.range(0, 1 + r.nextInt(4)).map(i -> 1 + r.nextInt(5)).toArray();
        int n = Shape.of(shape).numel();
        Tensor base = Tensor.arange(0.0, n, 1.0).reshape(shape);
        Tensor t = base;
        Ref ref = Ref.build(shape, idx -> BroadcastPropertiesTest.ravel(idx, shape));
        boolean overlapping = false, copied = false;
        List<String> steps = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            int rank = ref.shape().length;
            int op = r.nextInt(8);
            Ref cur = ref;
            switch (op) {
                case 0 -> { // permute
                    if (rank < 2) continue;
                    int[] perm = shuffled(rank, r);
                    t = t.permute(perm);
                    int[] s = new int[rank];
                    for (int i = 0; i < rank; i++) s[i] = cur.shape()[perm[i]];
                    ref = Ref.build(s, idx -> {
                        int[] orig = new int[rank];
                        for (int i = 0; i < rank; i++) orig[perm[i]] = idx[i];
                        return cur.at(orig);
                    });
                    steps.add("permute");
                }
                case 1 -> { // slice with a step
                    if (rank == 0) continue;
                    int d = r.nextInt(rank), size = cur.shape()[d];
                    int start = r.nextInt(size), end = start + 1 + r.nextInt(size - start), stride = 1 + r.nextInt(2);
                    t = t.slice(d, start, end, stride);
                    int[] s = cur.shape().clone();
                    s[d] = (end - start + stride - 1) / stride;
                    ref = Ref.build(s, idx -> {
                        int[] orig = idx.clone();
                        orig[d] = start + idx[d] * stride;
                        return cur.at(orig);
                    });
                    steps.add("slice");
                }
                case 2 -> { // select
                    if (rank < 2) continue;
                    int d = r.nextInt(rank), i0 = r.nextInt(cur.shape()[d]);
                    t = t.select(d, i0);
                    int[] s = remove(cur.shape(), d);
                    ref = Ref.build(s, idx -> cur.at(insert(idx, d, i0)));
                    steps.add("select");
                }
                case 3 -> { // unsqueeze
                    if (rank >= 5) continue;
                    int d = r.nextInt(rank + 1);
                    t = t.unsqueeze(d);
                    ref = Ref.build(insert(cur.shape(), d, 1), idx -> cur.at(remove(idx, d)));
                    steps.add("unsqueeze");
                }
                case 4 -> { // transpose
                    if (rank < 2) continue;
                    int d0 = r.nextInt(rank), d1 = r.nextInt(rank);
                    t = t.transpose(d0, d1);
                    int[] s = cur.shape().clone();
                    s[d0] = cur.shape()[d1];
                    s[d1] = cur.shape()[d0];
                    ref = Ref.build(s, idx -> {
                        int[] orig = idx.clone();
                        orig[d0] = idx[d1];
                        orig[d1] = idx[d0];
                        return cur.at(orig);
                    });
                    steps.add("transpose");
                }
                case 5 -> { // expand a size-1 dim
                    int d = -1;
                    for (int i = 0; i < rank; i++) if (cur.shape()[i] == 1) d = i;
                    if (d < 0) continue;
                    int[] s = cur.shape().clone();
                    s[d] = 2 + r.nextInt(2);
                    int dd = d;
                    t = t.expand(s);
                    ref = Ref.build(s, idx -> {
                        int[] orig = idx.clone();
                        orig[dd] = 0;
                        return cur.at(orig);
                    });
                    overlapping = true;
                    steps.add("expand");
                }
                case 6 -> { // reshape to the flattened row-major order (copies when it must)
                    t = t.reshape(-1);
                    ref = new Ref(new int[] {cur.numel()}, cur.source());
                    copied |= t.storage() != base.storage();
                    steps.add("reshape");
                }
                default -> { // narrow
                    if (rank == 0) continue;
                    int d = r.nextInt(rank), size = cur.shape()[d];
                    int start = r.nextInt(size), len = 1 + r.nextInt(size - start);
                    t = t.narrow(d, start, len);
                    int[] s = cur.shape().clone();
                    s[d] = len;
                    ref = Ref.build(s, idx -> {
                        int[] orig = idx.clone();
                        orig[d] += start;
                        return cur.at(orig);
                    });
                    steps.add("narrow");
                }
            }
            assertThat(t.sizes()).as("shape after %s", steps).containsExactly(ref.shape());
            float[] values = t.toFloatArray();
            for (int i = 0; i < values.length; i++)
                assertThat(values[i]).as("element %d after %s", i, steps).isEqualTo(ref.source()[i]);
            assertThat(t.contiguous().toFloatArray()).containsExactly(values);
        }
        if (!copied) {
            assertThat(t.storage()).isSameAs(base.storage());
            if (!overlapping && t.numel() > 0) {
                try (var _ = GradMode.noGrad()) {
                    t.add_(1000);
                }
                float[] after = base.toFloatArray();
                for (int src : ref.source()) assertThat(after[src]).isEqualTo(src + 1000f);
            }
        }
    }

    @Test
    void viewOfATransposedTensorIsRefusedButReshapeCopies() {
        Tensor x = Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3).t();
        assertThatThrownBy(() -> x.view(6)).hasMessageContaining("view size").hasMessageContaining("use reshape");
        assertThat(x.reshape(6).toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(x.reshape(6).storage()).isNotSameAs(x.storage());
        assertThat(Tensor.zeros(2, 3, 4).view(6, -1).sizes()).containsExactly(6, 4);
        assertThatThrownBy(() -> Tensor.zeros(2, 3).view(4, -1)).hasMessageContaining("invalid for input of size 6");
    }

    private static int[] shuffled(int n, Random r) {
        int[] p = IntStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private static int[] remove(int[] a, int d) {
        int[] out = new int[a.length - 1];
        for (int i = 0, k = 0; i < a.length; i++) if (i != d) out[k++] = a[i];
        return out;
    }

    private static int[] insert(int[] a, int d, int v) {
        int[] out = new int[a.length + 1];
        for (int i = 0, k = 0; i < out.length; i++) out[i] = i == d ? v : a[k++];
        return out;
    }

    @Test
    void zeroDimTensorsTakeDimZeroLikePyTorch() {
        Tensor s = Tensor.scalar(3);
        assertThat(s.squeeze(0).dim()).isZero();
        assertThat(s.squeeze(-1).item()).isEqualTo(3.0);
        assertThat(s.sum(0).item()).isEqualTo(3.0);
        assertThat(s.sum(-1, true).dim()).isZero();
        assertThat(s.mean(0).item()).isEqualTo(3.0);
        assertThat(s.amax(new int[] {0}, false).item()).isEqualTo(3.0);
        assertThatThrownBy(() -> s.sum(1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("dimension out of range");
        assertThatThrownBy(() -> Tensor.arange(3).mT())
                .hasMessageContaining("mT is only supported on matrices")
                .hasMessageContaining("[3]");
        Tensor g = Tensor.scalar(2.0).requiresGrad_();
        g.mul(g).sum(0).backward();
        assertThat(g.grad().item()).isEqualTo(4.0);
    }
}
