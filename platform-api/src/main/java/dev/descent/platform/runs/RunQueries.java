package dev.descent.platform.runs;

import dev.descent.platform.datasets.DatasetUsage;
import dev.descent.platform.models.ModelUsage;
import dev.descent.platform.runs.search.FilterParser;
import dev.descent.platform.runs.search.RunSearchSql;
import dev.descent.platform.security.LeaseTokens;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.Paging;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads runs for the API, each with its metric results, tags and attempts (a few queries per page, never the points).
 */
@Component
public class RunQueries implements DatasetUsage, ModelUsage, LeaseTokens {
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
        return views(List.of(id)).stream().findFirst().orElseThrow(() -> ApiProblem.notFound("id", "run", id));
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
        return views(runs.findByExperimentIdOrderByCreatedAtDescIdDesc(experimentId).stream()
                .map(Run::getId)
                .toList());
    }

    /**
     * One page of the runs that match both {@code filter} and the filter language's {@code expression} (null for none),
     * in the order of {@code sort} ({@code field} or {@code field,asc|desc}, where field is a column,
     * {@code metrics.<key>}, {@code params.<path>} or {@code tags.<key>}; nulls last, ties by id newest first). Every
     * value is bound; the SQL text comes only from {@link RunSearchSql}'s whitelist.
     */
    public PageView<RunView> list(Filter filter, String expression, String sort, int page, int size) {
        PageRequest paging = Paging.of(page, size, Sort.unsorted());
        StringBuilder where = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        if (filter.experimentId() != null) {
            where.append(" and r.experiment_id = ?");
            params.add(filter.experimentId());
        }
        if (filter.modelId() != null) {
            where.append(" and r.model_id = ?");
            params.add(filter.modelId());
        }
        if (filter.datasetId() != null) {
            where.append(" and r.dataset_id = ?");
            params.add(filter.datasetId());
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            where.append(" and r.status = any(?)");
            params.add(filter.statuses().stream().map(Enum::name).toArray(String[]::new));
        }
        if (expression != null && !expression.isBlank()) {
            RunSearchSql.Fragment f = RunSearchSql.where("filter", FilterParser.parse("filter", expression));
            where.append(" and (").append(f.sql()).append(')');
            params.addAll(f.params());
        }
        RunSearchSql.Fragment order = RunSearchSql.orderBy("sort", sort);
        Long total = jdbc.queryForObject("select count(*) from runs r where " + where, Long.class, params.toArray());
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.addAll(order.params());
        pageParams.add(paging.getPageSize());
        pageParams.add(paging.getOffset());
        List<Long> ids = jdbc.queryForList(
                "select r.id from runs r where " + where + " " + order.sql() + " limit ? offset ?",
                Long.class,
                pageParams.toArray());
        long count = total == null ? 0 : total;
        return new PageView<>(
                views(ids), page, size, count, (int) Math.min(Integer.MAX_VALUE, Math.ceilDiv(count, (long) size)));
    }

    /** The runs with these ids, in this order; a 404 naming {@code field} for the first that does not exist. */
    public List<RunView> require(List<Long> ids, String field) {
        List<RunView> found = views(ids);
        if (found.size() != ids.size()) {
            java.util.Set<Long> have = new java.util.HashSet<>();
            found.forEach(v -> have.add(v.id()));
            for (Long id : ids) if (!have.contains(id)) throw ApiProblem.notFound(field, "run", id);
        }
        return found;
    }

    /** A run's attempts, first first: which worker took it, on which device, and how each ended. */
    public List<RunAttempt> attempts(long runId) {
        requireExists(runId);
        return jdbc.query(
                """
                select number, attempt, worker_id, device, claimed_at, ended_at, reason, message
                from run_attempts where run_id = ? order by number""",
                (rs, i) -> new RunAttempt(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class) == null
                                ? null
                                : rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getString(7) == null ? null : RunReason.valueOf(rs.getString(7)),
                        rs.getString(8)),
                runId);
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

    /** Extras a run row carries beyond the entity: tags, note, duration and its latest attempt. */
    private record Extras(
            List<String> tags,
            String note,
            Double durationSeconds,
            int attempts,
            String worker,
            String device,
            Long sweepId) {}

    private List<RunView> views(List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        Map<Long, Run> byId = new HashMap<>();
        runs.findAllById(ids).forEach(r -> byId.put(r.getId(), r));
        Map<Long, Map<String, RunView.Summary>> summaries = latestMetrics.of(ids);
        Map<Long, Extras> extras = new HashMap<>();
        jdbc.query(
                """
                select r.id, r.tags, r.note, %s,
                       (select count(*) from run_attempts a where a.run_id = r.id),
                       a.worker_id, a.device, r.sweep_id
                from runs r left join lateral (select worker_id, device from run_attempts a where a.run_id = r.id
                                               order by number desc limit 1) a on true
                where r.id = any(?)""".formatted(RunSearchSql.DURATION),
                rs -> {
                    String[] tags = (String[]) rs.getArray(2).getArray();
                    extras.put(
                            rs.getLong(1),
                            new Extras(
                                    List.of(tags),
                                    rs.getString(3),
                                    rs.getObject(4, Double.class),
                                    rs.getInt(5),
                                    rs.getString(6),
                                    rs.getString(7),
                                    rs.getObject(8, Long.class)));
                },
                (Object) ids.toArray(Long[]::new));
        List<RunView> out = new ArrayList<>();
        for (Long id : ids) {
            Run r = byId.get(id);
            if (r == null || !extras.containsKey(id)) continue;
            out.add(view(r, summaries.getOrDefault(id, Map.of()), extras.get(id)));
        }
        return out;
    }

    private RunView view(Run r, Map<String, RunView.Summary> summaries, Extras extras) {
        Map<String, RunView.Latest> latest = new TreeMap<>();
        Map<String, RunView.Result> results = new TreeMap<>();
        boolean ended = r.getStatus().isFinal();
        summaries.forEach((key, s) -> {
            latest.put(key, s.latest());
            results.put(
                    key,
                    new RunView.Result(
                            s.latest().value(),
                            s.latest().step(),
                            s.best(),
                            s.bestStep(),
                            ended ? s.latest().value() : null));
        });
        return new RunView(
                r.getId(),
                r.getExperimentId(),
                r.getDatasetId(),
                r.getModelId(),
                r.getName(),
                r.getStatus(),
                r.getPriority(),
                r.getEngine(),
                extras.device() != null ? extras.device() : r.getDevice(),
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
                latest,
                results,
                extras.durationSeconds(),
                extras.worker(),
                extras.attempts(),
                extras.tags(),
                extras.note(),
                extras.sweepId());
    }
}
