package dev.descent.platform.runs;

import dev.descent.platform.datasets.DatasetUsage;
import dev.descent.platform.models.ModelUsage;
import dev.descent.platform.security.LeaseTokens;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.Paging;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads runs for the API, each with its latest metric values (one query per page for those). */
@Component
public class RunQueries implements DatasetUsage, ModelUsage, LeaseTokens {
    static final List<String> SORTABLE =
            List.of("id", "createdAt", "queuedAt", "startedAt", "finishedAt", "priority", "status", "attempt", "name");

    private final RunRepository runs;
    private final LatestMetrics latestMetrics;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    RunQueries(RunRepository runs, LatestMetrics latestMetrics, JdbcTemplate jdbc, JsonMapper json) {
        this.runs = runs;
        this.latestMetrics = latestMetrics;
        this.jdbc = jdbc;
        this.json = json;
    }

    public record Filter(Long experimentId, List<RunStatus> statuses, Long modelId, Long datasetId) {}

    public RunView get(long id) {
        Run r = runs.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "run", id));
        return view(r, latestMetrics.of(List.of(id)).getOrDefault(id, Map.of()));
    }

    @Override
    public OptionalLong runHeldBy(String tokenHash) {
        return jdbc
                .queryForList(
                        "select id from runs where lease_token_hash = ? and status = 'RUNNING'", Long.class, tokenHash)
                .stream()
                .mapToLong(Long::longValue)
                .findFirst();
    }

    /** Who owns a run and where it stands: what a check before changing it needs. */
    public record Access(Long ownerId, RunStatus status, String engine) {
        /** Logged from its owner's own script ({@code POST /api/runs/external}), not trained by a worker. */
        public boolean external() {
            return RunStore.EXTERNAL_ENGINE.equals(engine);
        }
    }

    /** The run's owner and status; a 404 naming {@code id} when there is no such run. */
    public Access access(long id) {
        return jdbc
                .query(
                        "select owner_id, status, engine from runs where id = ?",
                        (rs, i) -> new Access(
                                rs.getObject(1, Long.class), RunStatus.valueOf(rs.getString(2)), rs.getString(3)),
                        id)
                .stream()
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("id", "run", id));
    }

    /** Refuses with a 404 naming {@code id} when there is no such run. */
    public void requireExists(long id) {
        if (!runs.existsById(id)) throw ApiProblem.notFound("id", "run", id);
    }

    public List<RunView> forExperiment(long experimentId) {
        return views(runs.findByExperimentIdOrderByCreatedAtDescIdDesc(experimentId));
    }

    /** {@code sort} is {@code field} or {@code field,asc|desc}; ties are broken by id, newest first. */
    public PageView<RunView> list(Filter filter, String sort, int page, int size) {
        Specification<Run> spec = Specification.unrestricted();
        if (filter.experimentId() != null)
            spec = spec.and((r, q, cb) -> cb.equal(r.get("experimentId"), filter.experimentId()));
        if (filter.modelId() != null) spec = spec.and((r, q, cb) -> cb.equal(r.get("modelId"), filter.modelId()));
        if (filter.datasetId() != null) spec = spec.and((r, q, cb) -> cb.equal(r.get("datasetId"), filter.datasetId()));
        if (filter.statuses() != null && !filter.statuses().isEmpty())
            spec = spec.and((r, q, cb) -> r.get("status").in(filter.statuses()));
        Page<Run> found = runs.findAll(spec, Paging.of(page, size, sort(sort)));
        Map<Long, Map<String, RunView.Latest>> latest =
                latestMetrics.of(found.getContent().stream().map(Run::getId).toList());
        return PageView.of(found, r -> view(r, latest.getOrDefault(r.getId(), Map.of())));
    }

    /** The QUEUED or RUNNING runs that use a dataset (at most {@code limit}), lowest id first. */
    @Override
    public List<Long> activeRuns(long datasetId, int limit) {
        return jdbc.queryForList(
                "select id from runs where dataset_id = ? and status = any(?) order by id limit ?",
                Long.class,
                datasetId,
                RunStatus.active().stream().map(Enum::name).toArray(String[]::new),
                limit);
    }

    @Override
    public List<Long> runsOf(long modelId, int limit) {
        return jdbc.queryForList(
                "select id from runs where model_id = ? order by id limit ?", Long.class, modelId, limit);
    }

    private static Sort sort(String sort) {
        if (sort == null || sort.isBlank()) return Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));
        String[] parts = sort.split(",", -1);
        String field = parts[0].strip();
        if (!SORTABLE.contains(field))
            throw ApiProblem.badRequest(
                    "sort", "cannot sort by '" + field + "'; sortable: " + String.join(", ", SORTABLE));
        if (parts.length > 2)
            throw ApiProblem.badRequest("sort", "must be FIELD or FIELD,asc or FIELD,desc, got '" + sort + "'");
        String direction = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT) : "asc";
        Sort.Order order = switch (direction) {
            case "asc" -> Sort.Order.asc(field).nullsLast();
            case "desc" -> Sort.Order.desc(field).nullsLast();
            default ->
                throw ApiProblem.badRequest("sort", "direction must be asc or desc, got '" + parts[1].strip() + "'");
        };
        return field.equals("id") ? Sort.by(order) : Sort.by(order, Sort.Order.desc("id"));
    }

    private List<RunView> views(List<Run> list) {
        Map<Long, Map<String, RunView.Latest>> latest =
                latestMetrics.of(list.stream().map(Run::getId).toList());
        return list.stream()
                .map(r -> view(r, latest.getOrDefault(r.getId(), Map.of())))
                .toList();
    }

    private RunView view(Run r, Map<String, RunView.Latest> latest) {
        return new RunView(
                r.getId(),
                r.getExperimentId(),
                r.getDatasetId(),
                r.getModelId(),
                r.getName(),
                r.getStatus(),
                r.getPriority(),
                r.getEngine(),
                r.getDevice(),
                json.readTree(r.getConfig()),
                r.getAttempt(),
                r.getMaxAttempts(),
                r.getWorkerId(),
                r.isCancelRequested(),
                r.getError(),
                r.getStatusReason(),
                r.getStatusMessage(),
                r.getResult() == null ? null : json.readTree(r.getResult()),
                r.getCreatedAt(),
                r.getQueuedAt(),
                r.getStartedAt(),
                r.getFinishedAt(),
                latest);
    }
}
