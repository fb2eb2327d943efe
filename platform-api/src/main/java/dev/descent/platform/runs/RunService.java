package dev.descent.platform.runs;

import dev.descent.optim.Optimizers;
import dev.descent.optim.Schedules;
import dev.descent.platform.datasets.DatasetRecord;
import dev.descent.platform.datasets.DatasetService;
import dev.descent.platform.models.ModelConfig;
import dev.descent.platform.models.ModelService;
import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.platform.web.StorableJson;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
            List.of("experimentId", "datasetId", "modelId", "name", "priority", "maxAttempts", "timeoutMinutes");
    static final int MAX_NAME_LENGTH = 200;
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

    private final RunStore store;
    private final RunRepository runs;
    private final RunQueries queries;
    private final ExperimentLookup experiments;
    private final ModelService models;
    private final DatasetService datasets;
    private final QueueProperties queue;
    private final JsonMapper json;
    private final Ownership ownership;

    RunService(
            RunStore store,
            RunRepository runs,
            RunQueries queries,
            ExperimentLookup experiments,
            ModelService models,
            DatasetService datasets,
            QueueProperties queue,
            JsonMapper json,
            Ownership ownership) {
        this.ownership = ownership;
        this.store = store;
        this.runs = runs;
        this.queries = queries;
        this.experiments = experiments;
        this.models = models;
        this.datasets = datasets;
        this.queue = queue;
        this.json = json;
    }

    /** Validates and queues a run; see the README for the fields. */
    @Transactional
    public RunView create(JsonNode body) {
        return queries.get(queue(prepare(body)));
    }

    /**
     * A run request that passed every check a submission gets, ready to queue. Sweeps validate all their runs this way
     * before queueing any.
     */
    public static final class Prepared {
        private final RunStore.NewRun run;

        private Prepared(RunStore.NewRun run) {
            this.run = run;
        }

        public String name() {
            return run.name();
        }
    }

    /** Checks a run request as {@link #create} does, without storing anything; refusals name the field at fault. */
    @Transactional(readOnly = true)
    public Prepared prepare(JsonNode body) {
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
        Integer timeoutMinutes = f.has("timeoutMinutes") ? f.optionalInt("timeoutMinutes", 0, 1, 525_600) : null;
        if (name != null && name.length() > MAX_NAME_LENGTH)
            throw ApiProblem.badRequest("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        if (body.has("epochs")
                && body.get("epochs").isIntegralNumber()
                && body.get("epochs").asLong() > queue.maxEpochs()) {
            throw ApiProblem.badRequest(
                    "epochs",
                    "must be at most " + queue.maxEpochs() + " (descent.queue.max-epochs), got " + body.get("epochs"));
        }

        if (!experiments.exists(experimentId))
            throw ApiProblem.badRequest("experimentId", "experiment " + experimentId + " does not exist");
        ModelConfig model = models.find(modelId)
                .orElseThrow(() -> ApiProblem.badRequest("modelId", "model " + modelId + " does not exist"));
        DatasetRecord dataset = datasets.find(datasetId)
                .orElseThrow(() -> ApiProblem.badRequest("datasetId", "dataset " + datasetId + " does not exist"));

        ObjectNode configJson = json.createObjectNode();
        for (String field : CONFIG_FIELDS) if (body.has(field)) configJson.set(field, body.get(field));
        TrainConfig config = TrainConfig.fromJson(configJson);
        Optimizers.validate(config.optimizer());
        // Every engine reads the schedule's options when it starts; a misspelt one ({"gama": 0.5}) is refused now.
        if (config.schedule() != null) Schedules.validate(config.schedule());
        ModelSpec spec = models.spec(model);
        TrainingEngine engine = TrainingEngines.get(config.engine());
        if (!engine.isAvailable())
            throw ApiProblem.badRequest("engine", "engine '" + config.engine() + "' is not available on this platform");
        // Whether a cuda run finds a GPU is the workers' business, not this API machine's.
        engine.validate(spec, config.device().equals("cuda") ? config.withDevice("auto") : config);
        checkFits(dataset, model, spec);

        return new Prepared(new RunStore.NewRun(
                experimentId,
                datasetId,
                modelId,
                name,
                config.toJson(),
                config.engine(),
                config.device(),
                priority,
                maxAttempts,
                ownership.ownerForNew(),
                timeoutMinutes));
    }

    /** Queues a prepared run (in the caller's transaction, if any) and answers its id. */
    @Transactional
    public long queue(Prepared prepared) {
        return store.insert(prepared.run);
    }

    /** The most hyperparameters an external run's {@code params} may carry, as JSON text. */
    static final int MAX_PARAMS_CHARS = 64 * 1024;

    static final int MAX_SUMMARY_LENGTH = 2000;

    /**
     * Creates an external run, RUNNING at once and owned by the caller: {@code {"experimentId": 1, "name": "...",
     * "params": {...}}}. Its owner logs its metrics and ends it ({@link #finishExternal}); no worker ever claims it.
     */
    @Transactional
    public RunView createExternal(JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(List.of("experimentId", "name", "params"));
        long experimentId = f.requiredLong("experimentId");
        String name = f.optionalString("name", null);
        if (name != null && name.length() > MAX_NAME_LENGTH)
            throw ApiProblem.badRequest("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        StorableJson.requireNoNul(name, "name");
        JsonNode params = body.get("params");
        if (params != null && !params.isNull() && !params.isObject())
            throw ApiProblem.badRequest("params", "must be a JSON object of hyperparameters, e.g. {\"lr\": 0.001}");
        String paramsJson = params == null || params.isNull() ? "{}" : json.writeValueAsString(params);
        if (paramsJson.length() > MAX_PARAMS_CHARS)
            throw ApiProblem.tooLarge("params", "must be at most " + MAX_PARAMS_CHARS + " characters of JSON");
        if (!experiments.exists(experimentId))
            throw ApiProblem.badRequest("experimentId", "experiment " + experimentId + " does not exist");
        long id = store.insertExternal(experimentId, name, paramsJson, ownership.ownerForNew());
        return queries.get(id);
    }

    /**
     * Ends an external run, by its owner: {@code {"status": "SUCCEEDED" | "FAILED", "summary": "..."}}; the summary
     * becomes its status message.
     */
    @Transactional
    public RunView finishExternal(long id, JsonNode body) {
        RunQueries.Access run = queries.access(id);
        ownership.requireCanChange(run.ownerId(), "run", id);
        JsonFields f = JsonFields.of(body);
        f.allowOnly(List.of("status", "summary"));
        RunStatus status = RunStatus.parse(f.requiredString("status"), "status");
        if (status != RunStatus.SUCCEEDED && status != RunStatus.FAILED)
            throw ApiProblem.badRequest("status", "must be SUCCEEDED or FAILED, got " + status);
        String summary = f.optionalString("summary", null);
        if (summary != null && summary.length() > MAX_SUMMARY_LENGTH)
            throw ApiProblem.badRequest("summary", "must be at most " + MAX_SUMMARY_LENGTH + " characters");
        StorableJson.requireNoNul(summary, "summary");
        if (!run.external()) {
            throw ApiProblem.conflict(
                    "id", "run " + id + " is trained by a worker; only an external run is finished by its owner");
        }
        RunOutcome outcome = status == RunStatus.SUCCEEDED
                ? RunOutcome.succeeded(RunReason.COMPLETED, summary == null ? "finished by its owner" : summary)
                : RunOutcome.failed(RunReason.ERROR, summary == null ? "failed, as its owner reported" : summary);
        if (!store.finishExternal(id, outcome))
            throw ApiProblem.conflict(
                    null, "run " + id + " is already " + queries.access(id).status() + "; it can be finished once");
        return queries.get(id);
    }

    /**
     * A new run like run {@code id}, with the fields in {@code changes} changed (objects such as optimizer are merged).
     */
    @Transactional
    public RunView cloneRun(long id, JsonNode changes) {
        Run r = runs.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "run", id));
        if (RunStore.EXTERNAL_ENGINE.equals(r.getEngine()))
            throw ApiProblem.badRequest("id", "run " + id + " is external (logged from a script); it cannot be cloned");
        if (changes != null && !changes.isNull() && !changes.isObject())
            throw ApiProblem.badRequest("$", "the changes must be a JSON object");
        ObjectNode request = (ObjectNode) json.readTree(r.getConfig());
        request.put("experimentId", r.getExperimentId());
        if (r.getDatasetId() != null) request.put("datasetId", r.getDatasetId());
        request.put("modelId", r.getModelId());
        if (r.getName() != null) request.put("name", r.getName());
        request.put("priority", r.getPriority());
        request.put("maxAttempts", r.getMaxAttempts());
        if (changes != null && changes.isObject()) merge(request, (ObjectNode) changes);
        if (!request.hasNonNull("datasetId")) {
            throw ApiProblem.badRequest(
                    "datasetId",
                    "run " + id + "'s dataset has been deleted; name another in the changes, e.g. {\"datasetId\": 3}");
        }
        return create(request);
    }

    /** A queued run is cancelled at once; a running one is asked to stop, which it does within one batch. */
    @Transactional
    public RunView cancel(long id) {
        ownership.requireCanChange(queries.access(id).ownerId(), "run", id);
        RunStatus status = store.lockStatus(id).orElseThrow(() -> ApiProblem.notFound("id", "run", id));
        if (!status.canMoveTo(RunStatus.CANCELLED)) {
            throw ApiProblem.conflict(
                    null, "run " + id + " is already " + status + "; only QUEUED or RUNNING runs can be cancelled");
        }
        if (status == RunStatus.QUEUED) store.cancelQueued(id);
        // No worker holds an external run to stop it: it ends at once.
        else if (queries.access(id).external())
            store.finishExternal(id, RunOutcome.cancelled(RunReason.CANCELLED_BY_USER, RunStore.USER_CANCEL));
        else store.requestCancel(id);
        return queries.get(id);
    }

    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 100;
    static final int MAX_NOTE_LENGTH = 10_000;
    /** A tag's key (or a plain label): what a filter's {@code tags.<key>} can name. */
    private static final java.util.regex.Pattern TAG_KEY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");

    /**
     * Changes what a user says about a run, in any state: {@code {"name": ..., "tags": [...], "note": ...}}, each field
     * optional, null clearing the name or note. Tags are {@code key=value} or plain labels; they replace the old ones.
     */
    @Transactional
    public RunView annotate(long id, JsonNode body) {
        ownership.requireCanChange(queries.access(id).ownerId(), "run", id);
        JsonFields f = JsonFields.of(body);
        f.allowOnly(RunPatch.class);
        if (!body.has("name") && !body.has("tags") && !body.has("note"))
            throw ApiProblem.badRequest("name", "is required unless tags or note is given (null clears it)");
        if (body.has("name")) {
            String name = f.optionalString("name", null);
            if (name != null && name.length() > MAX_NAME_LENGTH)
                throw ApiProblem.badRequest("name", "must be at most " + MAX_NAME_LENGTH + " characters");
            StorableJson.requireNoNul(name, "name");
            if (!store.rename(id, name)) throw ApiProblem.notFound("id", "run", id);
        }
        List<String> tags = body.has("tags") ? tags(body.get("tags")) : null;
        String note = null;
        if (body.has("note")) {
            note = f.optionalString("note", null);
            if (note != null && note.length() > MAX_NOTE_LENGTH)
                throw ApiProblem.badRequest("note", "must be at most " + MAX_NOTE_LENGTH + " characters");
            StorableJson.requireNoNul(note, "note");
        }
        if ((tags != null || body.has("note")) && !store.annotate(id, tags, note, body.has("note")))
            throw ApiProblem.notFound("id", "run", id);
        return queries.get(id);
    }

    private static List<String> tags(JsonNode node) {
        if (node.isNull()) return List.of();
        if (!node.isArray()) throw ApiProblem.badRequest("tags", "must be an array of strings");
        if (node.size() > MAX_TAGS)
            throw ApiProblem.badRequest("tags", "at most " + MAX_TAGS + " tags, got " + node.size());
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "tags[" + i + "]";
            JsonNode t = node.get(i);
            if (!t.isString()) throw ApiProblem.badRequest(at, "must be a string");
            String tag = t.asString().strip();
            if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH)
                throw ApiProblem.badRequest(at, "must be 1 to " + MAX_TAG_LENGTH + " characters");
            StorableJson.requireNoNul(tag, at);
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (!TAG_KEY.matcher(key).matches())
                throw ApiProblem.badRequest(
                        at,
                        "'" + key + "' is not a tag key: a letter or _ then letters, digits and _ . / - (a tag is"
                                + " key=value or a plain label)");
            if (tag.chars().anyMatch(Character::isISOControl))
                throw ApiProblem.badRequest(at, "must not contain control characters");
            out.add(tag);
        }
        return List.copyOf(out);
    }

    /** Deletes a run that is not running, with its metrics, checkpoint and latest values. */
    @Transactional
    public void delete(long id) {
        ownership.requireCanChange(queries.access(id).ownerId(), "run", id);
        RunStatus status = store.lockStatus(id).orElseThrow(() -> ApiProblem.notFound("id", "run", id));
        // Its worker would go on writing metrics and checkpoints for a run that is gone.
        if (status == RunStatus.RUNNING) {
            throw ApiProblem.conflict(
                    null,
                    "run " + id + " is RUNNING; cancel it first (POST /api/runs/" + id + "/cancel), then delete it");
        }
        store.delete(id);
    }

    /** The dataset's samples must fill the model's input, and its classes fit the model's outputs. */
    private void checkFits(DatasetRecord dataset, ModelConfig model, ModelSpec spec) {
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
            int[] out = models.outputShape(model);
            int outputs = out.length == 0 ? 0 : out[out.length - 1];
            if (outputs < dataset.getNumClasses()) {
                throw ApiProblem.badRequest(
                        "modelId",
                        "model " + model.getId() + " has " + outputs + " outputs but dataset " + dataset.getId()
                                + " has " + dataset.getNumClasses() + " classes");
            }
        }
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
