package dev.descent.spec;

import java.util.List;

/** How a training run reports out: metric points, epoch ends and checkpoints. All methods are optional. */
public interface TrainingListener {

    /** New metric points, in step order. Called from the training thread; keep it quick. */
    default void onMetrics(List<MetricPoint> points) {}

    /** An epoch finished (1-based). */
    default void onEpochEnd(int epoch, long step) {}

    /** A checkpoint was taken (every epoch, and when cancelled). */
    default void onCheckpoint(Checkpoint checkpoint) {}

    TrainingListener NONE = new TrainingListener() {};
}
