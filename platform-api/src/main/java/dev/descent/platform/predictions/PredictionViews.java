package dev.descent.platform.predictions;

import java.util.List;

/** The request and response bodies of the predictions API. */
final class PredictionViews {
    private PredictionViews() {}

    /** {@code POST /api/runs/{id}/predict} as JSON: feature rows (each one example, flattened) and how many classes. */
    record RowsRequest(List<List<Double>> rows, Integer top) {}

    /** One class with its probability (or score, for a regression model). */
    record ClassScore(int label, double probability) {}

    /** One example's most likely classes, best first. */
    record Prediction(int index, int predicted, List<ClassScore> top) {}

    /** {@code kind} is "probabilities", or "scores" for a model whose outputs are not probabilities. */
    record PredictionsView(long runId, int epoch, String kind, int classes, List<Prediction> predictions) {}

    /**
     * The run's final checkpoint on its test set: {@code confusion[true][predicted]}; a class with no test examples has
     * a null accuracy.
     */
    record EvaluationView(
            long runId,
            int epoch,
            int examples,
            int classes,
            double accuracy,
            List<Double> perClassAccuracy,
            long[][] confusion) {}
}
