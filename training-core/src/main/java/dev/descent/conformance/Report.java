package dev.descent.conformance;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result of a conformance run: counts, the cases excused by a {@link KnownDifference}, and every failure. */
public record Report(
        long seed, int passed, List<Failure> failures, Map<KnownDifference, Integer> known, Duration elapsed) {

    /** A case on which Descent and PyTorch disagree, with everything needed to reproduce it. */
    public record Failure(Case c, String difference, Outcome descent, Outcome torch) {

        /** The case as a reader can redo it by hand: the op, each input (with its views) and every argument. */
        public String reproduction() {
            StringBuilder s = new StringBuilder();
            s.append("case ")
                    .append(c.id())
                    .append(" [")
                    .append(c.family())
                    .append("] ")
                    .append(c.op())
                    .append('(');
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) s.append(", ");
                s.append(argument(c.args().get(i)));
            }
            s.append(')');
            if (c.order() > 1) s.append(", second derivatives");
            for (int i = 0; i < c.inputs().size(); i++) {
                CaseInput in = c.inputs().get(i);
                s.append("\n    x")
                        .append(i)
                        .append(" = ")
                        .append(in.dtype().label())
                        .append(java.util.Arrays.toString(in.shape()))
                        .append(' ')
                        .append(Values.format(in.data(), 24));
                for (List<Object> v : in.views())
                    s.append('.').append(v.getFirst()).append(v.subList(1, v.size()));
                if (in.grad()) s.append(", requires grad");
            }
            s.append("\n  ").append(difference);
            s.append("\n    Descent: ").append(describe(descent));
            s.append("\n    PyTorch: ").append(describe(torch));
            s.append("\n  again: ./descent conform --seed ")
                    .append(c.seed())
                    .append(" --case ")
                    .append(c.id());
            return s.toString();
        }

        /** The case as one JSON line, for {@code descent conform --replay} or {@code torch_oracle.py} on stdin. */
        public String json() {
            return Json.write(c);
        }

        private static String argument(Object a) {
            if (a instanceof Case.Ref r) return "x" + r.index();
            if (a instanceof String str) return "'" + str + "'";
            if (a instanceof List<?> l) {
                StringBuilder s = new StringBuilder("[");
                for (int i = 0; i < l.size(); i++) s.append(i > 0 ? ", " : "").append(argument(l.get(i)));
                return s.append(']').toString();
            }
            return String.valueOf(a);
        }

        private static String describe(Outcome o) {
            if (o.raised()) return "raised " + o.error();
            StringBuilder s = new StringBuilder("out ").append(o.out());
            if (o.gradError() != null) s.append("; backward raised ").append(o.gradError());
            if (o.grads() != null) s.append("; grads ").append(o.grads());
            if (o.grads2() != null) s.append("; second ").append(o.grads2());
            return s.toString();
        }
    }

    public int failed() {
        return failures.size();
    }

    public int total() {
        return passed + failed();
    }

    /** Failures with their reproductions (at most {@code limit}), the known differences met, then the verdict line. */
    public void print(PrintStream out, int limit) {
        print(out, limit, false);
    }

    /** With {@code json}, each failure's case follows as one JSON line to replay or edit. */
    public void print(PrintStream out, int limit, boolean json) {
        int shown = 0;
        for (Failure f : failures) {
            if (shown++ == limit) {
                out.println("... and " + (failures.size() - limit) + " more failures");
                break;
            }
            out.println("FAIL " + f.reproduction());
            if (json) out.println("  " + f.json());
        }
        Map<KnownDifference, Integer> sorted = new EnumMap<>(KnownDifference.class);
        sorted.putAll(known);
        sorted.forEach((k, n) -> out.println("known difference, " + n + " case(s): " + k.description()));
        out.println(String.format(
                Locale.ROOT,
                "conformance against PyTorch: seed %d, %d cases in %.1f s",
                seed,
                total(),
                elapsed.toMillis() / 1000.0));
        out.println(passed + " passed, " + failed() + " failed");
    }
}
