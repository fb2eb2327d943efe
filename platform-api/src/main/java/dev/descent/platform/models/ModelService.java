package dev.descent.platform.models;

import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.Paging;
import dev.descent.platform.web.StorableJson;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.ConfigException;
import dev.descent.spec.LayerSummary;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.ModelSummary;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Stores model specs as immutable, versioned configs, each validated by inferring its shapes. */
@Service
public class ModelService {
    static final int MAX_NAME_LENGTH = 200;

    private final ModelRepository models;
    private final JsonMapper json;
    private final Ownership ownership;
    private final ModelUsage usage;

    ModelService(ModelRepository models, JsonMapper json, Ownership ownership, ModelUsage usage) {
        this.models = models;
        this.json = json;
        this.ownership = ownership;
        this.usage = usage;
    }

    /**
     * Renames model {@code id} — all versions of its name, which are one model — by its owner or an admin:
     * {@code {"name": "..."}}. A name another model has is refused with 409.
     */
    @Transactional
    public ModelView rename(long id, JsonNode body) {
        ModelConfig m = models.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "model", id));
        ownership.requireCanChange(m.getOwnerId(), "model", id);
        JsonFields f = JsonFields.of(body);
        f.allowOnly(List.of("name"));
        String name = f.requiredString("name");
        if (name.isBlank()) throw ApiProblem.badRequest("name", "must not be blank");
        if (name.length() > MAX_NAME_LENGTH)
            throw ApiProblem.badRequest("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        StorableJson.requireNoNul(name, "name");
        if (name.equals(m.getName())) return get(id);
        if (models.existsByName(name))
            throw ApiProblem.conflict("name", "a model called '" + name + "' already exists");
        models.rename(m.getName(), name);
        return get(id);
    }

    /**
     * Deletes one version of a model, by its owner or an admin, while no run uses it; one that runs use is refused with
     * 409 naming them (a run keeps the model it trained, so its results stay reproducible).
     */
    @Transactional
    public void delete(long id) {
        ModelConfig m = models.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "model", id));
        ownership.requireCanChange(m.getOwnerId(), "model", id);
        List<Long> runs = usage.runsOf(id, 10);
        if (!runs.isEmpty()) {
            throw ApiProblem.conflict(
                    "id",
                    "model " + id + " is used by runs "
                            + runs.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + (runs.size() == 10 ? " and more" : "")
                            + "; delete them first (DELETE /api/runs/{id})");
        }
        models.deleteVersion(id);
    }

    public Optional<ModelConfig> find(long id) {
        return models.findById(id);
    }

    /** One model with its name's versions; 404 naming {@code id} when there is none. */
    public ModelView get(long id) {
        ModelConfig m = models.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "model", id));
        List<ModelView.Version> versions = models.findByNameOrderByVersion(m.getName()).stream()
                .map(v -> new ModelView.Version(v.getId(), v.getVersion()))
                .toList();
        return view(m, versions);
    }

    /** Newest first, optionally only the versions of one name. */
    public PageView<ModelView> list(String name, int page, int size) {
        PageRequest request = Paging.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Page<ModelConfig> found = name == null ? models.findAll(request) : models.findByName(name, request);
        return PageView.of(found, m -> view(m, null));
    }

    /** The shape of the model's output for one sample, as building its spec inferred it. */
    public int[] outputShape(ModelConfig m) {
        JsonNode out = json.readTree(m.getSummary()).get("outputShape");
        if (out == null) return new int[0];
        int[] shape = new int[out.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = out.get(i).asInt();
        return shape;
    }

    /** A stored model and whether this call created it (false: the same spec was already the latest version). */
    public record Stored(ModelConfig model, boolean created) {}

    /**
     * Stores the spec as the next version of its name, or returns the latest version when it is the same spec. Refuses,
     * naming the field, a spec that does not parse or whose layers do not fit.
     */
    @Transactional
    public Stored create(JsonNode specJson) {
        if (specJson == null || !specJson.isObject())
            throw ApiProblem.badRequest("$", "the request body must be a model spec (a JSON object)");
        ModelSpec spec = ModelSpec.fromJson(specJson.toString());
        if (spec.name().length() > MAX_NAME_LENGTH)
            throw ApiProblem.badRequest("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        // Building the spec's shapes with training-core's own builder: the API accepts exactly what the trainer can
        // build.
        ModelSummary summary = ModelPlan.of(spec).summary();
        String canonical = json.readTree(spec.json()).toString();
        Optional<ModelConfig> latest = models.findFirstByNameOrderByVersionDesc(spec.name());
        if (latest.isPresent() && json.readTree(latest.get().getSpec()).equals(json.readTree(canonical))) {
            return new Stored(latest.get(), false);
        }
        // A name's versions are one model: only its owner (or an admin) adds one.
        latest.ifPresent(m -> ownership.requireCanChange(m.getOwnerId(), "model '" + m.getName() + "'", m.getId()));
        int version = latest.map(m -> m.getVersion() + 1).orElse(1);
        ModelConfig m = models.save(new ModelConfig(
                spec.name(),
                version,
                canonical,
                summary.totalParams(),
                summaryJson(summary),
                latest.map(ModelConfig::getOwnerId).orElse(ownership.ownerForNew())));
        return new Stored(m, true);
    }

    /** What building a spec infers, without storing anything: the spec as stored, and its shapes and parameters. */
    public record Preview(String name, JsonNode spec, JsonNode summary) {}

    /**
     * Builds the spec's shapes as {@link #create} would and answers them without storing a version, so a spec can be
     * checked as it is written. Refuses a bad spec exactly as {@link #create} does, naming the field.
     */
    public Preview preview(JsonNode specJson) {
        if (specJson == null || !specJson.isObject())
            throw ApiProblem.badRequest("$", "the request body must be a model spec (a JSON object)");
        ModelSpec spec = ModelSpec.fromJson(specJson.toString());
        ModelSummary summary = ModelPlan.of(spec).summary();
        return new Preview(spec.name(), json.readTree(spec.json()), json.readTree(summaryJson(summary)));
    }

    /** A model spec that ships with Descent (the CLI's {@code --model} names), to start from. */
    public record Builtin(String name, JsonNode spec) {}

    public List<Builtin> builtins() {
        return BuiltinModels.names().stream()
                .map(n -> new Builtin(n, json.readTree(BuiltinModels.json(n))))
                .toList();
    }

    /** The next version of model {@code id}'s name, from an edited spec (its name is the stored model's). */
    @Transactional
    public Stored newVersion(long id, JsonNode specJson) {
        ModelConfig base = models.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "model", id));
        if (specJson == null || !specJson.isObject())
            throw ApiProblem.badRequest("$", "the request body must be a model spec (a JSON object)");
        ObjectNode renamed = ((ObjectNode) specJson).deepCopy();
        renamed.put("name", base.getName());
        return create(renamed);
    }

    /** The model spec a run trains; a stored spec always parses. */
    public ModelSpec spec(ModelConfig m) {
        try {
            return ModelSpec.fromJson(m.getSpec());
        } catch (ConfigException e) {
            throw new IllegalStateException("stored model " + m.getId() + " no longer parses: " + e.getMessage(), e);
        }
    }

    private ModelView view(ModelConfig m, List<ModelView.Version> versions) {
        JsonNode summary = json.readTree(m.getSummary());
        return new ModelView(
                m.getId(),
                m.getName(),
                m.getVersion(),
                json.readTree(m.getSpec()),
                m.getParameters(),
                summary.get("outputShape"),
                summary.get("layers"),
                m.getCreatedAt(),
                versions);
    }

    private String summaryJson(ModelSummary s) {
        ObjectNode root = json.createObjectNode();
        ArrayNode layers = root.putArray("layers");
        for (LayerSummary l : s.layers()) {
            ObjectNode o = layers.addObject();
            o.put("index", l.index());
            o.put("type", l.type());
            ArrayNode shape = o.putArray("outputShape");
            for (int d : l.outputShape()) shape.add(d);
            o.put("params", l.params());
        }
        ArrayNode out = root.putArray("outputShape");
        for (int d : s.outputShape()) out.add(d);
        root.put("parameters", s.totalParams());
        return root.toString();
    }
}
