package dev.descent.platform.web;

import dev.descent.spec.ConfigException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Turns every refusal into an RFC 9457 problem detail with a {@code field} property naming what is wrong. Bad input
 * never reaches the 500 handler: parse errors, type mismatches, size limits and constraint violations are all answered
 * 4xx here.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> answer = problem(e.status(), e.field(), e.getMessage(), request);
        if (answer.getBody() != null) e.properties().forEach(answer.getBody()::setProperty);
        return answer;
    }

    @ExceptionHandler(ConfigException.class)
    ResponseEntity<ProblemDetail> config(ConfigException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, e.field(), e.reason(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = e.getRequiredType() == null
                ? "another type"
                : e.getRequiredType().getSimpleName().toLowerCase(Locale.ROOT);
        return problem(
                HttpStatus.BAD_REQUEST,
                e.getName(),
                "must be " + article(expected) + ", got '" + e.getValue() + "'",
                request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        // Reached only by a race the services' own checks could not see (two identical creates at once). The
        // database's own words name its tables and constraints: they go to the log, not to the client.
        log.info(
                "{} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                e.getMostSpecificCause().getMessage());
        return problem(
                HttpStatus.CONFLICT,
                null,
                "conflicts with a change made at the same moment; read the current state and try again",
                request);
    }

    /**
     * The database is unreachable or too slow (the pool waits {@code spring.datasource.hikari.connection-timeout}, 2 s,
     * for a connection; a statement runs at most the statement timeout): 503 with {@code Retry-After}, soon, rather
     * than a request held for half a minute.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
        log.warn("{} {}: the database is unavailable: {}", request.getMethod(), request.getRequestURI(), e.toString());
        ProblemDetail pd = detail(
                HttpStatus.SERVICE_UNAVAILABLE,
                null,
                "the database is unavailable; try again in a few seconds",
                request.getRequestURI());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(pd);
    }

    /** Whatever else went wrong is the platform's fault: logged with its stack, answered without its details. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) throws Exception {
        // Spring's own exceptions (a missing handler, a refused method) keep their statuses through the base class.
        if (e instanceof org.springframework.web.ErrorResponse) throw e;
        // A client that went away (a closed stream, an abandoned download) has nobody left to answer.
        if (e instanceof java.io.IOException
                || e instanceof org.springframework.web.context.request.async.AsyncRequestNotUsableException)
            return null;
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, null, "an internal error; it has been logged", request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = "$";
        String detail = "the request body is missing or is not valid JSON";
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof PropertyBindingException pe) {
            // FAIL_ON_UNKNOWN_PROPERTIES (application.yml) on a record-typed body: a typo is refused, not ignored.
            field = JsonPaths.of(pe.getPath());
            if (!field.equals(pe.getPropertyName()) && !field.endsWith("." + pe.getPropertyName()))
                field = field.equals("$") ? pe.getPropertyName() : field + "." + pe.getPropertyName();
            detail = "is not a known field"
                    + (pe.getKnownPropertyIds() == null
                                    || pe.getKnownPropertyIds().isEmpty()
                            ? ""
                            : "; known fields: "
                                    + pe.getKnownPropertyIds().stream()
                                            .map(String::valueOf)
                                            .sorted()
                                            .collect(Collectors.joining(", ")));
        } else if (cause instanceof DatabindException de && !de.getPath().isEmpty()) {
            field = JsonPaths.of(de.getPath());
            detail = "has the wrong type or form: " + de.getOriginalMessage();
        } else if (cause instanceof JacksonException je) {
            detail = "the request body is not valid JSON: " + je.getOriginalMessage();
        }
        return body(HttpStatus.BAD_REQUEST, field, detail, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        FieldError first = errors.getFirst();
        ProblemDetail pd = detail(
                HttpStatus.BAD_REQUEST,
                first.getField(),
                first.getField() + " " + first.getDefaultMessage(),
                path(request));
        pd.setProperty(
                "errors",
                errors.stream()
                        .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                        .toList());
        return ResponseEntity.badRequest().body(pd);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return body(HttpStatus.BAD_REQUEST, e.getParameterName(), "is required", request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return body(HttpStatus.BAD_REQUEST, e.getRequestPartName(), "is required", request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String limit = e.getMaxUploadSize() > 0 ? " of " + e.getMaxUploadSize() + " bytes" : "";
        return body(
                HttpStatus.CONTENT_TOO_LARGE,
                "file",
                "the upload is larger than the limit" + limit + " (descent.datasets.max-upload-size)",
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return body(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type",
                "'" + e.getContentType() + "' is not accepted here; use one of " + e.getSupportedMediaTypes(),
                request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
        if (e.getRootCause() != null
                && e.getRootCause().getClass().getSimpleName().contains("SizeLimitExceeded")) {
            return problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "file",
                    "the upload is larger than the limit (descent.datasets.max-upload-size)",
                    request);
        }
        return problem(HttpStatus.BAD_REQUEST, "file", "not a readable multipart upload: " + e.getMessage(), request);
    }

    private ResponseEntity<Object> body(HttpStatus status, String field, String detail, WebRequest request) {
        return ResponseEntity.status(status).body(detail(status, field, detail, path(request)));
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String field, String detail, HttpServletRequest request) {
        if (status.is5xxServerError()) log.warn("{} {}: {}", request.getMethod(), request.getRequestURI(), detail);
        return ResponseEntity.status(status).body(detail(status, field, detail, request.getRequestURI()));
    }

    static ProblemDetail detail(HttpStatus status, String field, String detail, String instance) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, field == null ? detail : field + ": " + detail);
        pd.setTitle(status.getReasonPhrase());
        if (field != null) pd.setProperty("field", field);
        if (instance != null) pd.setInstance(java.net.URI.create(instance.replace(" ", "%20")));
        return pd;
    }

    private static String path(WebRequest request) {
        String d = request.getDescription(false);
        return d.startsWith("uri=") ? d.substring(4) : null;
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
