package dev.descent.platform.runs;

import dev.descent.optim.Optimizers;
import dev.descent.platform.config.ApiProblem;
import dev.descent.platform.config.JsonFields;
import dev.descent.platform.datasets.DatasetRecord;
import dev.descent.platform.datasets.DatasetRepository;
import dev.descent.platform.experiments.ExperimentRepository;
import dev.descent.platform.live.Notify;
import dev.descent.platform.live.PgListener;
import dev.descent.platform.live.RunEvents;
import dev.descent.platform.models.ModelConfig;
import dev.descent.platform.models.ModelRepository;
import dev.descent.platform.models.ModelService;
import dev.descent.platform.queue.JobQueue;
import dev.descent.platform.queue.QueueProperties;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a run's life is decided by a user: submission (validated up front, so a run that cannot train is refused with
 * the field at fault rather than failing on a worker), cloning, cancelling and deletion.
 */
@Service
public class RunService {
    static final List<String> RUN_FIELDS =
            List.of("experimentId", "datasetId", "modelId", "name", "priority", "maxAttempts");
    static final List<String> CONFIG_FIELDS = List.of(
            "optimizer",
            "schedule",
            "batchSize",
            "epochs",
            "seed",
            "valSplit",
            "engine",
            "device",
            "earlyStoppingPatience",
            "clipGradNorm");
    private static final Set<String> CLASSIFICATION_LOSSES = Set.of("cross_entropy", "nll");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RunRepository runs;
    private final RunQueries queries;
    private final ExperimentRepository experiments;
    private final ModelRepository models;
    private final ModelService modelService;
    private final DatasetRepository datasets;
    private final QueueProperties queue;
    private final JdbcTemplate jdbc;

    RunService(
            RunRepository runs,
            RunQueries queries,
            ExperimentRepository experiments,
            ModelRepository models,
            ModelService modelService,
            DatasetRepository datasets,
            QueueProperties queue,
            JdbcTemplate jdbc) {
        this.runs = runs;
        this.queries = queries;
        this.experiments = experiments;
        this.models = models;
        this.modelService = modelService;
        this.datasets = datasets;
        this.queue = queue;
        this.jdbc = jdbc;
    }

    /** Validates and queues a run; see the README for the fields. */
    @Transactional
    public RunView create(JsonNode body) {
        JsonFields f = JsonFields.of(body);
        List<String> known = new ArrayList<>(RUN_FIELDS);
        known.addAll(CONFIG_FIELDS);
        f.allowOnly(known);
        long experimentId = f.requiredLong("experimentId");
        long modelId = f.requiredLong("modelId");
        long datasetId = f.requiredLong("datasetId");
        String name = f.optionalString("name", null);
        int priority = f.optionalInt("priority", 0, -1_000_000, 1_000_000);
        int maxAttempts = f.optionalInt("maxAttempts", queue.maxAttempts(), 1, 100);

        if (!experiments.existsById(experimentId))
            throw ApiProblem.badRequest("experimentId", "experiment " + experimentId + " does not exist");
        ModelConfig model = models.findById(modelId)
                .orElseThrow(() -> ApiProblem.badRequest("modelId", "model " + modelId + " does not exist"));
        DatasetRecord dataset = datasets.findById(datasetId)
                .orElseThrow(() -> ApiProblem.badRequest("datasetId", "dataset " + datasetId + " does not exist"));

        ObjectNode configJson = JSON.createObjectNode();
        for (String field : CONFIG_FIELDS) if (body.has(field)) configJson.set(field, body.get(field));
        TrainConfig config = TrainConfig.fromJson(configJson);
        Optimizers.validate(config.optimizer());
        ModelSpec spec = modelService.spec(model);
        TrainingEngine engine = TrainingEngines.get(config.engine());
        if (!engine.isAvailable())
            throw ApiProblem.badRequest("engine", "engine '" + config.engine() + "' is not available on this platform");
        // Whether a cuda run finds a GPU is the workers' business, not this API machine's.
        engine.validate(spec, config.device().equals("cuda") ? config.withDevice("auto") : config);
        checkFits(dataset, model, spec);

        Run run = runs.saveAndFlush(new Run(
                experimentId,
                datasetId,
                modelId,
                name,
                config.toJson(),
                config.engine(),
                config.device(),
                priority,
                maxAttempts));
        JobQueue.announce(jdbc, run.getId());
        return queries.get(run.getId());
    }

