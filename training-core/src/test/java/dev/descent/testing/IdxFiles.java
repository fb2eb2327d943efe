package dev.descent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * IDX files made on the spot, byte by byte: well-formed image and label files for data tests, and the pieces (a header,
 * raw bytes) to craft truncated and malformed ones.
 */
public final class IdxFiles {
    private IdxFiles() {}

    /** n random h x w unsigned-byte images, drawn from {@code seed}. */
    public static byte[] images(int n, int h, int w, long seed) {
        return idx(new int[] {n, h, w}, bytes(n * h * w, seed));
    }

    /** n labels 0, 1, ..., classes-1, 0, 1, ... */
    public static byte[] labels(int n, int classes) {
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) labels[i] = (byte) (i % classes);
        return idx(new int[] {n}, labels);
    }

    /** A well-formed unsigned-byte IDX file of the given shape holding {@code data}. */
    public static byte[] idx(int[] shape, byte[] data) {
        return concat(header(0x08, shape), data);
    }

    /** The magic number (two zero bytes, the element type, the rank) and the sizes. */
    public static byte[] header(int type, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) shape.length);
        for (int d : shape) b.putInt(d);
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** n random bytes drawn from {@code seed}. */
    public static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
