package dev.descent.platform.predictions;

import dev.descent.data.DataSplits;
import dev.descent.onnx.OnnxExport;
import dev.descent.platform.datasets.DatasetLoader;
import dev.descent.platform.models.ModelConfig;
import dev.descent.platform.models.ModelService;
import dev.descent.platform.predictions.PredictionViews.ClassScore;
import dev.descent.platform.predictions.PredictionViews.EvaluationView;
import dev.descent.platform.predictions.PredictionViews.Prediction;
import dev.descent.platform.predictions.PredictionViews.PredictionsView;
import dev.descent.platform.queue.CheckpointStore;
import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.runs.RunView;
import dev.descent.platform.web.ApiProblem;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import dev.descent.train.Evaluation;
import dev.descent.train.TrainedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Loads a run's model from its latest checkpoint (the final one once the run has finished) and predicts with it. The
 * loaded model and its evaluation are kept per run and checkpoint step, so repeated requests do not reload them.
 */
@Service
class PredictionService {
    static final int MAX_TOP = 100;

    private final RunQueries runs;
    private final CheckpointStore checkpoints;
    private final ModelService models;
    private final DatasetLoader datasets;
    private final Map<String, TrainedModel> loaded = new ConcurrentHashMap<>();
    private final Map<String, EvaluationView> evaluations = new ConcurrentHashMap<>();

    PredictionService(RunQueries runs, CheckpointStore checkpoints, ModelService models, DatasetLoader datasets) {
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.models = models;
        this.datasets = datasets;
    }

    /** A loaded model and the checkpoint it came from. */
    record Loaded(RunView run, Checkpoint checkpoint, TrainedModel model) {}

    Loaded load(long runId) {
        RunView run = runs.get(runId);
        Checkpoint c = checkpoints
                .latest(runId)
                .orElseThrow(() -> ApiProblem.conflict(
                        "id", "run " + runId + " has no checkpoint yet (status " + run.status() + ")"));
        String key = runId + "@" + c.step();
        if (loaded.size() > 16) loaded.clear();
        TrainedModel model = loaded.computeIfAbsent(key, k -> {
            ModelConfig m = models.find(run.modelId())
                    .orElseThrow(() -> ApiProblem.conflict("id", "the model of run " + runId + " no longer exists"));
            ModelSpec spec = models.spec(m);
            try {
                return TrainedModel.fromCheckpoint(c.bytes(), spec);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.conflict("id", "run " + runId + "'s checkpoint cannot be loaded: " + e.getMessage());
            }
        });
        return new Loaded(run, c, model);
    }

    byte[] onnx(long runId) {
        TrainedModel m = load(runId).model();
        return OnnxExport.toBytes(m.plan(), m.state());
    }

    /** Predicts a batch that {@code inputs} makes from the run's spec; its errors are the request's {@code field}. */
    PredictionsView predict(long runId, String field, Function<ModelSpec, Tensor> inputs, Integer top) {
        int k = top == null ? 3 : top;
        if (k < 1 || k > MAX_TOP) throw ApiProblem.badRequest("top", "must be in 1.." + MAX_TOP + ", got " + k);
        Loaded l = load(runId);
        Tensor probs;
        try {
            probs = l.model().probabilities(inputs.apply(l.model().spec()));
        } catch (ConfigException e) {
            throw ApiProblem.badRequest(field, e.getMessage());
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiProblem.badRequest(field, e.getMessage());
        }
        int n = probs.size(0), classes = probs.size(1);
        float[] p = probs.toFloatArray();
        List<Prediction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final int row = i;
            List<ClassScore> best = java.util.stream.IntStream.range(0, classes)
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -p[row * classes + c]))
                    .limit(k)
                    .map(c -> new ClassScore(c, p[row * classes + c]))
                    .toList();
            out.add(new Prediction(i, best.getFirst().label(), best));
        }
        String kind = l.model().givesProbabilities() ? "probabilities" : "scores";
        return new PredictionsView(runId, l.checkpoint().epoch(), kind, classes, out);
    }

    EvaluationView evaluation(long runId) {
        Loaded l = load(runId);
        String key = runId + "@" + l.checkpoint().step();
        if (evaluations.size() > 64) evaluations.clear();
        return evaluations.computeIfAbsent(key, k -> {
            if (l.run().datasetId() == null) throw ApiProblem.conflict("id", "the run's dataset was deleted");
            DataSplits data = datasets.load(l.run().datasetId());
            Evaluation e;
            try {
                e = Evaluation.of(l.model(), data.test());
            } catch (IllegalArgumentException ex) {
                throw ApiProblem.conflict("id", "run " + runId + " cannot be evaluated: " + ex.getMessage());
            }
            List<Double> perClass = Arrays.stream(e.perClassAccuracy())
                    .mapToObj(a -> Double.isNaN(a) ? null : a)
                    .toList();
            return new EvaluationView(
                    runId, l.checkpoint().epoch(), e.examples(), e.classes(), e.accuracy(), perClass, e.confusion());
        });
    }
}
