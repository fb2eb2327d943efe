package dev.descent.platform.runs.search;

import dev.descent.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** A filter that cannot be run: a 400 naming the offset in the filter text (0-based) and what was expected there. */
public final class FilterException extends ApiProblem {
    public FilterException(String parameter, int position, String expected, String detail) {
        super(HttpStatus.BAD_REQUEST, parameter, "at position " + position + ": " + detail);
        with("position", position);
        with("expected", expected);
    }
}
