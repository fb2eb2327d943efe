package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.tensor.Tensor;

/**
 * A classifier's results on a labelled set: {@code confusion[true][predicted]} counts, overall accuracy and each
 * class's accuracy (its recall; NaN for a class with no examples).
 */
public record Evaluation(int examples, int classes, long[][] confusion, double accuracy, double[] perClassAccuracy) {

    /** Predicts every example of {@code data} and tallies it against its class-index target. */
    public static Evaluation of(TrainedModel model, Dataset data) {
        if (!model.givesProbabilities()) {
            throw new IllegalArgumentException("the model '" + model.spec().name() + "' is a regression model (loss "
                    + model.spec().loss() + "): it has no classes to evaluate");
        }
        if (data.size() == 0) throw new IllegalArgumentException("the evaluation set is empty");
        Tensor probs = model.probabilities(data);
        int n = probs.size(0), classes = probs.size(1) == 1 ? 2 : probs.size(1);
        float[] p = probs.toFloatArray();
        long[][] confusion = new long[classes][classes];
        long correct = 0;
        for (int i = 0; i < n; i++) {
            int predicted = probs.size(1) == 1 ? (p[i] >= 0.5f ? 1 : 0) : argmax(p, i * classes, classes);
            long label = (long) data.get(i).target().item();
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(
                        "example " + i + " has label " + label + ", outside the model's " + classes + " classes");
            }
            confusion[(int) label][predicted]++;
            if (label == predicted) correct++;
        }
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            long total = 0;
            for (long v : confusion[c]) total += v;
            perClass[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return new Evaluation(n, classes, confusion, (double) correct / n, perClass);
    }

    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
        return best;
    }
}
