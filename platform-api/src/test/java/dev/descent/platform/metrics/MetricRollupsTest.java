package dev.descent.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.spec.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one batch adds to the rollup buckets and the latest-value table, before any SQL. */
class MetricRollupsTest {
    private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void aBatchContributesOneBucketPerKeyAndWidthHoldingMinMaxAndTheLastPoint() {
        List<MetricPoint> batch = new ArrayList<>();
        for (long step = 0; step < 130; step++) batch.add(point("train/loss", step, (double) (100 - step)));
        List<MetricWriter.Rollup> rollups = MetricWriter.rollups(batch);

        // Width 64: buckets 0, 1 and 2 (steps 128, 129); every wider width: bucket 0 alone.
        assertThat(rollups).hasSize(3 + MetricWriter.ROLLUP_WIDTHS.length - 1);
        MetricWriter.Rollup second = find(rollups, 64, 1);
        assertThat(second.min).isEqualTo(100 - 127);
        assertThat(second.max).isEqualTo(100 - 64);
        assertThat(second.lastStep).isEqualTo(127);
        assertThat(second.lastValue).isEqualTo(100 - 127);
        MetricWriter.Rollup all = find(rollups, 512, 0);
        assertThat(all.min).isEqualTo(100 - 129);
        assertThat(all.max).isEqualTo(100);
        assertThat(all.lastStep).isEqualTo(129);
    }

    @Test
    void nanCountsAsTheLargestValueAsPostgreSqlOrdersIt() {
        List<MetricWriter.Rollup> rollups = MetricWriter.rollups(
                List.of(point("loss", 0, 1.0), point("loss", 1, Double.NaN), point("loss", 2, -1)));
        MetricWriter.Rollup r = find(rollups, 64, 0);
        assertThat(r.max).isNaN();
        assertThat(r.min).isEqualTo(-1.0);
        assertThat(r.lastValue).isEqualTo(-1.0);
    }

    @Test
    void bucketsAreSortedByKeyWidthAndBucketSoConcurrentWritersLockRowsInOneOrder() {
        List<MetricWriter.Rollup> rollups = MetricWriter.rollups(List.of(
                point("val/loss", 70_000, 1),
                point("train/loss", 5, 1),
                point("train/loss", 600, 1),
                point("lr", 0, 0.1)));
        for (int i = 1; i < rollups.size(); i++) {
            MetricWriter.Rollup a = rollups.get(i - 1), b = rollups.get(i);
            assertThat(new MetricWriter.Rollup.Id(a.key, a.width, a.bucket))
                    .isLessThan(new MetricWriter.Rollup.Id(b.key, b.width, b.bucket));
        }
        assertThat(rollups.getFirst().key).isEqualTo("lr");
    }

    @Test
    void theLatestValueOfEachKeyIsItsHighestStepAndTheFirstSentOfARepeatedOne() {
        List<MetricWriter.KeySummary> summaries = MetricWriter.summaries(List.of(
                point("train/loss", 3, 0.5),
                point("lr", 3, 0.1),
                point("train/loss", 9, 0.2),
                point("train/loss", 9, 0.7),
                point("train/loss", 4, 0.4)));
        assertThat(summaries.stream().map(MetricWriter.KeySummary::latest))
                .containsExactly(point("lr", 3, 0.1), point("train/loss", 9, 0.2));
    }

    @Test
    void theBestOfALossIsItsLowestFiniteValueAndOfAnythingElseItsHighestAtTheEarliestStep() {
        List<MetricWriter.KeySummary> summaries = MetricWriter.summaries(List.of(
                point("train/loss", 1, 0.5),
                point("train/loss", 2, Double.NaN),
                point("train/loss", 3, 0.2),
                point("train/loss", 4, 0.2),
                point("train/loss", 5, Double.NEGATIVE_INFINITY),
                point("val/accuracy", 1, 0.7),
                point("val/accuracy", 2, 0.9),
                point("val/accuracy", 3, 0.8),
                point("sys/nan", 1, Double.NaN)));
        assertThat(summaries)
                .containsExactly(
                        new MetricWriter.KeySummary(point("sys/nan", 1, Double.NaN), null, 0),
                        new MetricWriter.KeySummary(point("train/loss", 5, Double.NEGATIVE_INFINITY), 0.2, 3),
                        new MetricWriter.KeySummary(point("val/accuracy", 3, 0.8), 0.9, 2));
        assertThat(MetricWriter.lowerIsBetter("val/error_rate")).isTrue();
        assertThat(MetricWriter.lowerIsBetter("loss/accuracy")).isFalse();
    }

    private static MetricPoint point(String key, long step, double value) {
        return new MetricPoint(key, step, value, T);
    }

    private static MetricWriter.Rollup find(List<MetricWriter.Rollup> rollups, long width, long bucket) {
        return rollups.stream()
                .filter(r -> r.width == width && r.bucket == bucket)
                .findFirst()
                .orElseThrow();
    }
}
