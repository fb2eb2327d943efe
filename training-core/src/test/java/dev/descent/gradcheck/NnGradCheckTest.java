package dev.descent.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.autograd.GradCheck;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every nn op, recurrent network and loss passes its float64 finite-difference check, as `descent gradcheck` runs it.
 */
class NnGradCheckTest {

    static List<GradCheckCase> cases() {
        return NnCases.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(GradCheckCase c) {
        GradCheck.Result r = c.run();
        assertThat(r.passed()).as(c.name() + ": " + r.detail()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void theSuiteIncludesTheNnCases() {
        assertThat(GradCheckSuite.all()).containsAll(NnCases.cases());
        assertThat(NnCases.cases())
                .extracting(GradCheckCase::name)
                .contains(
                        "linear",
                        "conv2d",
                        "conv_transpose2d",
                        "max_pool2d",
                        "batch_norm_train",
                        "lstm_2layer_bidirectional",
                        "gru_2layer_bidirectional",
                        "rnn_tanh_2layer_bidirectional",
                        "cross_entropy",
                        "bce_with_logits")
                .doesNotHaveDuplicates();
    }
}
