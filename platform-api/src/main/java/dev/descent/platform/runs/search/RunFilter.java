package dev.descent.platform.runs.search;

import java.util.List;

/**
 * A parsed filter: a closed set of nodes, so the SQL builder handles every form or does not compile. Every node keeps
 * the offset in the filter text where it starts, so an error found after parsing (an unknown field, a value of the
 * wrong type) still names its place.
 */
public sealed interface RunFilter {

    int position();

    record And(RunFilter left, RunFilter right, int position) implements RunFilter {}

    record Or(RunFilter left, RunFilter right, int position) implements RunFilter {}

    record Not(RunFilter operand, int position) implements RunFilter {}

    /** {@code field op value}. */
    record Comparison(Field field, Op op, Value value, int position) implements RunFilter {}

    /** {@code field in (v1, v2, ...)}. */
    record In(Field field, List<Value> values, int position) implements RunFilter {}

    /** {@code field is null} or {@code field is not null}. */
    record IsNull(Field field, boolean negated, int position) implements RunFilter {}

    /** A column ({@code status}), or a namespaced path ({@code params.optimizer.lr}, {@code metrics.val/accuracy}). */
    record Field(String name, int position) {
        public String namespace() {
            int dot = name.indexOf('.');
            return dot < 0 ? null : name.substring(0, dot);
        }

        public String rest() {
            return name.substring(name.indexOf('.') + 1);
        }
    }

    enum Op {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        /** Contains, ignoring case. */
        CONTAINS("~");

        final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    sealed interface Value {
        int position();
    }

    record Text(String text, int position) implements Value {}

    record Num(double number, int position) implements Value {}

    record Bool(boolean bool, int position) implements Value {}
}
