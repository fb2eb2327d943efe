package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.gradcheck.GradCheckCase;
import dev.descent.gradcheck.GradCheckSuite;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GradCheckSuiteTest {

    static List<GradCheckCase> cases() {
        return GradCheckSuite.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(GradCheckCase c) {
        GradCheck.Result r = c.run();
        assertThat(r.passed()).as(c.name() + ": " + r.detail()).isTrue();
    }
}
