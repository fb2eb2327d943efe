package dev.descent.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void keepsFourSignificantDigitsAtAnyScale() {
        assertThat(Figures.round(123456.7)).isEqualTo(123500.0);
        assertThat(Figures.round(0.000123456)).isEqualTo(0.0001235);
        assertThat(Figures.round(-2.71828)).isEqualTo(-2.718);
        assertThat(Figures.round(0)).isZero();
        assertThat(Figures.round(Double.NaN)).isNaN();
        assertThat(Figures.round(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
    }
}
