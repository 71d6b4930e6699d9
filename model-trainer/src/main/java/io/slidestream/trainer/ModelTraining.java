package io.slidestream.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The training loop: augmented mini-batches drawn epoch by epoch from a {@link TrainingSet}, then a
 * patch-level evaluation on held-out examples. The same inputs and config give the same weights.
 */
final class ModelTraining {

    private static final System.Logger LOG = System.getLogger(ModelTraining.class.getName());
    private static final int EVALUATION_BATCH = 128;
    private static final int LOG_EVERY = 100;

    /**
     * @param parameters the trained weights
     * @param validation patch-level metrics on the held-out examples at the demo threshold
     * @param msPerStep  mean wall time of one training step (batch assembly included)
     */
    record Outcome(ParameterSet parameters, BinaryMetrics validation, double msPerStep) {
    }

    private ModelTraining() {
    }

    static Outcome train(TrainingSet trainingSet, List<LabelledPatch> validation, TrainingConfig config, double threshold) {
        ParameterSet initial = ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(), config.seed());
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(initial, config.learningRate())) {
            SplittableRandom augmentation = new SplittableRandom(config.seed());
            Random shuffling = new Random(config.seed());
            List<LabelledPatch> order = new ArrayList<>(trainingSet.examples());
            int next = order.size();
            InputBatch batch = InputBatch.allocate(config.batchSize());
            float[] labels = new float[config.batchSize()];
            float[] weights = new float[config.batchSize()];
            long start = System.nanoTime();
            double recentLoss = 0;
            for (int step = 1; step <= config.steps(); step++) {
                for (int i = 0; i < config.batchSize(); i++) {
                    if (next == order.size()) {
                        Collections.shuffle(order, shuffling);
                        next = 0;
                    }
                    LabelledPatch example = order.get(next++);
                    PatchAugmenter.writeAugmented(example, augmentation, batch, i);
                    labels[i] = example.tumour() ? 1 : 0;
                    weights[i] = trainingSet.weight(example);
                }
                recentLoss += trainer.step(batch, labels, weights);
                if (step % LOG_EVERY == 0) {
                    LOG.log(System.Logger.Level.INFO, "step {0}/{1}: mean loss {2}", step, config.steps(),
                            String.format("%.4f", recentLoss / LOG_EVERY));
                    recentLoss = 0;
                }
            }
            double msPerStep = (System.nanoTime() - start) / 1e6 / config.steps();
            BinaryMetrics metrics = BinaryMetrics.of(predict(trainer::predict, validation), labels(validation), threshold);
            return new Outcome(trainer.parameters(), metrics, msPerStep);
        }
    }

    /** A model as evaluation sees it: the in-training graph here, the exported SavedModel in tests. */
    @FunctionalInterface
    interface BatchPredictor {
        float[] predict(InputBatch batch) throws Exception;
    }

    /** Probabilities of un-augmented examples, in evaluation-sized batches. */
    static float[] predict(BatchPredictor model, List<LabelledPatch> examples) {
        float[] probabilities = new float[examples.size()];
        for (int from = 0; from < examples.size(); from += EVALUATION_BATCH) {
            int count = Math.min(EVALUATION_BATCH, examples.size() - from);
            InputBatch batch = InputBatch.allocate(count);
            for (int i = 0; i < count; i++) {
                PatchAugmenter.writePlain(examples.get(from + i), batch, i);
            }
            try {
                System.arraycopy(model.predict(batch), 0, probabilities, from, count);
            } catch (Exception e) {
                throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
            }
        }
        return probabilities;
    }

    static boolean[] labels(List<LabelledPatch> examples) {
        boolean[] labels = new boolean[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).tumour();
        }
        return labels;
    }
}
