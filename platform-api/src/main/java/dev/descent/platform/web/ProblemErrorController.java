package dev.descent.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) for what failed outside any controller (a path the firewall
 * refuses, such as one holding {@code ..} or {@code //}; an error in a filter): a problem detail with the status only,
 * in place of Spring Boot's own JSON.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {
    @RequestMapping(
            path = "/error",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Asked for directly, /error is just a path that names nothing.
        HttpStatus status = code == null
                ? HttpStatus.NOT_FOUND
                : code instanceof Integer c && HttpStatus.resolve(c) != null
                        ? HttpStatus.valueOf(c)
                        : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = switch (status) {
            case BAD_REQUEST -> "the request is malformed (its path, query or headers cannot be accepted)";
            case NOT_FOUND -> "no such resource";
            case INTERNAL_SERVER_ERROR -> "an internal error; it has been logged";
            default -> status.getReasonPhrase();
        };
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(status.getReasonPhrase());
        if (uri instanceof String u) {
            try {
                pd.setInstance(java.net.URI.create(u));
            } catch (IllegalArgumentException notAUri) {
                // the path that failed is not even a URI; the status says enough
            }
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }
}
