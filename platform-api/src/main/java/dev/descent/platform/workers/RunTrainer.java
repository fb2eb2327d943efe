package dev.descent.platform.workers;

import dev.descent.platform.runs.ClaimedRun;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;

/** The training call a worker makes for a claimed run: load what it needs, train, report through the listener. */
public interface RunTrainer {

    /** @param resumeFrom the run's last checkpoint, or null to start from scratch */
    TrainResult train(ClaimedRun run, Checkpoint resumeFrom, TrainingListener listener, CancellationToken cancel);
}
