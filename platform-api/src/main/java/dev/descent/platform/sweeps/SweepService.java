package dev.descent.platform.sweeps;

import dev.descent.data.DataSplits;
import dev.descent.platform.datasets.DatasetLoader;
import dev.descent.platform.models.ModelService;
import dev.descent.platform.runs.RunReason;
import dev.descent.platform.runs.RunService;
import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.StorableJson;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sweeps from request to verdict: expands a request into run configs, validates every one of them exactly as a single
 * run's submission is validated (so one bad value is refused with the parameter at fault before anything is queued),
 * queues them all in one transaction, cancels them, and reads back the best run, each parameter's importance and the
 * shoot-out's ranking.
 */
@Service
public class SweepService {
    static final int MAX_RUNS = 1_000;
    static final int MAX_OPTIMIZERS = 16;
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_./-]{1,200}");
    private static final SecureRandom SEEDS = new SecureRandom();

    private final SweepStore store;
    private final RunService runs;
    private final ModelService models;
    private final DatasetLoader datasets;
    private final Ownership ownership;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    SweepService(
            SweepStore store,
            RunService runs,
            ModelService models,
            DatasetLoader datasets,
            Ownership ownership,
            TransactionTemplate tx,
            JsonMapper json) {
        this.store = store;
        this.runs = runs;
        this.models = models;
        this.datasets = datasets;
        this.ownership = ownership;
        this.tx = tx;
        this.json = json;
    }

    /** A parsed request; {@code spec} is what gets stored. */
    record Request(
            SweepKind kind,
            long experimentId,
            String name,
            ObjectNode base,
            SweepSpace space,
            int maxRuns,
            long seed,
            String metric,
            Goal goal,
            Asha asha,
            List<ObjectNode> optimizers,
            JsonNode lrs,
            Double target,
            ObjectNode spec) {}

    /** The configs a request makes, as the flattened swept values of each run. */
    public record Preview(int count, List<Map<String, JsonNode>> configs) {}

    /** What {@code body} would create, validated, with nothing stored (a shoot-out's "auto" rates are not measured). */
    public Preview preview(JsonNode body) {
        Request r = parse(body);
        List<Map<String, JsonNode>> values = expand(r, Map.of());
        validate(r, values);
        return new Preview(values.size(), values);
    }

    /** Validates every run of the sweep, then creates the sweep and queues its runs in one transaction. */
    public SweepView create(JsonNode body) {
        Request r = parse(body);
        List<Map<String, JsonNode>> values = expand(r, Map.of());
        List<RunService.Prepared> prepared = validate(r, values);
        ObjectNode shootout = null;
        if (r.kind() == SweepKind.OPTIMIZER_SHOOTOUT
                && r.lrs() != null
                && r.lrs().isString()) {
            // Measured once every run is known to be valid; each test trains from the sweep's own seed and data.
            shootout = json.createObjectNode();
            Map<String, Double> found = rangeTests(r, shootout);
            values = expand(r, found);
            prepared = validate(r, values);
        }
        List<RunService.Prepared> toQueue = prepared;
        String shootoutJson = shootout == null ? null : shootout.toString();
        Long owner = ownership.ownerForNew();
        long id = tx.execute(s -> {
            long sweepId = store.insert(new SweepStore.Row(
                    0,
                    r.experimentId(),
                    owner,
                    r.name(),
                    r.kind(),
                    SweepStatus.QUEUED,
                    r.spec().toString(),
                    r.metric(),
                    r.goal(),
                    r.seed(),
                    r.maxRuns(),
                    shootoutJson,
                    null));
            List<Long> ids = new ArrayList<>();
            for (RunService.Prepared p : toQueue) ids.add(runs.queue(p));
            store.attach(sweepId, ids);
            return sweepId;
        });
        return get(id);
    }

    public SweepView get(long id) {
        return view(store.find(id).orElseThrow(() -> ApiProblem.notFound("id", "sweep", id)));
    }

    public PageView<SweepView> list(Long experimentId, int page, int size) {
        if (page < 0) throw ApiProblem.badRequest("page", "must be >= 0, got " + page);
        if (size < 1 || size > 100) throw ApiProblem.badRequest("size", "must be between 1 and 100, got " + size);
        if ((long) page * size > Integer.MAX_VALUE) throw ApiProblem.badRequest("page", "is too large");
        long total = store.count(experimentId);
        List<SweepView> content =
                store.page(experimentId, page, size).stream().map(this::view).toList();
        return new PageView<>(content, page, size, total, (int) Math.ceilDiv(total, (long) size));
    }

    /** Cancels every queued and running run of the sweep, each as a user's cancel of that run would. */
    public SweepView cancel(long id) {
        SweepStore.Row sweep = store.find(id).orElseThrow(() -> ApiProblem.notFound("id", "sweep", id));
        ownership.requireCanChange(sweep.ownerId(), "sweep", id);
        store.setStatus(id, SweepStatus.CANCELLED);
        for (SweepStore.RunRow run : store.runs(id)) {
            if (run.status().isFinal()) continue;
            try {
                runs.cancel(run.id());
            } catch (ApiProblem e) {
                // It ended between the read and the cancel: nothing left to stop.
                if (e.status() != HttpStatus.CONFLICT && e.status() != HttpStatus.NOT_FOUND) throw e;
            }
        }
        return get(id);
    }

    /** Deletes a sweep with all its runs; refused while any of them is queued or running. */
    public void delete(long id) {
        SweepStore.Row sweep = store.find(id).orElseThrow(() -> ApiProblem.notFound("id", "sweep", id));
        ownership.requireCanChange(sweep.ownerId(), "sweep", id);
        tx.executeWithoutResult(s -> {
            List<SweepStore.RunRow> all = store.runs(id);
            if (all.stream().anyMatch(r -> !r.status().isFinal()))
                throw ApiProblem.conflict(
                        null,
                        "sweep " + id + " has runs still queued or running; cancel it first (POST /api/sweeps/" + id
                                + "/cancel)");
            for (SweepStore.RunRow r : all) runs.delete(r.id());
            store.delete(id);
        });
    }

    // ---- requests ------------------------------------------------------------------------------

    Request parse(JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(SweepRequest.class);
        if (f.has("kind") && f.has("strategy") && !body.get("kind").equals(body.get("strategy")))
            throw ApiProblem.badRequest("strategy", "is another name for kind; give one of them");
        String kindText = f.has("kind") ? f.requiredString("kind") : f.optionalString("strategy", null);
        if (kindText == null) throw ApiProblem.badRequest("kind", "is required: grid, random or optimizer-shootout");
        SweepKind kind = SweepKind.parse(kindText, f.has("kind") ? "kind" : "strategy");
        long experimentId = f.requiredLong("experimentId");
        String name = f.optionalString("name", null);
        if (name != null && name.length() > 200) throw ApiProblem.badRequest("name", "must be at most 200 characters");
        StorableJson.requireNoNul(name, "name");
        JsonNode baseNode = body.get("base");
        if (!(baseNode instanceof ObjectNode base))
            throw ApiProblem.badRequest(
                    "base", "is required: the run config every run starts from (as POST /api/runs takes it)");
        if (base.has("experimentId")
                && !(base.get("experimentId").canConvertToLong()
                        && base.get("experimentId").asLong() == experimentId))
            throw ApiProblem.badRequest("base.experimentId", "must be the sweep's experimentId, or left out");
        String metric = f.optionalString("metric", "val/loss");
        if (!METRIC.matcher(metric).matches())
            throw ApiProblem.badRequest("metric", "must be a metric key such as val/accuracy, got '" + metric + "'");
        Goal goal = f.has("goal") ? Goal.parse(f.requiredString("goal"), "goal") : Goal.implied(metric);
        long seed;
        if (f.has("seed")) {
            if (!body.get("seed").isIntegralNumber() || !body.get("seed").canConvertToLong())
                throw ApiProblem.badRequest("seed", "must be an integer, got " + body.get("seed"));
            seed = body.get("seed").asLong();
        } else {
            // Below 2^53: a browser reads JSON numbers as doubles, and a seed it rounded would not repeat the sweep.
            seed = SEEDS.nextLong() >>> 11;
        }
        Asha asha = Asha.parse(body.get("earlyStopping"));
        Double target = null;
        if (f.has("target")) {
            if (!body.get("target").isNumber()
                    || !Double.isFinite(body.get("target").asDouble()))
                throw ApiProblem.badRequest("target", "must be a finite number");
            target = body.get("target").asDouble();
        }

        SweepSpace space = null;
        List<ObjectNode> optimizers = List.of();
        JsonNode lrs = null;
        int maxRuns;
        if (kind == SweepKind.OPTIMIZER_SHOOTOUT) {
            if (f.has("parameters"))
                throw ApiProblem.badRequest("parameters", "a shoot-out varies only the optimizer; use optimizers");
            optimizers = optimizers(body.get("optimizers"));
            lrs = lrs(body.get("lrs"), optimizers);
            maxRuns = f.optionalInt("maxRuns", optimizers.size(), 1, MAX_RUNS);
            if (maxRuns < optimizers.size())
                throw ApiProblem.badRequest(
                        "maxRuns", "is " + maxRuns + " but there are " + optimizers.size() + " optimizers");
        } else {
            if (f.has("optimizers") || f.has("lrs"))
                throw ApiProblem.badRequest(
                        f.has("optimizers") ? "optimizers" : "lrs", "is for kind optimizer-shootout only");
            space = SweepSpace.parse(body.get("parameters"));
            if (kind == SweepKind.RANDOM && !f.has("maxRuns"))
                throw ApiProblem.badRequest("maxRuns", "is required for a random sweep: how many configs to draw");
            maxRuns = f.optionalInt("maxRuns", MAX_RUNS, 1, MAX_RUNS);
        }
        ObjectNode spec = ((ObjectNode) body).deepCopy();
        spec.put("kind", kind.value());
        spec.remove("strategy");
        spec.put("seed", seed);
        spec.put("metric", metric);
        spec.put("goal", goal.value());
        spec.put("maxRuns", maxRuns);
        return new Request(
                kind,
                experimentId,
                name,
                base,
                space,
                maxRuns,
                seed,
                metric,
                goal,
                asha,
                optimizers,
                lrs,
                target,
                spec);
    }

    private static List<ObjectNode> optimizers(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_OPTIMIZERS)
            throw ApiProblem.badRequest(
                    "optimizers",
                    "must list 1 to " + MAX_OPTIMIZERS + " optimizers, e.g. [\"sgd\", \"momentum\", \"rmsprop\","
                            + " \"adam\"] or objects such as {\"type\": \"momentum\", \"beta\": 0.9}");
        List<ObjectNode> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode o = node.get(i);
            ObjectNode opt;
            if (o.isString()) {
                opt = JsonNodeFactory.instance.objectNode();
                opt.put("type", o.asString());
            } else if (o instanceof ObjectNode obj
                    && obj.has("type")
                    && obj.get("type").isString()) {
                opt = obj.deepCopy();
            } else {
                throw ApiProblem.badRequest("optimizers[" + i + "]", "must be a name or an object with a type");
            }
            String label = label(opt);
            if (label.length() > 200 || !seen.add(label))
                throw ApiProblem.badRequest("optimizers[" + i + "]", "'" + label + "' is listed twice");
            out.add(opt);
        }
        return out;
    }

    /** How a shoot-out names an optimizer: its type, or its type and options when it has any. */
    static String label(ObjectNode optimizer) {
        ObjectNode rest = optimizer.deepCopy();
        rest.remove("type");
        rest.remove("lr");
        String type = optimizer.get("type").asString();
        return rest.isEmpty() ? type : type + " " + rest;
    }

    private static JsonNode lrs(JsonNode node, List<ObjectNode> optimizers) {
        if (node == null || node.isNull()) return null;
        if (node.isString()) {
            if (!node.asString().equals("auto"))
                throw ApiProblem.badRequest("lrs", "must be \"auto\" or a map from optimizer to learning rate");
            return node;
        }
        if (!node.isObject())
            throw ApiProblem.badRequest("lrs", "must be \"auto\" or a map from optimizer to learning rate");
        Set<String> labels = optimizers.stream().map(SweepService::label).collect(Collectors.toSet());
        for (var e : node.properties()) {
            if (!labels.contains(e.getKey()))
                throw ApiProblem.badRequest("lrs." + e.getKey(), "is not one of the optimizers");
            if (!e.getValue().isNumber())
                throw ApiProblem.badRequest("lrs." + e.getKey(), "must be a number, got " + e.getValue());
        }
        return node;
    }

    /**
     * Each run's swept values; a shoot-out's learning rates from {@code lrs}, or "auto"'s found ones in {@code found}.
     */
    List<Map<String, JsonNode>> expand(Request r, Map<String, Double> found) {
        return switch (r.kind()) {
            case GRID -> r.space().grid(r.maxRuns());
            case RANDOM -> r.space().random(r.maxRuns(), r.seed());
            case OPTIMIZER_SHOOTOUT -> {
                List<Map<String, JsonNode>> out = new ArrayList<>();
                for (ObjectNode opt : r.optimizers()) {
                    ObjectNode o = opt.deepCopy();
                    String label = label(opt);
                    if (found.containsKey(label)) o.put("lr", found.get(label));
                    else if (r.lrs() != null && r.lrs().isObject() && r.lrs().has(label))
                        o.set("lr", r.lrs().get(label));
                    else if (!o.has("lr") && r.base().get("optimizer") instanceof ObjectNode b && b.has("lr"))
                        o.set("lr", b.get("lr"));
                    Map<String, JsonNode> values = new LinkedHashMap<>();
                    values.put("optimizer", o);
                    out.add(values);
                }
                yield out;
            }
        };
    }

    /** The request for run {@code i}: the base with the run's values applied. */
    private ObjectNode runBody(Request r, Map<String, JsonNode> values, int i, int n) {
        ObjectNode body = SweepSpace.apply(r.base(), values);
        body.put("experimentId", r.experimentId());
        if (!r.base().has("name")) {
            String label = values.entrySet().stream()
                    .map(e -> e.getKey().equals("optimizer") && e.getValue() instanceof ObjectNode o
                            ? label(o)
                            : e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            String prefix = (r.name() == null ? "sweep" : r.name()) + " #" + (i + 1) + "/" + n + " ";
            body.put("name", (prefix + label).length() > 200 ? (prefix + label).substring(0, 200) : prefix + label);
        }
        return body;
    }

    /** Every run checked as {@code POST /api/runs} checks one; the first refusal names the swept parameter. */
    private List<RunService.Prepared> validate(Request r, List<Map<String, JsonNode>> values) {
        List<RunService.Prepared> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            ObjectNode body = runBody(r, values.get(i), i, values.size());
            try {
                out.add(runs.prepare(body));
            } catch (ApiProblem e) {
                if (e.status() != HttpStatus.BAD_REQUEST) throw e;
                throw refusal(r, values.get(i), i, values.size(), e.field(), e.getMessage());
            } catch (ConfigException e) {
                throw refusal(r, values.get(i), i, values.size(), e.field(), e.reason());
            }
        }
        return out;
    }

    private static ApiProblem refusal(
            Request r, Map<String, JsonNode> values, int i, int n, String field, String detail) {
        String at = field == null ? "$" : field;
        String param = null;
        for (String path : values.keySet()) {
            if (at.equals(path) || at.startsWith(path + ".") || path.startsWith(at + ".")) param = path;
        }
        String named;
        if (param == null) named = "base." + at;
        else if (r.kind() == SweepKind.OPTIMIZER_SHOOTOUT)
            named = at.equals("optimizer.lr") && r.lrs() != null && r.lrs().isObject()
                    ? "lrs." + label((ObjectNode) values.get("optimizer"))
                    : "optimizers[" + i + "]" + (at.startsWith("optimizer.") ? at.substring("optimizer".length()) : "");
        else named = "parameters." + param;
        String which = values.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", "));
        return ApiProblem.badRequest(
                named, "run " + (i + 1) + " of " + n + " (" + which + ") is refused: " + at + " " + detail);
    }

    /** Runs a range test per optimizer, records the curves in {@code into}, and answers the rate chosen for each. */
    private Map<String, Double> rangeTests(Request r, ObjectNode into) {
        ObjectNode base = runBody(r, Map.of(), 0, 1);
        long modelId = base.get("modelId").asLong();
        long datasetId = base.get("datasetId").asLong();
        ModelSpec spec = models.spec(models.find(modelId)
                .orElseThrow(() -> ApiProblem.badRequest("base.modelId", "model " + modelId + " does not exist")));
        DataSplits data = datasets.load(datasetId);
        ObjectNode configJson = json.createObjectNode();
        for (String field :
                List.of("batchSize", "epochs", "seed", "valSplit", "device", "clipGradNorm", "earlyStoppingPatience")) {
            if (base.has(field)) configJson.set(field, base.get(field));
        }
        // The base's own optimizer is replaced by each one under test, at the range test's starting rate.
        ObjectNode placeholder = r.optimizers().getFirst().deepCopy();
        placeholder.put("lr", LrRangeTest.MIN_LR);
        configJson.set("optimizer", placeholder);
        TrainConfig config = TrainConfig.fromJson(configJson);
        Map<String, Double> found = new LinkedHashMap<>();
        var curve = into.putArray("lrRangeTest");
        var chosen = into.putObject("lrs");
        for (ObjectNode opt : r.optimizers()) {
            LrRangeTest.Result result = LrRangeTest.run(
                    spec,
                    data,
                    config,
                    opt,
                    LrRangeTest.BUDGET_NANOS / r.optimizers().size());
            String label = label(opt);
            found.put(label, result.suggested());
            chosen.put(label, result.suggested());
            for (LrRangeTest.Point p : result.curve()) {
                ObjectNode point = curve.addObject();
                point.put("optimizer", label);
                point.put("lr", p.lr());
                point.put("loss", Double.isFinite(p.loss()) ? p.loss() : null);
            }
        }
        return found;
    }

    // ---- views ---------------------------------------------------------------------------------

    private SweepView view(SweepStore.Row s) {
        JsonNode spec = json.readTree(s.spec());
        List<SweepStore.RunRow> all = store.runs(s.id());
        List<Long> ids = all.stream().map(SweepStore.RunRow::id).toList();
        Map<Long, SweepStore.Point> best = ids.isEmpty() ? Map.of() : store.best(ids, s.metric(), s.goal());
        Map<Long, Integer> rungs = store.rungs(s.id());
        List<String> paths = s.kind() == SweepKind.OPTIMIZER_SHOOTOUT
                ? List.of("optimizer.type", "optimizer.lr")
                : SweepSpace.parse(spec.get("parameters")).paths();

        SweepStatus status = SweepStatus.of(
                all.stream().map(SweepStore.RunRow::status).toList(), s.status() == SweepStatus.CANCELLED);
        if (status != s.status()) store.setStatus(s.id(), status);

        List<SweepView.SweepRun> runViews = new ArrayList<>();
        Map<String, List<Object>> importanceValues = new LinkedHashMap<>();
        List<Double> importanceMetric = new ArrayList<>();
        SweepView.Best bestRun = null;
        for (SweepStore.RunRow run : all) {
            JsonNode config = json.readTree(run.config());
            Map<String, JsonNode> params = new LinkedHashMap<>();
            for (String p : paths) params.put(p, SweepSpace.at(config, p));
            SweepStore.Point b = best.get(run.id());
            runViews.add(new SweepView.SweepRun(
                    run.id(),
                    run.name(),
                    run.status(),
                    run.message(),
                    run.reason(),
                    params,
                    b == null ? null : b.value(),
                    b == null ? null : b.step(),
                    rungs.get(run.id()),
                    run.reason() == RunReason.STOPPED_EARLY));
            if (b == null) continue;
            if (bestRun == null || s.goal().better(b.value(), bestRun.value()))
                bestRun = new SweepView.Best(run.id(), b.value(), b.step());
            for (String p : paths) {
                JsonNode v = params.get(p);
                importanceValues
                        .computeIfAbsent(p, k -> new ArrayList<>())
                        .add(v == null ? "null" : v.isNumber() ? (Object) v.asDouble() : v.toString());
            }
            importanceMetric.add(b.value());
        }
        return new SweepView(
                s.id(),
                s.experimentId(),
                s.name(),
                s.kind().value(),
                status,
                s.metric(),
                s.goal().value(),
                spec.get("parameters"),
                spec.get("earlyStopping"),
                s.maxRuns(),
                s.seed(),
                s.createdAt(),
                runViews,
                bestRun,
                Importance.of(importanceValues, importanceMetric),
                s.kind() == SweepKind.OPTIMIZER_SHOOTOUT ? shootout(s, spec, all, best) : null);
    }

    private SweepView.Shootout shootout(
            SweepStore.Row s, JsonNode spec, List<SweepStore.RunRow> all, Map<Long, SweepStore.Point> best) {
        List<Long> ids = all.stream().map(SweepStore.RunRow::id).toList();
        Double target = spec.has("target") ? spec.get("target").asDouble() : null;
        if (target == null && !best.isEmpty() && best.size() == all.size()) {
            // The level every run reached: the worst of their bests.
            target = best.values().stream()
                    .map(SweepStore.Point::value)
                    .reduce((a, b) -> s.goal().better(a, b) ? b : a)
                    .orElse(null);
        }
        Map<Long, SweepStore.Point> reached =
                target == null || ids.isEmpty() ? Map.of() : store.firstReaching(ids, s.metric(), s.goal(), target);
        Map<Long, SweepStore.Point> last = ids.isEmpty() ? Map.of() : store.last(ids, s.metric());
        List<SweepView.Ranked> ranking = new ArrayList<>();
        for (SweepStore.RunRow run : all) {
            JsonNode opt = json.readTree(run.config()).get("optimizer");
            ObjectNode o = opt instanceof ObjectNode on ? on : json.createObjectNode();
            SweepStore.Point b = best.get(run.id());
            SweepStore.Point l = last.get(run.id());
            SweepStore.Point at = reached.get(run.id());
            ranking.add(new SweepView.Ranked(
                    o.has("type") ? label(o) : null,
                    run.id(),
                    o.has("lr") ? o.get("lr").asDouble() : null,
                    b == null ? null : b.value(),
                    l == null ? null : l.value(),
                    l != null && run.status().isFinal() ? l.value() : null,
                    at == null ? null : at.step(),
                    at == null || run.startedAt() == null
                            ? null
                            : Math.max(
                                            0,
                                            at.at().toEpochMilli()
                                                    - run.startedAt().toEpochMilli())
                                    / 1000.0));
        }
        Comparator<SweepView.Ranked> byBest = Comparator.comparing(
                SweepView.Ranked::best,
                Comparator.nullsLast((Double a, Double b) ->
                        s.goal() == Goal.MAXIMIZE ? Double.compare(b, a) : Double.compare(a, b)));
        ranking.sort(
                byBest.thenComparing(SweepView.Ranked::stepsToTarget, Comparator.nullsLast(Comparator.naturalOrder())));
        List<SweepView.LrPoint> curve = new ArrayList<>();
        if (s.shootout() != null) {
            for (JsonNode p : json.readTree(s.shootout()).path("lrRangeTest")) {
                if (p.get("loss").isNull()) continue;
                curve.add(new SweepView.LrPoint(
                        p.get("optimizer").asString(),
                        p.get("lr").asDouble(),
                        p.get("loss").asDouble()));
            }
        }
        String bySteps = ranking.stream()
                .filter(x -> x.stepsToTarget() != null)
                .min(Comparator.comparing(SweepView.Ranked::stepsToTarget))
                .map(SweepView.Ranked::optimizer)
                .orElse(null);
        String bySeconds = ranking.stream()
                .filter(x -> x.secondsToTarget() != null)
                .min(Comparator.comparing(SweepView.Ranked::secondsToTarget))
                .map(SweepView.Ranked::optimizer)
                .orElse(null);
        return new SweepView.Shootout(target, ranking, curve, bySteps, bySeconds);
    }
}
