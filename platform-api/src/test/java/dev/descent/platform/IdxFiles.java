package dev.descent.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small IDX files made on the spot: n random h x w images and their labels. */
public final class IdxFiles {
    private IdxFiles() {}

    public static byte[] images(int n, int h, int w, long seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w)
                .putInt(0x0803)
                .putInt(n)
                .putInt(h)
                .putInt(w);
        byte[] pixels = new byte[n * h * w];
        new Random(seed).nextBytes(pixels);
        return b.put(pixels).array();
    }

    /** Labels 0, 1, ..., classes-1, 0, 1, ... */
    public static byte[] labels(int n, int classes) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(0x0801).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) (i % classes));
        return b.array();
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
}
