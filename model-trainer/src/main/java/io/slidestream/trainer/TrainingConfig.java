package io.slidestream.trainer;

/**
 * How long and how the demo model trains.
 *
 * @param steps        most Adam steps (bounded so training time is predictable)
 * @param batchSize    examples per step
 * @param learningRate Adam learning rate
 * @param seed         seeds the weights, the shuffling and the augmentation
 * @param patience     epochs without a better validation result after which training stops early
 */
public record TrainingConfig(int steps, int batchSize, float learningRate, long seed, int patience) {

    public static final TrainingConfig DEFAULT = new TrainingConfig(1500, 32, 1e-3f, 42, 5);

    public TrainingConfig {
        if (steps < 1 || batchSize < 1 || !(learningRate > 0) || patience < 1) {
            throw new IllegalArgumentException("need steps >= 1, batchSize >= 1, learningRate > 0 and patience >= 1");
        }
    }

    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(newSteps, batchSize, learningRate, seed, patience);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(steps, batchSize, learningRate, newSeed, patience);
    }

    public TrainingConfig withPatience(int newPatience) {
        return new TrainingConfig(steps, batchSize, learningRate, seed, newPatience);
    }
}
