package dev.descent.optim;

import java.util.List;

/**
 * What an lr schedule drives: the learning rates of an {@link Optimizer}'s parameter groups, or of an optimizer that
 * lives in another engine ({@link Single}), so every engine shares one implementation of every schedule.
 */
public interface LearningRates {

    /** Every rate, first group first. */
    List<? extends LearningRate> learningRates();

    /** The first rate (the one a trainer logs). */
    default double lr() {
        return learningRates().getFirst().lr();
    }

    /** One learning rate on its own, starting at {@code lr}: what an engine with its own optimizer hands a schedule. */
    static Single single(double lr) {
        return new Single(lr);
    }

    /** A single learning rate that is its own holder. */
    final class Single implements LearningRate, LearningRates {
        private final double initialLr;
        private double lr;

        private Single(double lr) {
            this.initialLr = Check.positive("lr", "learning rate", lr);
            this.lr = lr;
        }

        @Override
        public List<Single> learningRates() {
            return List.of(this);
        }

        @Override
        public double initialLr() {
            return initialLr;
        }

        @Override
        public double lr() {
            return lr;
        }

        @Override
        public void setLr(double lr) {
            if (!(lr >= 0) || Double.isInfinite(lr))
                throw new HyperParameterException("lr", "learning rate must be >= 0, got " + Check.format(lr));
            this.lr = lr;
        }

        @Override
        public String toString() {
            return "LearningRate(" + lr + ", initially " + initialLr + ")";
        }
    }
}
