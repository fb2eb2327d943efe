package dev.descent.conformance;

import java.util.Map;

/**
 * One family of conformance cases: it draws random cases of its ops and gives the Java side of each op; the Python side
 * of the same names lives in {@code torch_oracle.py}.
 */
interface Family {

    /** The family's name in reports and in {@code --family}. */
    String name();

    /** How many cases of every thousand this family gets. */
    int weight();

    /** One random case, drawn from {@code b}. */
    Case draw(CaseBuilder b);

    /** A factor on the comparison's tolerances, for families whose results accumulate rounding (optimizers). */
    default double tolerance() {
        return 1;
    }

    /** Adds this family's ops to the table. */
    void register(Map<String, Op> ops);
}
