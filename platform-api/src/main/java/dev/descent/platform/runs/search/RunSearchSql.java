package dev.descent.platform.runs.search;

import dev.descent.platform.runs.RunStatus;
import dev.descent.platform.runs.search.RunFilter.And;
import dev.descent.platform.runs.search.RunFilter.Bool;
import dev.descent.platform.runs.search.RunFilter.Comparison;
import dev.descent.platform.runs.search.RunFilter.Field;
import dev.descent.platform.runs.search.RunFilter.In;
import dev.descent.platform.runs.search.RunFilter.IsNull;
import dev.descent.platform.runs.search.RunFilter.Not;
import dev.descent.platform.runs.search.RunFilter.Num;
import dev.descent.platform.runs.search.RunFilter.Op;
import dev.descent.platform.runs.search.RunFilter.Or;
import dev.descent.platform.runs.search.RunFilter.Text;
import dev.descent.platform.runs.search.RunFilter.Value;
import dev.descent.platform.web.ApiProblem;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link RunFilter} into a WHERE condition and a sort into an ORDER BY over the {@code runs} table (alias
 * {@code r}). The SQL text comes only from the constants here (the whitelisted column expressions and operators); every
 * value, metric key, tag key and parameter path goes in as a bound parameter. A comparison on a run that lacks the
 * field (no such metric, tag or parameter) is false, so {@code not} of it is false too; {@code is null} asks for the
 * missing ones.
 */
public final class RunSearchSql {
    /** SQL text and the values bound to its {@code ?} placeholders, in order. */
    public record Fragment(String sql, List<Object> params) {}

    enum Type {
        TEXT,
        NUMBER,
        TIME,
        STATUS,
        BOOL
    }

    private record Column(String sql, Type type) {}

    private static final String LAST_ATTEMPT =
            "(select a.%s from run_attempts a where a.run_id = r.id" + " order by a.number desc limit 1)";

    /** The columns a filter or a sort may name, with the SQL they stand for. */
    private static final Map<String, Column> COLUMNS = columns();

    private static Map<String, Column> columns() {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("id", new Column("r.id", Type.NUMBER));
        c.put("name", new Column("r.name", Type.TEXT));
        c.put("status", new Column("r.status", Type.STATUS));
        c.put("engine", new Column("r.engine", Type.TEXT));
        c.put("device", new Column("coalesce(" + LAST_ATTEMPT.formatted("device") + ", r.device)", Type.TEXT));
        c.put("worker", new Column(LAST_ATTEMPT.formatted("worker_id"), Type.TEXT));
        c.put("experimentId", new Column("r.experiment_id", Type.NUMBER));
        c.put("experiment", new Column("(select e.name from experiments e where e.id = r.experiment_id)", Type.TEXT));
        c.put("datasetId", new Column("r.dataset_id", Type.NUMBER));
        c.put("dataset", new Column("(select d.name from datasets d where d.id = r.dataset_id)", Type.TEXT));
        c.put("modelId", new Column("r.model_id", Type.NUMBER));
        c.put("model", new Column("(select m.name from models m where m.id = r.model_id)", Type.TEXT));
        c.put("priority", new Column("r.priority", Type.NUMBER));
        c.put("attempt", new Column("r.attempt", Type.NUMBER));
        c.put("attempts", new Column("(select count(*) from run_attempts a where a.run_id = r.id)", Type.NUMBER));
        c.put("note", new Column("r.note", Type.TEXT));
        c.put("error", new Column("r.error", Type.TEXT));
        c.put("createdAt", new Column("r.created_at", Type.TIME));
        c.put("queuedAt", new Column("r.queued_at", Type.TIME));
        c.put("startedAt", new Column("r.started_at", Type.TIME));
        c.put("finishedAt", new Column("r.finished_at", Type.TIME));
        c.put("durationSeconds", new Column(DURATION, Type.NUMBER));
        // Short names, as people type them.
        c.put("created", c.get("createdAt"));
        c.put("queued", c.get("queuedAt"));
        c.put("started", c.get("startedAt"));
        c.put("finished", c.get("finishedAt"));
        c.put("duration", c.get("durationSeconds"));
        return Map.copyOf(c);
    }

    /** Seconds from the first start to the end, or to now while the run is RUNNING; null before it starts. */
    public static final String DURATION = "extract(epoch from (coalesce(r.finished_at,"
            + " case when r.status = 'RUNNING' then clock_timestamp() end) - r.started_at))::float8";

    static final int MAX_PATH_LENGTH = 200;

    private final String parameter;
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private RunSearchSql(String parameter) {
        this.parameter = parameter;
    }

    /** The names a filter or sort may use besides the {@code metrics.}, {@code params.} and {@code tags.} paths. */
    public static List<String> columnNames() {
        return COLUMNS.keySet().stream().sorted().toList();
    }

