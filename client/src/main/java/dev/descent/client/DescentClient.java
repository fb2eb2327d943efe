package dev.descent.client;

import dev.descent.client.Types.Experiment;
import dev.descent.client.Types.MetricPoint;
import dev.descent.client.Types.Page;
import dev.descent.client.Types.Run;
import dev.descent.client.Types.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Descent's REST API from Java, for scripts: one typed method per operation, each a single HTTP call signed with a
 * personal API token ({@code POST /api/tokens}). A failed call throws {@link DescentException} with the platform's
 * problem details. Thread-safe.
 */
public final class DescentClient {
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    /**
     * @param base the platform's address, e.g. {@code http://localhost:8080}
     * @param token a personal API token ({@code dsc_...}), or null for a platform with security off
     */
    public DescentClient(URI base, String token) {
        this(base, token, Duration.ofSeconds(30));
    }

    public DescentClient(URI base, String token, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** From {@code DESCENT_URL} (default {@code http://localhost:8080}) and {@code DESCENT_TOKEN}. */
    public static DescentClient fromEnvironment() {
        String url = System.getenv().getOrDefault("DESCENT_URL", "http://localhost:8080");
        return new DescentClient(URI.create(url), System.getenv("DESCENT_TOKEN"));
    }

    // ---- experiments ----------------------------------------------------------------------------

    public Experiment createExperiment(String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (description != null) body.put("description", description);
        return call(
                Endpoint.CREATE_EXPERIMENT,
                Endpoint.CREATE_EXPERIMENT.path(),
                body,
                new TypeReference<Experiment>() {});
    }

    public Page<Experiment> experiments(int page, int size) {
        return call(
                Endpoint.LIST_EXPERIMENTS,
                Endpoint.LIST_EXPERIMENTS.path() + query("page", page, "size", size),
                null,
                new TypeReference<Page<Experiment>>() {});
    }

    public Experiment experiment(long id) {
        return call(
                Endpoint.GET_EXPERIMENT, Endpoint.GET_EXPERIMENT.path(id), null, new TypeReference<Experiment>() {});
    }

    // ---- runs -----------------------------------------------------------------------------------

    /**
     * Queues a run for the platform's workers: {@code experimentId}, {@code datasetId}, {@code modelId} and the train
     * config's fields ({@code optimizer}, {@code batchSize}, {@code epochs}, {@code seed}, ...), as the README lists.
     */
    public Run createRun(Map<String, ?> request) {
        return call(Endpoint.CREATE_RUN, Endpoint.CREATE_RUN.path(), request, new TypeReference<Run>() {});
    }

    /** Runs newest first, of one experiment when {@code experimentId} is not null. */
    public Page<Run> runs(Long experimentId, int page, int size) {
        String q = experimentId == null
                ? query("page", page, "size", size)
                : query("experimentId", experimentId, "page", page, "size", size);
        return call(Endpoint.LIST_RUNS, Endpoint.LIST_RUNS.path() + q, null, new TypeReference<Page<Run>>() {});
    }

    public Run run(long id) {
        return call(Endpoint.GET_RUN, Endpoint.GET_RUN.path(id), null, new TypeReference<Run>() {});
    }

    /** A queued run is cancelled at once, a running one within a batch (its status says which). */
    public Run cancel(long id) {
        return call(Endpoint.CANCEL_RUN, Endpoint.CANCEL_RUN.path(id), Map.of(), new TypeReference<Run>() {});
    }

    /**
     * Creates an external run: one your own training script logs to. It is RUNNING at once and no worker claims it; log
     * with {@link #logMetrics} (or a {@link #metricLogger}) and end it with {@link #finish}.
     *
     * @param params the script's hyperparameters, shown and compared like a trained run's config
     */
    public Run createExternalRun(long experimentId, String name, Map<String, ?> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experimentId", experimentId);
        if (name != null) body.put("name", name);
        if (params != null) body.put("params", params);
        return call(
                Endpoint.CREATE_EXTERNAL_RUN, Endpoint.CREATE_EXTERNAL_RUN.path(), body, new TypeReference<Run>() {});
    }

    /** Logs a batch of points in one call; a point already stored is kept as it was. Returns how many were received. */
    public int logMetrics(long runId, List<MetricPoint> points) {
        JsonNode answer =
                call(Endpoint.LOG_METRICS, Endpoint.LOG_METRICS.path(runId), points, new TypeReference<JsonNode>() {});
        return answer.path("received").asInt();
    }

    /** Collects points and logs them {@code batchSize} at a time; closing it logs the rest. */
    public MetricLogger metricLogger(long runId, int batchSize) {
        return new MetricLogger(this, runId, batchSize);
    }

    /** Ends an external run as {@link RunStatus#SUCCEEDED} or {@link RunStatus#FAILED}; a second finish is refused. */
    public Run finish(long runId, RunStatus status, String summary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.name());
        if (summary != null) body.put("summary", summary);
        return call(Endpoint.FINISH_RUN, Endpoint.FINISH_RUN.path(runId), body, new TypeReference<Run>() {});
    }

    // ---- metrics --------------------------------------------------------------------------------

    /** One key's series, downsampled to at most {@code maxPoints} (min/max/last per bucket, so no spike is hidden). */
    public Series metrics(long runId, String key, int maxPoints) {
        return call(
                Endpoint.GET_METRICS,
                Endpoint.GET_METRICS.path(runId) + query("key", key, "maxPoints", maxPoints),
                null,
                new TypeReference<Series>() {});
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private <T> T call(Endpoint endpoint, String path, Object body, TypeReference<T> answer) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (body == null) request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        else
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(endpoint.method() + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(endpoint.method() + " " + path + " was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) throw problem(response);
        return json.readValue(response.body(), answer);
    }

    private DescentException problem(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonNode p = json.readTree(text);
            String field = p.path("field").isString() ? p.path("field").asString() : null;
            String detail = p.path("detail").isString() ? p.path("detail").asString() : text;
            return new DescentException(response.statusCode(), field, detail);
        } catch (RuntimeException notJson) {
            return new DescentException(response.statusCode(), null, text);
        }
    }

    private static String query(Object... pairs) {
        StringJoiner q = new StringJoiner("&", "?", "");
        for (int i = 0; i < pairs.length; i += 2)
            q.add(pairs[i] + "=" + URLEncoder.encode(String.valueOf(pairs[i + 1]), StandardCharsets.UTF_8));
        return q.toString();
    }
}
