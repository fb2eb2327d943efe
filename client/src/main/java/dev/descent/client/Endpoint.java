package dev.descent.client;

/**
 * Every API operation the client calls, as method and path template. The platform's tests check each one against its
 * live OpenAPI document, so a renamed or removed endpoint fails the build rather than a user's script.
 */
public enum Endpoint {
    CREATE_EXPERIMENT("POST", "/api/experiments"),
    LIST_EXPERIMENTS("GET", "/api/experiments"),
    GET_EXPERIMENT("GET", "/api/experiments/{id}"),
    CREATE_RUN("POST", "/api/runs"),
    LIST_RUNS("GET", "/api/runs"),
    GET_RUN("GET", "/api/runs/{id}"),
    CANCEL_RUN("POST", "/api/runs/{id}/cancel"),
    CREATE_EXTERNAL_RUN("POST", "/api/runs/external"),
    LOG_METRICS("POST", "/api/runs/{id}/metrics"),
    FINISH_RUN("POST", "/api/runs/{id}/finish"),
    GET_METRICS("GET", "/api/runs/{id}/metrics");

    private final String method;
    private final String path;

    Endpoint(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public String method() {
        return method;
    }

    /** The path template, with {@code {id}} where a resource's id goes. */
    public String path() {
        return path;
    }

    String path(long id) {
        return path.replace("{id}", Long.toString(id));
    }
}
