package dev.descent.optim;

/**
 * One learning rate that a schedule sets, with the initial value the schedule scales: a parameter group's, or another
 * engine's.
 */
public interface LearningRate {

    /** The rate the run started with: the base that formula schedules scale. */
    double initialLr();

    double lr();

    /** Zero is allowed: a cosine schedule ends there. */
    void setLr(double lr);
}
