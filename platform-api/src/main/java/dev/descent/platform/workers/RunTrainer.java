package dev.descent.platform.workers;

import dev.descent.platform.runs.ClaimedRun;
import dev.descent.train.CancellationToken;
import dev.descent.train.Checkpoint;
import dev.descent.train.TrainResult;
import dev.descent.train.TrainingListener;

/** The training call a worker makes for a claimed run: load what it needs, train, report through the listener. */
public interface RunTrainer {

    /** @param resumeFrom the run's last checkpoint, or null to start from scratch */
    TrainResult train(ClaimedRun run, Checkpoint resumeFrom, TrainingListener listener, CancellationToken cancel);
}
