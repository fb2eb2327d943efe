package dev.descent.platform.sweeps;

import dev.descent.platform.web.ApiProblem;
import java.util.Locale;

/** Whether a sweep's metric is better high (accuracy) or low (loss). */
public enum Goal {
    MAXIMIZE,
    MINIMIZE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when {@code a} is strictly better than {@code b}. */
    boolean better(double a, double b) {
        return this == MAXIMIZE ? a > b : a < b;
    }

    /** True when {@code value} is at least as good as {@code target}. */
    boolean reaches(double value, double target) {
        return this == MAXIMIZE ? value >= target : value <= target;
    }

    static Goal parse(String value, String field) {
        for (Goal g : values()) if (g.value().equals(value)) return g;
        throw ApiProblem.badRequest(field, "unknown goal '" + value + "'; expected maximize or minimize");
    }

    /** The goal a metric's name implies: keys ending in a loss or an error are minimised. */
    static Goal implied(String metric) {
        String last = metric.substring(metric.lastIndexOf('/') + 1);
        return last.contains("loss") || last.contains("error") ? MINIMIZE : MAXIMIZE;
    }
}
