package dev.descent.optim;

/**
 * Changes an optimizer's learning rate as training goes on. A trainer calls {@link #step()} after every batch or after
 * every epoch, as {@link #interval()} says; at the end of an epoch it may pass the validation loss to
 * {@link #step(double)}, which schedules that watch a metric use and others ignore. {@link #stateDict()} and
 * {@link #loadStateDict} let a resumed run continue the schedule.
 */
public interface LrScheduler {

    /** What one {@link #step()} stands for. */
    enum Interval {
        BATCH,
        EPOCH
    }

    Interval interval();

    void step();

    /** Steps with the metric just measured (e.g. the validation loss); only metric-driven schedules read it. */
    default void step(double metric) {
        step();
    }

    /** The first parameter group's current learning rate. */
    double lr();

    StateDict stateDict();

    void loadStateDict(StateDict saved);
}
