package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.DType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator and the comparison, without PyTorch: reproducible cases, every family, differences caught. */
class CaseGenerationTest {

    @Test
    void theSameSeedAndIdGiveTheSameCaseBitForBit() {
        List<Family> families = Conformance.families();
        for (int id = 0; id < 200; id++) {
            assertThat(Json.write(Conformance.generate(9, id, families)))
                    .isEqualTo(Json.write(Conformance.generate(9, id, families)));
        }
        assertThat(Json.write(Conformance.generate(9, 1, families)))
                .isNotEqualTo(Json.write(Conformance.generate(10, 1, families)));
    }

    @Test
    void aThousandCasesCoverEveryFamilyNonContiguousInputsAndSecondOrder() {
        Set<String> families = new HashSet<>(), views = new HashSet<>();
        int secondOrder = 0;
        for (int id = 0; id < 1000; id++) {
            Case c = Conformance.generate(3, id, Conformance.families());
            families.add(c.family());
            if (c.order() == 2) secondOrder++;
            for (CaseInput in : c.inputs()) for (List<Object> v : in.views()) views.add((String) v.getFirst());
        }
        assertThat(families).containsExactlyInAnyOrderElementsOf(Conformance.familyNames());
        assertThat(views).contains("permute", "slice", "expand");
        assertThat(secondOrder).isGreaterThan(20);
    }

    @Test
    void everyOpTheGeneratorDrawsHasAJavaSide() {
        Map<String, Op> ops = new java.util.HashMap<>();
        Conformance.families().forEach(f -> f.register(ops));
        for (int id = 0; id < 3000; id++) {
            Case c = Conformance.generate(5, id, Conformance.families());
            assertThat(ops).as("op " + c.op()).containsKey(c.op());
        }
    }

    @Test
    void aCaseSurvivesTheWireFormat() {
        for (int id = 0; id < 100; id++) {
            Case c = Conformance.generate(4, id, Conformance.families());
            assertThat(Json.write(Json.readCase(Json.write(c)))).isEqualTo(Json.write(c));
        }
    }

    @Test
    void theComparisonCatchesDtypeShapeValueAndErrorDifferences() {
        TensorValue a = new TensorValue("float32", new int[] {2}, new double[] {1, 2});
        Outcome ok = new Outcome(List.of(a), null, null, null, null);
        assertThat(Compare.difference(ok, ok, 1, true)).isNull();
        Outcome f64 = new Outcome(
                List.of(new TensorValue("float64", new int[] {2}, new double[] {1, 2})), null, null, null, null);
        assertThat(Compare.difference(ok, f64, 1, false)).contains("dtype");
        Outcome shape = new Outcome(
                List.of(new TensorValue("float32", new int[] {1, 2}, new double[] {1, 2})), null, null, null, null);
        assertThat(Compare.difference(ok, shape, 1, true)).contains("shape");
        Outcome off = new Outcome(
                List.of(new TensorValue("float32", new int[] {2}, new double[] {1, 2.01})), null, null, null, null);
        assertThat(Compare.difference(ok, off, 1, true)).contains("flat index 1");
        Outcome nan = new Outcome(
                List.of(new TensorValue("float32", new int[] {2}, new double[] {1, Double.NaN})),
                null,
                null,
                null,
                null);
        assertThat(Compare.difference(ok, nan, 1, true)).isNotNull();
        assertThat(Compare.difference(nan, nan, 1, true)).isNull();
        assertThat(Compare.difference(Outcome.failed("x"), ok, 1, true)).contains("Descent raised");
        assertThat(Compare.difference(Outcome.failed("x"), Outcome.failed("y"), 1, true))
                .isNull();
    }

    @Test
    void aKnownDifferenceExcusesOnlyWhatItDocuments() {
        Case sign = new Case(
                0,
                0,
                "elementwise",
                "sign",
                List.of(new CaseInput(DType.FLOAT32, new int[] {2}, new double[] {Double.NaN, 2}, false, List.of())),
                List.of(new Case.Ref(0)),
                1);
        Outcome descent = new Outcome(
                List.of(new TensorValue("float32", new int[] {2}, new double[] {Double.NaN, 1})),
                null,
                null,
                null,
                null);
        Outcome torch = new Outcome(
                List.of(new TensorValue("float32", new int[] {2}, new double[] {0, 1})), null, null, null, null);
        assertThat(KnownDifference.explaining(sign, descent, torch, 1)).isEqualTo(KnownDifference.SIGN_OF_NAN);
        Outcome wrong = new Outcome(
                List.of(new TensorValue("float32", new int[] {2}, new double[] {Double.NaN, -1})),
                null,
                null,
                null,
                null);
        assertThat(KnownDifference.explaining(sign, wrong, torch, 1)).isNull();
        Case abs = new Case(0, 0, "elementwise", "exp", sign.inputs(), sign.args(), 1);
        assertThat(KnownDifference.explaining(abs, descent, torch, 1)).isNull();
    }
}
