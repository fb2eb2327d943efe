package dev.descent.tensor;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.backend.HostArrays;
import dev.descent.ops.Kernels;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Building tensors from Java arrays and ranges, and reading them back. */
final class Creation {
    private Creation() {}

    static Tensor fromFlat(DType dtype, Object data, int length, int[] shape) {
        Shape s = shape.length == 0 ? Shape.of(length) : Shape.of(shape);
        if (s.numel() != length) {
            throw new IllegalArgumentException(
                    "shape " + s + " holds " + s.numel() + " elements but the array has " + length);
        }
        Backend b = Backends.getDefault();
        return Tensor.of(b.fromHost(dtype, data), s);
    }

    static Tensor fromBooleans(boolean[] data, int[] shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return fromFlat(DType.BOOL, b, b.length, shape);
    }

    static Tensor fromNested(Object array) {
        if (array == null || !array.getClass().isArray()) {
            throw new IllegalArgumentException("Tensor.of expects a Java array (float[], double[][], long[]...), got "
                    + (array == null ? "null" : array.getClass().getSimpleName()));
        }
        List<Integer> dims = new ArrayList<>();
        Object probe = array;
        while (probe != null && probe.getClass().isArray()) {
            int n = Array.getLength(probe);
            dims.add(n);
            if (probe.getClass().getComponentType().isPrimitive() || n == 0) break;
            probe = Array.get(probe, 0);
        }
        Class<?> leaf = array.getClass();
        while (leaf.isArray()) leaf = leaf.getComponentType();
        DType dtype = switch (leaf.getName()) {
            case "float" -> DType.FLOAT32;
            case "double" -> DType.FLOAT64;
            case "long" -> DType.INT64;
            case "int" -> DType.INT32;
            case "boolean" -> DType.BOOL;
            case "byte" -> DType.UINT8;
            default -> throw new IllegalArgumentException("Tensor.of: unsupported element type " + leaf.getName());
        };
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        int numel = Shape.of(shape).numel();
        Object flat = HostArrays.allocate(dtype, numel);
        int[] at = {0};
        flatten(array, 0, shape, flat, at, dtype);
        return fromFlat(dtype, flat, numel, shape);
    }

    private static void flatten(Object array, int depth, int[] shape, Object flat, int[] at, DType dtype) {
        int n = Array.getLength(array);
        if (n != shape[depth]) {
            throw new IllegalArgumentException("Tensor.of: ragged array, expected length " + shape[depth] + " at depth "
                    + depth + " but found " + n);
        }
        if (depth == shape.length - 1) {
            if (dtype == DType.BOOL) {
                boolean[] src = (boolean[]) array;
                byte[] dst = (byte[]) flat;
                for (int i = 0; i < n; i++) dst[at[0] + i] = (byte) (src[i] ? 1 : 0);
            } else {
                System.arraycopy(array, 0, flat, at[0], n);
            }
            at[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) flatten(Array.get(array, i), depth + 1, shape, flat, at, dtype);
    }

    static Tensor arange(long start, long end, long step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        long n = Math.max(0, Math.ceilDiv(end - start, step));
        long[] v = new long[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) v[i] = start + i * step;
        return Tensor.fromArray(v);
    }

    static Tensor arange(double start, double end, double step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return Tensor.fromArray(v);
    }

    static Tensor linspace(double start, double end, int steps) {
        if (steps < 0)
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        float[] v = new float[steps];
        double delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) v[i] = (float) (i == steps - 1 && steps > 1 ? end : start + i * delta);
        return Tensor.fromArray(v);
    }

    static Tensor eye(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < Math.min(rows, cols); i++) v[i * cols + i] = 1;
        return Tensor.fromArray(v, rows, cols);
    }

    static Tensor randint(Generator gen, long low, long high, int[] shape) {
        if (high <= low)
            throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        int n = Shape.of(shape).numel();
        long[] v = new long[n];
        long range = high - low;
        for (int i = 0; i < n; i++) v[i] = low + Math.floorMod(gen.nextLong(), range);
        return Tensor.fromArray(v, shape);
    }

    static Tensor randperm(Generator gen, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = gen.nextInt(i + 1);
            long t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.fromArray(v);
    }

    /** The elements as a host array of the given dtype's Java type. */
    static Object host(Tensor t, DType as) {
        Tensor src = Kernels.cast(t, as);
        Object out = HostArrays.allocate(as, src.numel());
        src.backend().toHost(src, out);
        return out;
    }

    static Object toNested(Tensor t) {
        Object flat = host(t, t.dtype());
        if (t.dtype() == DType.BOOL) {
            byte[] b = (byte[]) flat;
            boolean[] z = new boolean[b.length];
            for (int i = 0; i < b.length; i++) z[i] = b[i] != 0;
            flat = z;
        }
        if (t.dim() == 0) return Array.get(flat, 0);
        return nest(flat, t.sizes(), 0, new int[] {0});
    }

    private static Object nest(Object flat, int[] shape, int depth, int[] at) {
        Class<?> component = flat.getClass().getComponentType();
        if (depth == shape.length - 1) {
            Object row = Array.newInstance(component, shape[depth]);
            System.arraycopy(flat, at[0], row, 0, shape[depth]);
            at[0] += shape[depth];
            return row;
        }
        for (int i = depth + 1; i < shape.length - 1; i++) component = component.arrayType();
        Object out = Array.newInstance(component.arrayType(), shape[depth]);
        for (int i = 0; i < shape[depth]; i++) Array.set(out, i, nest(flat, shape, depth + 1, at));
        return out;
    }
}
