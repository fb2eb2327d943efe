package dev.descent.cli;

import dev.descent.data.DataSplits;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import dev.descent.train.PredictionInputs;
import dev.descent.train.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Per-example class probabilities of a trained model, printed or written as CSV. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Predict with a trained model: class probabilities per example, printed or as CSV.")
final class PredictCommand implements Callable<Integer> {

    @Mixin
    TrainedModelArgs trainedModel;

    @Option(
            names = "--data",
            required = true,
            split = ",",
            description = "PNG files, an IDX image file, a CSV/text file of feature rows (one example a line), or a "
                    + "dataset (fashion-mnist, idx:DIR, csv:FILE, synthetic:NAME), whose test split is predicted and "
                    + "scored.")
    List<String> data;

    @Option(names = "--out", description = "Write index,predicted[,label],p_0..p_k as CSV here instead of printing.")
    Path out;

    @Option(
            names = "--top",
            defaultValue = "3",
            description = "Classes printed per example (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--limit", description = "Predict at most this many examples.")
    Integer limit;

    @Override
    public Integer call() throws IOException {
        if (top < 1) throw new IllegalArgumentException("--top must be >= 1, got " + top);
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        TrainedModel trained = trainedModel.load();
        if (out != null) FileArgs.checkWritable("--out", out);

        Tensor probs;
        long[] labels = null;
        Dataset dataset = datasetOrNull(data);
        if (dataset != null) {
            if (limit != null && limit < dataset.size()) dataset = new dev.descent.data.Subset(dataset, range(limit));
            probs = trained.probabilities(dataset);
            labels = new long[dataset.size()];
            for (int i = 0; i < labels.length; i++)
                labels[i] = (long) dataset.get(i).target().item();
        } else {
            Tensor x = inputs(trained.spec(), data);
            if (limit != null && limit < x.size(0)) x = x.slice(0, 0, limit);
            probs = trained.probabilities(x);
        }
        String kind = trained.givesProbabilities() ? "p" : "score";
        if (out != null) {
            writeCsv(probs, labels, kind);
            System.out.printf(Locale.ROOT, "%s: %d examples%n", out, probs.size(0));
        } else {
            print(System.out, probs, labels, kind);
        }
        if (labels != null && trained.givesProbabilities() && probs.size(1) > 1) {
            long[] predicted = probs.argmax(1).toLongArray();
            int correct = 0;
            for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
            System.out.printf(
                    Locale.ROOT, "accuracy %.4f on %d examples%n", (double) correct / labels.length, labels.length);
        }
        return 0;
    }

    private static Dataset datasetOrNull(List<String> data) {
        if (data.size() != 1) return null;
        String d = data.getFirst();
        if (Files.isRegularFile(Path.of(d))) return null;
        DataSplits splits = Datasets.resolve(d);
        return splits.test();
    }

    private static Tensor inputs(ModelSpec spec, List<String> files) throws IOException {
        List<byte[]> pngs = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--data " + f + ": no such file");
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            byte[] bytes = Files.readAllBytes(p);
            if (name.endsWith(".png")) {
                pngs.add(bytes);
            } else if (files.size() > 1) {
                throw new IllegalArgumentException("--data " + f + ": only PNG images may be given as a list");
            } else if (name.contains("idx") || name.contains("ubyte")) {
                return PredictionInputs.idx(spec, bytes, f);
            } else {
                return PredictionInputs.text(spec, new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return PredictionInputs.png(spec, pngs);
    }

    private void print(PrintStream o, Tensor probs, long[] labels, String kind) {
        int n = probs.size(0), k = probs.size(1);
        float[] p = probs.toFloatArray();
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6d", i));
            Integer[] order = new Integer[k];
            for (int c = 0; c < k; c++) order[c] = c;
            final int row = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(p[row * k + b], p[row * k + a]));
            for (int j = 0; j < Math.min(top, k); j++) {
                line.append(String.format(Locale.ROOT, "  %d (%s %.4f)", order[j], kind, p[i * k + order[j]]));
            }
            if (labels != null) line.append("  label ").append(labels[i]);
            o.println(line);
        }
    }

    private void writeCsv(Tensor probs, long[] labels, String kind) throws IOException {
        int n = probs.size(0), k = probs.size(1);
        float[] p = probs.toFloatArray();
        StringBuilder csv = new StringBuilder("index,predicted");
        if (labels != null) csv.append(",label");
        for (int c = 0; c < k; c++) csv.append(',').append(kind).append('_').append(c);
        csv.append('\n');
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
            csv.append(i).append(',').append(best);
            if (labels != null) csv.append(',').append(labels[i]);
            for (int c = 0; c < k; c++) csv.append(',').append(p[i * k + c]);
            csv.append('\n');
        }
        Files.writeString(out, csv);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
