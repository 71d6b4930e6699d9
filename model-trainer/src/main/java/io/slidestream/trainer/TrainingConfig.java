package io.slidestream.trainer;

/**
 * How long and how the demo model trains.
 *
 * @param steps        Adam steps (bounded so training time is predictable)
 * @param batchSize    examples per step
 * @param learningRate Adam learning rate
 * @param seed         seeds the weights, the shuffling and the augmentation
 */
public record TrainingConfig(int steps, int batchSize, float learningRate, long seed) {

    public static final TrainingConfig DEFAULT = new TrainingConfig(600, 32, 1e-3f, 42);

    public TrainingConfig {
        if (steps < 1 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need steps >= 1, batchSize >= 1 and learningRate > 0");
        }
    }

    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(newSteps, batchSize, learningRate, seed);
    }
}
