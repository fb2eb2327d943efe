package dev.descent.platform.runs;

import dev.descent.platform.config.ApiProblem;
import dev.descent.platform.config.PageView;
import dev.descent.platform.config.Paging;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads runs for the API, each with its latest metric values (from the latest-value table, one query per page). */
@Component
public class RunQueries {
    static final List<String> STATUSES = List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED");
    static final List<String> SORTABLE =
            List.of("id", "createdAt", "queuedAt", "startedAt", "finishedAt", "priority", "status", "attempt", "name");

    private final RunRepository runs;
    private final JdbcTemplate jdbc;

    RunQueries(RunRepository runs, JdbcTemplate jdbc) {
        this.runs = runs;
        this.jdbc = jdbc;
    }

    public record Filter(Long experimentId, List<String> statuses, Long modelId, Long datasetId) {}

    public RunView get(long id) {
        Run r = runs.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "run", id));
        return RunView.of(r, latest(List.of(id)).getOrDefault(id, Map.of()));
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
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            for (String s : filter.statuses()) {
                if (!STATUSES.contains(s))
                    throw ApiProblem.badRequest(
                            "status", "unknown status '" + s + "'; expected one of " + String.join(", ", STATUSES));
            }
            spec = spec.and((r, q, cb) -> r.get("status").in(filter.statuses()));
        }
        Page<Run> found = runs.findAll(spec, Paging.of(page, size, sort(sort)));
        Map<Long, Map<String, RunView.Latest>> latest =
                latest(found.getContent().stream().map(Run::getId).toList());
        return PageView.of(found, r -> RunView.of(r, latest.getOrDefault(r.getId(), Map.of())));
    }

    private static Sort sort(String sort) {
        if (sort == null || sort.isBlank()) return Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));
        String[] parts = sort.split(",");
        String field = parts[0].strip();
        if (!SORTABLE.contains(field))
            throw ApiProblem.badRequest(
                    "sort", "cannot sort by '" + field + "'; sortable: " + String.join(", ", SORTABLE));
        if (parts.length > 2)
            throw ApiProblem.badRequest("sort", "must be FIELD or FIELD,asc or FIELD,desc, got '" + sort + "'");
        String direction = parts.length == 2 ? parts[1].strip().toLowerCase() : "asc";
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
                latest(list.stream().map(Run::getId).toList());
        return list.stream()
                .map(r -> RunView.of(r, latest.getOrDefault(r.getId(), Map.of())))
                .toList();
    }

    private Map<Long, Map<String, RunView.Latest>> latest(List<Long> runIds) {
        Map<Long, Map<String, RunView.Latest>> out = new HashMap<>();
        if (runIds.isEmpty()) return out;
        jdbc.query(
                "select run_id, key, step, value, ts from latest_metrics where run_id = any(?)",
                rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(
                                    rs.getString(2),
                                    new RunView.Latest(
                                            rs.getLong(3),
                                            rs.getDouble(4),
                                            rs.getObject(5, OffsetDateTime.class)
                                                    .toInstant()));
                },
                (Object) runIds.toArray(Long[]::new));
        return out;
    }
}
