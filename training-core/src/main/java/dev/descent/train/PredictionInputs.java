package dev.descent.train;

import dev.descent.data.Idx;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Turns what a user sends for predictions into a batch of the spec's input shape: PNG images (greyscale, or RGB for a
 * three-channel input; pixels scaled to [0, 1] as the training images are), IDX image files (MNIST's layout), or rows
 * of numbers. Every error says which input is wrong and how.
 */
public final class PredictionInputs {
    private PredictionInputs() {}

    /** Decoded PNG files, each one sample [channels, height, width] of the spec's input, stacked. */
    public static Tensor png(ModelSpec spec, List<byte[]> images) {
        int[] in = spec.input();
        if (in.length != 3 || (in[0] != 1 && in[0] != 3)) {
            throw new IllegalArgumentException("the model '" + spec.name() + "' takes input " + Arrays.toString(in)
                    + ", not images ([1, h, w] or [3, h, w])");
        }
        if (images.isEmpty()) throw new IllegalArgumentException("no images given");
        int c = in[0], h = in[1], w = in[2];
        float[] all = new float[images.size() * c * h * w];
        for (int n = 0; n < images.size(); n++) {
            BufferedImage img;
            try {
                img = ImageIO.read(new ByteArrayInputStream(images.get(n)));
            } catch (IOException e) {
                throw new IllegalArgumentException("image " + n + " is not a readable PNG: " + e.getMessage(), e);
            }
            if (img == null) throw new IllegalArgumentException("image " + n + " is not a PNG (or any image format)");
            if (img.getWidth() != w || img.getHeight() != h) {
                throw new IllegalArgumentException("image " + n + " is " + img.getWidth() + "x" + img.getHeight()
                        + " pixels; the model takes " + w + "x" + h);
            }
            int base = n * c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
                    if (c == 1) {
                        // A greyscale PNG has r = g = b; a colour one is reduced with the ITU-R 601 luma weights.
                        all[base + y * w + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                    } else {
                        all[base + y * w + x] = r / 255f;
                        all[base + h * w + y * w + x] = g / 255f;
                        all[base + 2 * h * w + y * w + x] = b / 255f;
                    }
                }
            }
        }
        return Tensor.fromArray(all, images.size(), c, h, w);
    }

    /** An IDX image file ([n, h, w] or [n, c, h, w] unsigned bytes, gzip or not), pixels scaled to [0, 1]. */
    public static Tensor idx(ModelSpec spec, byte[] file, String name) {
        Idx.IdxArray a;
        try {
            a = Idx.read(new ByteArrayInputStream(file), name);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        int[] s = a.shape();
        int n = s[0];
        int[] sample = Arrays.copyOfRange(s, 1, s.length);
        if (sample.length == 2 && spec.input().length == 3 && spec.input()[0] == 1)
            sample = new int[] {1, sample[0], sample[1]};
        checkSample(spec, sample, name);
        byte[] raw = a.data();
        float[] v = new float[raw.length];
        for (int i = 0; i < raw.length; i++) v[i] = (raw[i] & 0xFF) / 255f;
        return Tensor.fromArray(v, prepend(n, spec.input()));
    }

    /** Rows of numbers (one sample each, its values in row-major order); blank lines are skipped. */
    public static Tensor rows(ModelSpec spec, List<double[]> rows) {
        if (rows.isEmpty()) throw new IllegalArgumentException("no feature rows given");
        int size = 1;
        for (int d : spec.input()) size *= d;
        float[] all = new float[rows.size() * size];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            if (row.length != size) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " values; the model '"
                        + spec.name() + "' takes " + size + " per example (input " + Arrays.toString(spec.input())
                        + ")");
            }
            for (int i = 0; i < size; i++) {
                if (!Double.isFinite(row[i]))
                    throw new IllegalArgumentException("row " + r + " value " + i + " is not a finite number");
                all[r * size + i] = (float) row[i];
            }
        }
        return Tensor.fromArray(all, prepend(rows.size(), spec.input()));
    }

    /** CSV or whitespace-separated text: one example per line; a first line that is not numbers is a header. */
    public static Tensor text(ModelSpec spec, String text) {
        List<double[]> rows = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            String[] cells = line.split("[,;\\s]+", -1);
            double[] row = new double[cells.length];
            try {
                for (int j = 0; j < cells.length; j++) row[j] = Double.parseDouble(cells[j]);
            } catch (NumberFormatException e) {
                if (rows.isEmpty() && i == firstNonBlank(lines)) continue; // a header
                throw new IllegalArgumentException("line " + (i + 1) + " is not a row of numbers: '" + line + "'", e);
            }
            rows.add(row);
        }
        return rows(spec, rows);
    }

    private static int firstNonBlank(String[] lines) {
        for (int i = 0; i < lines.length; i++) if (!lines[i].isBlank()) return i;
        return -1;
    }

    private static void checkSample(ModelSpec spec, int[] sample, String name) {
        if (!Arrays.equals(sample, spec.input())) {
            throw new IllegalArgumentException(name + " holds samples of shape " + Arrays.toString(sample)
                    + "; the model '" + spec.name() + "' takes " + Arrays.toString(spec.input()));
        }
    }

    private static int[] prepend(int n, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
