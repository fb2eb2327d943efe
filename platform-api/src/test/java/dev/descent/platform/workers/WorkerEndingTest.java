package dev.descent.platform.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.runs.RunOutcome;
import dev.descent.platform.runs.RunReason;
import dev.descent.platform.runs.RunStatus;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.CancellationToken.Cause;
import dev.descent.spec.ConfigException;
import dev.descent.spec.TrainResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a worker ends its run from what training returned and why it was stopped: no database, no threads. */
class WorkerEndingTest {

    @Test
    void aRunThatTrainedEveryEpochSucceedsAsCompleted() {
        assertThat(finish(result(TrainResult.Status.SUCCEEDED, "", 3), null))
                .isEqualTo(RunOutcome.succeeded(RunReason.COMPLETED, "completed 3 epochs"));
    }

    @Test
    void earlyStoppingOnPatienceSucceedsSayingWhy() {
        assertThat(finish(result(TrainResult.Status.EARLY_STOPPED, "no better validation loss for 3 epochs", 7), null))
                .isEqualTo(RunOutcome.succeeded(RunReason.NO_IMPROVEMENT, "no better validation loss for 3 epochs"));
    }

    @Test
    void aDivergedRunFailsNamingTheStep() {
        assertThat(finish(result(TrainResult.Status.DIVERGED, "diverged at step 3", 0), null))
                .isEqualTo(RunOutcome.failed(RunReason.DIVERGED, "diverged at step 3"));
    }

    @Test
    void aUsersCancelEndsTheRunCancelled() {
        assertThat(finish(cancelled(), token(Cause.USER, null)))
                .isEqualTo(RunOutcome.cancelled(RunReason.CANCELLED_BY_USER, "cancelled by a user"));
    }

    @Test
    void aSweepsEarlyStopEndsTheRunCancelledWithTheSchedulersWords() {
        assertThat(finish(cancelled(), token(Cause.STOPPED_EARLY, "stopped early by ASHA at epoch 3")))
                .isEqualTo(RunOutcome.cancelled(RunReason.STOPPED_EARLY, "stopped early by ASHA at epoch 3"));
    }

    @Test
    void aRunOutOfTimeFails() {
        RunOutcome o = finish(cancelled(), token(Cause.TIMED_OUT, "ran past its 30 minutes (timeoutMinutes)"));
        assertThat(o.status()).isEqualTo(RunStatus.FAILED);
        assertThat(o.reason()).isEqualTo(RunReason.TIMED_OUT);
        assertThat(o.message()).isEqualTo("ran past its 30 minutes (timeoutMinutes)");
    }

    @Test
    void aShutdownGivesAStoppedRunBackButEndsOneThatFinishedMeanwhile() {
        assertThat(Worker.ending(cancelled(), null, token(Cause.SHUTDOWN, null)))
                .isEqualTo(new Worker.Ending.GiveBack());
        assertThat(Worker.ending(result(TrainResult.Status.SUCCEEDED, "", 2), null, token(Cause.SHUTDOWN, null)))
                .isInstanceOf(Worker.Ending.Finish.class);
    }

    @Test
    void aWorkerThatLostItsLeaveTheRunAloneWhateverTrainingReturned() {
        CancellationToken lost = token(Cause.LEASE_LOST, null);
        assertThat(Worker.ending(cancelled(), null, lost)).isEqualTo(new Worker.Ending.LeaveIt());
        assertThat(Worker.ending(null, new IllegalStateException("boom"), lost)).isEqualTo(new Worker.Ending.LeaveIt());
    }

    @Test
    void aThrownErrorFailsTheRunWithItsMessageOrItsTypeWhenTheMessageSaysNothing() {
        assertThat(Worker.ending(
                        null, new ConfigException("optimizer.lr", "must be > 0, got -1"), new CancellationToken()))
                .isEqualTo(new Worker.Ending.Finish(
                        RunOutcome.failed(RunReason.ERROR, "optimizer.lr: must be > 0, got -1")));
        RunOutcome linkage = ((Worker.Ending.Finish) Worker.ending(
                        null, new NoClassDefFoundError("jdk/incubator/vector/Vector"), new CancellationToken()))
                .outcome();
        assertThat(linkage.message()).isEqualTo("java.lang.NoClassDefFoundError: jdk/incubator/vector/Vector");
    }

    private static RunOutcome finish(TrainResult r, CancellationToken token) {
        Worker.Ending e = Worker.ending(r, null, token == null ? new CancellationToken() : token);
        assertThat(e).isInstanceOf(Worker.Ending.Finish.class);
        return ((Worker.Ending.Finish) e).outcome();
    }

    private static CancellationToken token(Cause cause, String detail) {
        CancellationToken t = new CancellationToken();
        t.cancel(cause, detail);
        return t;
    }

    private static TrainResult cancelled() {
        return result(TrainResult.Status.CANCELLED, "cancelled", 1);
    }

    private static TrainResult result(TrainResult.Status status, String message, int epochs) {
        return new TrainResult(status, message, epochs, 10L * epochs, List.of(), 0, 0, Map.of());
    }
}
