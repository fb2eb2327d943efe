package dev.descent.platform.sweeps;

import dev.descent.platform.web.ApiProblem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a sweep makes its runs: every combination of the listed values, draws from the parameter space, or one run per
 * optimizer from identical starting points. The API spells them {@code grid}, {@code random} and
 * {@code optimizer-shootout}; the database stores the names.
 */
public enum SweepKind {
    GRID,
    RANDOM,
    OPTIMIZER_SHOOTOUT;

    /** The API's spelling. */
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static SweepKind parse(String value, String field) {
        for (SweepKind k : values()) if (k.value().equals(value)) return k;
        throw ApiProblem.badRequest(
                field,
                "unknown kind '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(SweepKind::value).collect(Collectors.joining(", ")));
    }
}