    /**
     * A new run like run {@code id}, with the fields in {@code changes} changed (objects such as optimizer are merged).
     */
    @Transactional
    public RunView cloneRun(long id, JsonNode changes) {
        Run r = runs.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "run", id));
        if (changes != null && !changes.isNull() && !changes.isObject())
            throw ApiProblem.badRequest("$", "the changes must be a JSON object");
        ObjectNode request = (ObjectNode) JSON.readTree(r.getConfig());
        request.put("experimentId", r.getExperimentId());
        if (r.getDatasetId() != null) request.put("datasetId", r.getDatasetId());
        request.put("modelId", r.getModelId());
        if (r.getName() != null) request.put("name", r.getName());
        request.put("priority", r.getPriority());
        request.put("maxAttempts", r.getMaxAttempts());
        if (changes != null && changes.isObject()) merge(request, (ObjectNode) changes);
        return create(request);
    }

    /** A queued run is cancelled at once; a running one is asked to stop, which it does within one batch. */
    @Transactional
    public RunView cancel(long id) {
        String status = lockStatus(id);
        switch (status) {
            case "QUEUED" -> {
                jdbc.update("update runs set status = 'CANCELLED', finished_at = clock_timestamp() where id = ?", id);
                RunEvents.publishStatus(jdbc, id, statusEvent("CANCELLED", false));
            }
            case "RUNNING" -> {
                jdbc.update("update runs set cancel_requested = true where id = ?", id);
                Notify.send(jdbc, PgListener.CANCEL, Long.toString(id));
                RunEvents.publishStatus(jdbc, id, statusEvent("RUNNING", true));
            }
            default ->
                throw ApiProblem.conflict(
                        null, "run " + id + " is already " + status + "; only QUEUED or RUNNING runs can be cancelled");
        }
        return queries.get(id);
    }

    /** Deletes a run that is not running, with its metrics, checkpoint and latest values. */
    @Transactional
    public void delete(long id) {
        String status = lockStatus(id);
        if (status.equals("RUNNING")) {
            throw ApiProblem.conflict(
                    null,
                    "run " + id + " is RUNNING; cancel it first (POST /api/runs/" + id + "/cancel), then delete it");
        }
        // The metric tables have no foreign key (it would slow ingestion), so they are cleared here, in the same
        // transaction.
        jdbc.update("delete from metrics where run_id = ?", id);
        jdbc.update("delete from metric_rollups where run_id = ?", id);
        jdbc.update("delete from runs where id = ?", id);
        // Its stream's watchers learn it is gone (on commit), and their streams end.
        RunEvents.publishStatus(jdbc, id, statusEvent("DELETED", false));
    }

    private String lockStatus(long id) {
        List<String> status = jdbc.queryForList("select status from runs where id = ? for update", String.class, id);
        if (status.isEmpty()) throw ApiProblem.notFound("id", "run", id);
        return status.getFirst();
    }

    /** The dataset's samples must fill the model's input, and its classes fit the model's outputs. */
    private static void checkFits(DatasetRecord dataset, ModelConfig model, ModelSpec spec) {
        int[] sample = dataset.getSampleShape();
        long sampleSize = Arrays.stream(sample).asLongStream().reduce(1, (a, b) -> a * b);
        long inputSize = Arrays.stream(spec.input()).asLongStream().reduce(1, (a, b) -> a * b);
        if (sampleSize != inputSize) {
            throw ApiProblem.badRequest(
                    "datasetId",
                    "dataset " + dataset.getId() + "'s samples have shape " + Arrays.toString(sample) + " ("
                            + sampleSize + " values) but model " + model.getId() + " takes input "
                            + Arrays.toString(spec.input()) + " (" + inputSize + " values)");
        }
        if (dataset.getNumClasses() != null && CLASSIFICATION_LOSSES.contains(spec.loss())) {
            JsonNode out = JSON.readTree(model.getSummary()).get("outputShape");
            int outputs =
                    out == null || out.isEmpty() ? 0 : out.get(out.size() - 1).asInt();
            if (outputs < dataset.getNumClasses()) {
                throw ApiProblem.badRequest(
                        "modelId",
                        "model " + model.getId() + " has " + outputs + " outputs but dataset " + dataset.getId()
                                + " has " + dataset.getNumClasses() + " classes");
            }
        }
    }

    private static ObjectNode statusEvent(String status, boolean cancelRequested) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", status);
        o.put("cancelRequested", cancelRequested);
        return o;
    }

    private static void merge(ObjectNode into, ObjectNode changes) {
        for (var e : changes.properties()) {
            JsonNode old = into.get(e.getKey());
            if (old instanceof ObjectNode o
                    && e.getValue() instanceof ObjectNode c
                    && !e.getKey().equals("schedule")) merge(o, c);
            else into.set(e.getKey(), e.getValue());
        }
    }
}
