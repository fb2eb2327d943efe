package dev.descent.platform.datasets;

import dev.descent.data.DataSplits;
import dev.descent.data.TensorDataset;
import dev.descent.platform.web.ApiProblem;
import dev.descent.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/** A stored dataset's samples as the model sees them, or image samples drawn side by side as one PNG. */
@Component
public class DatasetSamples {
    static final int MAX_SAMPLES = 256;

    private final DatasetRepository datasets;
    private final StoredDatasetLoader loader;

    DatasetSamples(DatasetRepository datasets, StoredDatasetLoader loader) {
        this.datasets = datasets;
        this.loader = loader;
    }

    public record Sample(int index, Object target, float[] values) {}

    public record Samples(
            long datasetId, String split, int offset, int total, int[] sampleShape, List<Sample> samples) {}

    /** The samples as JSON, or as a PNG image. */
    public sealed interface Rendered {
        record Json(Samples samples) implements Rendered {}

        record Png(byte[] image) implements Rendered {}
    }

    /**
     * {@code limit} samples of a split from {@code offset}: {@code format=json} gives each with its target (a class
     * index or a value), {@code format=png} draws them side by side.
     */
    public Rendered render(long id, String split, int offset, int limit, String format) {
        Slice s = slice(id, split, offset, limit, format);
        return format.equals("png") ? new Rendered.Png(png(s)) : new Rendered.Json(json(id, split, offset, s));
    }

    private static Samples json(long id, String split, int offset, Slice s) {
        List<Sample> samples = new ArrayList<>(s.n);
        for (int i = s.offset; i < s.offset + s.n; i++) {
            Tensor target = s.data.targets().select(0, i);
            Object t = target.dtype().isIntegral() ? (Object) target.itemLong() : (Object) target.toFloatArray()[0];
            samples.add(new Sample(i, t, s.data.get(i).features().contiguous().toFloatArray()));
        }
        return new Samples(id, split, offset, s.total, s.shape, samples);
    }

    /** Samples side by side, 16 to a row; values are scaled from [0, 1] to grey levels (or RGB for 3 channels). */
    private static byte[] png(Slice s) {
        int[] shape = s.shape;
        boolean image = (shape.length == 3 && (shape[0] == 1 || shape[0] == 3)) || shape.length == 2;
        if (!image || s.n == 0)
            throw ApiProblem.badRequest(
                    "format", "samples of shape " + Arrays.toString(shape) + " are not images; use format=json");
        int channels = shape.length == 3 ? shape[0] : 1;
        int h = shape[shape.length - 2], w = shape[shape.length - 1];
        int perRow = Math.min(16, s.n), rows = (s.n + perRow - 1) / perRow;
        BufferedImage img = new BufferedImage(perRow * w, rows * h, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < s.n; k++) {
            float[] v = s.data.get(s.offset + k).features().contiguous().toFloatArray();
            int x0 = (k % perRow) * w, y0 = (k / perRow) * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = level(v[y * w + x]);
                    int g = channels == 3 ? level(v[h * w + y * w + x]) : r;
                    int b = channels == 3 ? level(v[2 * h * w + y * w + x]) : r;
                    img.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding into memory failed", e);
        }
        return out.toByteArray();
    }

    private record Slice(TensorDataset data, int offset, int n, int total, int[] shape) {}

    private Slice slice(long id, String split, int offset, int limit, String format) {
        if (!datasets.existsById(id)) throw ApiProblem.notFound("id", "dataset", id);
        if (!split.equals("train") && !split.equals("test"))
            throw ApiProblem.badRequest("split", "must be train or test, got '" + split + "'");
        if (limit < 1 || limit > MAX_SAMPLES)
            throw ApiProblem.badRequest("limit", "must be between 1 and " + MAX_SAMPLES + ", got " + limit);
        if (!format.equals("json") && !format.equals("png"))
            throw ApiProblem.badRequest("format", "must be json or png, got '" + format + "'");
        DataSplits splits = loader.load(id);
        TensorDataset data = (TensorDataset) (split.equals("train") ? splits.train() : splits.test());
        int total = data == null ? 0 : data.size();
        if (offset < 0 || (offset >= total && total > 0) || (total == 0 && offset > 0)) {
            throw ApiProblem.badRequest(
                    "offset", "must be in [0, " + total + ") for the " + split + " split, got " + offset);
        }
        int n = Math.min(limit, total - offset);
        int[] shape = data == null ? new int[0] : DatasetParser.sampleShape(data);
        return new Slice(data, offset, n, total, shape);
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
