package dev.descent.platform.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Worker ids guard every lease, so two processes must never hand out the same one. */
class WorkerIdsTest {

    @Test
    void twoProcessesWithTheSameHostAndPidNameTheirWorkersApart() {
        // Two containers on the host's network, each running the JVM as pid 1.
        String first = WorkerPool.idPrefix("gpu-box", 1);
        String second = WorkerPool.idPrefix("gpu-box", 1);
        assertThat(first).startsWith("gpu-box-1-").isNotEqualTo(second);
    }
}
