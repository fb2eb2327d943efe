/**
 * Predictions from a run's trained model: its final checkpoint as ONNX ({@code GET /api/runs/{id}/model.onnx}), class
 * probabilities for images or feature rows ({@code POST /api/runs/{id}/predict}) and a confusion matrix on the run's
 * test set ({@code GET /api/runs/{id}/evaluation}). Owns no table; it reads runs through {@code runs.RunQueries}, the
 * checkpoint through {@code queue.CheckpointStore}, the spec through {@code models.ModelService} and the test set
 * through {@code datasets.DatasetLoader}, and uses training-core's inference API ({@code TrainedModel},
 * {@code PredictionInputs}, {@code Evaluation}, {@code OnnxExport}).
 */
package dev.descent.platform.predictions;
