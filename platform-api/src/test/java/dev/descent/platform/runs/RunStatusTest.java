package dev.descent.platform.runs;

import static dev.descent.platform.runs.RunStatus.CANCELLED;
import static dev.descent.platform.runs.RunStatus.FAILED;
import static dev.descent.platform.runs.RunStatus.QUEUED;
import static dev.descent.platform.runs.RunStatus.RUNNING;
import static dev.descent.platform.runs.RunStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.platform.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run lifecycle as the enums define it, and the database's checks agreeing with them. */
class RunStatusTest {

    @Test
    void aQueuedRunIsClaimedOrCancelledAndNothingElse() {
        assertThat(QUEUED.successors()).containsExactlyInAnyOrder(RUNNING, CANCELLED);
        assertThat(QUEUED.canMoveTo(SUCCEEDED)).isFalse();
        assertThat(QUEUED.canMoveTo(FAILED)).isFalse();
    }

    @Test
    void aRunningRunEndsOrGoesBackToTheQueue() {
        assertThat(RUNNING.successors()).containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED, QUEUED);
    }

    @Test
    void finalStatusesHaveNoWayOut() {
        for (RunStatus s : List.of(SUCCEEDED, FAILED, CANCELLED)) {
            assertThat(s.isFinal()).as(s.name()).isTrue();
            assertThat(s.successors()).as(s.name()).isEmpty();
        }
        assertThat(QUEUED.isFinal()).isFalse();
        assertThat(RUNNING.isFinal()).isFalse();
        assertThat(RunStatus.active()).containsExactly(QUEUED, RUNNING);
    }

    @Test
    void noStatusMovesToItself() {
        for (RunStatus s : RunStatus.values())
            assertThat(s.canMoveTo(s)).as(s.name()).isFalse();
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheFieldAndTheChoices() {
        assertThat(RunStatus.parse("RUNNING", "status")).isEqualTo(RUNNING);
        assertThatThrownBy(() -> RunStatus.parse("running", "status"))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.field()).isEqualTo("status"))
                .hasMessage("unknown status 'running'; expected one of QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED");
    }

    @Test
    void everyReasonExplainsOnlyStatusesARunCanReachThroughATransition() {
        for (RunReason r : RunReason.values()) {
            assertThat(r.statuses()).as(r.name()).isNotEmpty();
            for (RunStatus s : r.statuses())
                assertThat(s == QUEUED || s.isFinal()).as(r + " explains " + s).isTrue();
        }
        assertThat(RunReason.LEASE_LOST.statuses()).containsExactlyInAnyOrder(QUEUED, FAILED);
        assertThat(RunReason.WORKER_SHUTDOWN.statuses()).containsExactly(QUEUED);
        assertThat(RunReason.STOPPED_EARLY.statuses()).containsExactly(CANCELLED);
        assertThat(RunReason.TIMED_OUT.statuses()).containsExactly(FAILED);
    }

    @Test
    void everyFinalStatusHasAReasonToEndWith() {
        EnumSet<RunStatus> explained = EnumSet.noneOf(RunStatus.class);
        for (RunReason r : RunReason.values()) explained.addAll(r.statuses());
        assertThat(explained).contains(SUCCEEDED, FAILED, CANCELLED, QUEUED).doesNotContain(RUNNING);
    }

    @Test
    void anOutcomeIsAFinalStatusWithAReasonThatExplainsIt() {
        RunOutcome asha = RunOutcome.cancelled(RunReason.STOPPED_EARLY, "stopped early by ASHA at epoch 3");
        assertThat(asha.status()).isEqualTo(CANCELLED);
        assertThatThrownBy(() -> new RunOutcome(QUEUED, RunReason.WORKER_SHUTDOWN, "requeued"))
                .hasMessageContaining("not a final status");
        assertThatThrownBy(() -> RunOutcome.succeeded(RunReason.DIVERGED, "diverged at step 3"))
                .hasMessage("DIVERGED does not explain a SUCCEEDED run");
        assertThatThrownBy(() -> RunOutcome.failed(RunReason.ERROR, " ")).hasMessageContaining("needs a message");
    }

    @Test
    void theSchemaChecksExactlyTheStatusesOfTheEnum() throws IOException {
        String v3 = migration("V3__workers_runs.sql");
        String check = v3.substring(v3.indexOf("status           text"));
        check = check.substring(0, check.indexOf('\n'));
        for (RunStatus s : RunStatus.values()) assertThat(check).contains("'" + s.name() + "'");
        assertThat(check.chars().filter(c -> c == '\'').count()).isEqualTo(2L * RunStatus.values().length);
    }

    @Test
    void theSchemaChecksExactlyTheReasonsOfTheEnum() throws IOException {
        String v5 = migration("V5__run_status_reason.sql");
        String check = v5.substring(v5.indexOf("check (status_reason in ("), v5.indexOf("));"));
        List<String> listed = Arrays.stream(
                        check.substring(check.indexOf("in (") + 4).split(","))
                .map(s -> s.strip().replace("'", ""))
                .toList();
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(RunReason.values()).map(Enum::name).toList());
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = RunStatusTest.class.getResourceAsStream("/db/migration/" + name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
