package dev.descent.platform.models;

import dev.descent.platform.config.ApiProblem;
import dev.descent.train.ConfigException;
import dev.descent.train.LayerSummary;
import dev.descent.train.ModelBuilder;
import dev.descent.train.ModelSpec;
import dev.descent.train.ModelSummary;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Stores model specs as immutable, versioned configs, each validated by inferring its shapes. */
@Service
public class ModelService {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelRepository models;

    ModelService(ModelRepository models) {
        this.models = models;
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
        // Building the spec's shapes with training-core's own builder: the API accepts exactly what the trainer can
        // build.
        ModelSummary summary = ModelBuilder.summarize(spec);
        String canonical = JSON.readTree(spec.json()).toString();
        Optional<ModelConfig> latest = models.findFirstByNameOrderByVersionDesc(spec.name());
        if (latest.isPresent() && JSON.readTree(latest.get().getSpec()).equals(JSON.readTree(canonical))) {
            return new Stored(latest.get(), false);
        }
        int version = latest.map(m -> m.getVersion() + 1).orElse(1);
        ModelConfig m = models.save(
                new ModelConfig(spec.name(), version, canonical, summary.totalParams(), summaryJson(summary)));
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
        ModelSummary summary = ModelBuilder.summarize(spec);
        return new Preview(spec.name(), JSON.readTree(spec.json()), JSON.readTree(summaryJson(summary)));
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

    private static String summaryJson(ModelSummary s) {
        ObjectNode root = JSON.createObjectNode();
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
