package dev.descent.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, answered as an RFC 9457 problem detail. {@code field} names what is wrong in the request
 * ({@code optimizer.lr}, {@code layers[3].out}, {@code trainImages}) or is null when the request as a whole is at fault
 * (a conflict with stored state).
 */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String field;
    private final transient Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, field, detail);
    }

    public static ApiProblem notFound(String field, String what, long id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, field, what + " " + id + " does not exist");
    }

    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, field, detail);
    }

    public static ApiProblem tooLarge(String field, String detail) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, field, detail);
    }

    /** Adds a property to the problem detail beside {@code field} ({@code position}, {@code expected}...). */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }
}