    /** A condition over runs {@code r} that holds where {@code filter} does. */
    public static Fragment where(String parameter, RunFilter filter) {
        RunSearchSql b = new RunSearchSql(parameter);
        b.node(filter);
        return new Fragment(b.sql.toString(), List.copyOf(b.params));
    }

    /**
     * The ORDER BY of {@code sort} ({@code field} or {@code field,asc|desc}; nulls last either way, ties by id newest
     * first), or of the newest first when it is blank.
     */
    public static Fragment orderBy(String parameter, String sort) {
        if (sort == null || sort.isBlank()) return new Fragment("order by r.created_at desc, r.id desc", List.of());
        String[] parts = sort.split(",", -1);
        if (parts.length > 2)
            throw ApiProblem.badRequest(parameter, "must be FIELD or FIELD,asc or FIELD,desc, got '" + sort + "'");
        String direction = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT) : "asc";
        if (!direction.equals("asc") && !direction.equals("desc"))
            throw ApiProblem.badRequest(parameter, "direction must be asc or desc, got '" + parts[1].strip() + "'");
        String name = parts[0].strip();
        if (name.isEmpty() || name.length() > MAX_PATH_LENGTH || !name.chars().allMatch(RunSearchSql::isFieldChar))
            throw ApiProblem.badRequest(parameter, "cannot sort by '" + shorten(name) + "'; " + sortable());
        RunSearchSql b = new RunSearchSql(parameter);
        Field field = new Field(name, 0);
        String ns = field.namespace();
        if (ns == null) {
            Column c = COLUMNS.get(name);
            if (c == null) throw ApiProblem.badRequest(parameter, "cannot sort by '" + name + "'; " + sortable());
            b.sql.append(c.sql());
        } else {
            switch (ns) {
                case "metrics" -> b.metric(field);
                case "tags" -> b.tag(field);
                case "params" -> {
                    b.sql.append("r.config #> ?::text[]");
                    b.params.add(b.path(field));
                }
                default -> throw ApiProblem.badRequest(parameter, "cannot sort by '" + name + "'; " + sortable());
            }
        }
        String tail = name.equals("id") ? "" : ", r.id desc";
        return new Fragment("order by " + b.sql + " " + direction + " nulls last" + tail, List.copyOf(b.params));
    }

    private static String sortable() {
        return "sort by metrics.<key>, params.<path>, tags.<key> or one of " + String.join(", ", columnNames());
    }

    private void node(RunFilter f) {
        switch (f) {
            case And a -> binary(a.left(), " and ", a.right());
            case Or o -> binary(o.left(), " or ", o.right());
            case Not n -> {
                // A missing field makes the comparison null; coalesce keeps "not" of it false rather than null-ish.
                sql.append("not coalesce(");
                node(n.operand());
                sql.append(", false)");
            }
            case Comparison c -> comparison(c);
            case In in -> in(in);
            case IsNull n -> {
                if (n.field().name().equals("tag")) throw unknownField(n.field(), "a field other than tag");
                sql.append('(');
                operand(n.field(), null);
                sql.append(n.negated() ? " is not null)" : " is null)");
            }
        }
    }

    private void binary(RunFilter left, String op, RunFilter right) {
        sql.append('(');
        node(left);
        sql.append(op);
        node(right);
        sql.append(')');
    }

    private void comparison(Comparison c) {
        Field f = c.field();
        if (f.name().equals("tag")) {
            Text t = text(c.value(), "a 'quoted' tag");
            switch (c.op()) {
                case EQ -> sql.append("(r.tags @> array[?]::text[])");
                case NE -> sql.append("(not r.tags @> array[?]::text[])");
                case CONTAINS ->
                    sql.append("exists (select 1 from unnest(r.tags) t where strpos(lower(t), lower(?)) > 0)");
                default ->
                    throw new FilterException(parameter, c.position(), "=, != or ~", "tag compares with =, != or ~");
            }
            params.add(t.text());
            return;
        }
        if (c.op() == Op.CONTAINS) {
            sql.append("strpos(lower(");
            Type type = operand(f, c.value());
            if (type != Type.TEXT)
                throw new FilterException(parameter, c.position(), "=, !=, <, <=, >, >=", "~ compares text only");
            sql.append("), lower(?)) > 0");
            params.add(text(c.value(), "a 'quoted string'").text());
            return;
        }
        sql.append('(');
        Type type = operand(f, c.value());
        if (type == Type.STATUS && c.op() != Op.EQ && c.op() != Op.NE)
            throw new FilterException(parameter, c.position(), "=, != or in", "status compares with =, != or in");
        sql.append(' ').append(c.op().sql).append(" ?)");
        params.add(bind(type, c.value()));
    }

    private void in(In in) {
        if (in.field().name().equals("tag")) {
            sql.append("(r.tags && ?::text[])");
            params.add(in.values().stream()
                    .map(v -> text(v, "a 'quoted' tag").text())
                    .toArray(String[]::new));
            return;
        }
        sql.append('(');
        Type type = operand(in.field(), in.values().getFirst());
        sql.append(" in (");
        for (int i = 0; i < in.values().size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append('?');
            params.add(bind(type, in.values().get(i)));
        }
        sql.append("))");
    }

    /**
     * Writes the SQL expression of {@code f} (typed for {@code value} where the field's type follows the value, as for
     * parameters) and returns its type.
     */
    private Type operand(Field f, Value value) {
        String ns = f.namespace();
        if (ns == null) {
            Column c = COLUMNS.get(f.name());
            if (c == null) throw unknownField(f, "a field: metrics.<key>, params.<path>, tags.<key>, tag or a column");
            sql.append(c.sql());
            return c.type();
        }
        return switch (ns) {
            case "metrics" -> {
                metric(f);
                yield Type.NUMBER;
            }
            case "tags" -> {
                tag(f);
                yield Type.TEXT;
            }
            case "params" -> param(f, value);
            default -> throw unknownField(f, "a field: metrics.<key>, params.<path>, tags.<key>, tag or a column");
        };
    }

    private void metric(Field f) {
        String key = f.rest();
        if (key.isEmpty() || key.length() > MAX_PATH_LENGTH) throw unknownField(f, "metrics.<key>");
        sql.append("(select l.value from latest_metrics l where l.run_id = r.id and l.key = ?)");
        params.add(key);
    }

    private void tag(Field f) {
        String key = f.rest();
        if (key.isEmpty() || key.length() > MAX_PATH_LENGTH) throw unknownField(f, "tags.<key>");
        sql.append("(select substr(t, ?) from unnest(r.tags) t where starts_with(t, ?) limit 1)");
        params.add(key.length() + 2);
        params.add(key + "=");
    }

    /** A parameter compares as the value's type, and only with config values of that JSON type. */
    private Type param(Field f, Value value) {
        String[] path = path(f);
        String guard = "case when jsonb_typeof(r.config #> ?::text[]) = '%s' then (r.config #>> ?::text[])%s end";
        Type type;
        if (value == null) {
            sql.append("(r.config #> ?::text[])");
            params.add(path);
            return Type.TEXT;
        } else if (value instanceof Num) {
            sql.append(guard.formatted("number", "::float8"));
            type = Type.NUMBER;
        } else if (value instanceof Bool) {
            sql.append(guard.formatted("boolean", "::boolean"));
            type = Type.BOOL;
        } else {
            sql.append(guard.formatted("string", ""));
            type = Type.TEXT;
        }
        params.add(path);
        params.add(path);
        return type;
    }

    private String[] path(Field f) {
        String rest = f.rest();
        String[] path = rest.split("\\.", -1);
        if (rest.isEmpty()
                || rest.length() > MAX_PATH_LENGTH
                || Arrays.stream(path).anyMatch(String::isEmpty)) throw unknownField(f, "params.<dotted.path>");
        return path;
    }

    private Object bind(Type type, Value v) {
        if (type == Type.BOOL) {
            if (v instanceof Bool b) return b.bool();
            throw new FilterException(
                    parameter, v.position(), "true or false", "this parameter is compared as a boolean");
        }
        if (v instanceof Bool)
            throw new FilterException(
                    parameter, v.position(), "a 'quoted string' or a number", "only a parameter is true or false");
        return switch (type) {
            case NUMBER -> {
                if (!(v instanceof Num n))
                    throw new FilterException(parameter, v.position(), "a number", "this field is a number");
                yield n.number();
            }
            case TEXT -> {
                if (v instanceof Num n)
                    yield n.number() == Math.rint(n.number())
                            ? String.valueOf((long) n.number())
                            : String.valueOf(n.number());
                yield text(v, "a 'quoted string'").text();
            }
            case STATUS -> {
                String s = text(v, "a 'quoted' status").text();
                try {
                    yield RunStatus.valueOf(s.toUpperCase(Locale.ROOT)).name();
                } catch (IllegalArgumentException e) {
                    throw new FilterException(
                            parameter,
                            v.position(),
                            "one of " + Arrays.toString(RunStatus.values()),
                            "no status '" + shorten(s) + "'");
                }
            }
            case TIME -> time(text(v, "a 'quoted' date or time"));
            case BOOL -> throw new IllegalStateException("handled above");
        };
    }

    private OffsetDateTime time(Text t) {
        String s = t.text().strip();
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            throw new FilterException(
                    parameter,
                    t.position(),
                    "a date (2026-12-01) or a time with its offset (2026-12-01T10:00:00Z)",
                    "not a date or time: '" + shorten(s) + "'");
        }
    }

    private Text text(Value v, String expected) {
        if (v instanceof Text t) return t;
        throw new FilterException(parameter, v.position(), expected, "expected " + expected);
    }

    private FilterException unknownField(Field f, String expected) {
        return new FilterException(parameter, f.position(), expected, "unknown field '" + shorten(f.name()) + "'");
    }

    private static boolean isFieldChar(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || c == '/'
                || c == '-';
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
