package dev.descent.platform.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** The {@code page} and {@code size} of a list request, checked before they reach a query. */
public final class Paging {
    public static final int MAX_SIZE = 200;

    private Paging() {}

    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0) throw ApiProblem.badRequest("page", "must be >= 0, got " + page);
        if (size < 1 || size > MAX_SIZE)
            throw ApiProblem.badRequest("size", "must be between 1 and " + MAX_SIZE + ", got " + size);
        // The query's offset is an int: past it, JPA refuses with an exception that would answer 500.
        long lastPage = Integer.MAX_VALUE / size;
        if (page > lastPage)
            throw ApiProblem.badRequest("page", "must be at most " + lastPage + " at size " + size + ", got " + page);
        return PageRequest.of(page, size, sort);
    }
}
