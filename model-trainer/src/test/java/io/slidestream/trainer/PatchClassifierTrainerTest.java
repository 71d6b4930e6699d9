package io.slidestream.trainer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchClassifierTrainerTest {
    private static final int SIZE = ModelKind.TWO_TOWER.patchSize();

    @Test
    @DisplayName("He initialisation: kernels have std sqrt(2 / fan-in), biases start at zero")
    void heInitialisation() {
        ParameterSet parameters = ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.TWO_TOWER), 1);

        float[] kernel = parameters.get("context_tower.conv2.kernel").values(); // 3·3·16 inputs, 32 outputs
        double sumOfSquares = 0;
        for (float v : kernel) {
            sumOfSquares += v * v;
        }
        assertEquals(Math.sqrt(2.0 / (3 * 3 * 16)), Math.sqrt(sumOfSquares / kernel.length), 0.01);
        for (float v : parameters.get("head.dense1.bias").values()) {
            assertEquals(0f, v);
        }
    }

    @Test
    @DisplayName("the same seed and batches give bit-identical weights; another seed does not")
    void trainingIsDeterministic() {
        Batch batch = Batch.toy(new Random(2), 16);

        ParameterSet first = trainBriefly(7, batch, 3);
        ParameterSet second = trainBriefly(7, batch, 3);
        ParameterSet otherSeed = trainBriefly(8, batch, 3);

        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
    }

    @Test
    @DisplayName("a few dozen Adam steps learn to tell bright patches from dark ones")
    void learnsASeparableProblem() {
        Batch batch = Batch.toy(new Random(4), 32);
        float[] weights = new float[32];
        java.util.Arrays.fill(weights, 1);
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(ModelKind.TWO_TOWER,
                TrainerState.fresh(ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.TWO_TOWER), 3)), 3e-3f)) {
            float firstLoss = trainer.step(batch.inputs, batch.labels, weights);
            float lastLoss = firstLoss;
            for (int step = 0; step < 40; step++) {
                lastLoss = trainer.step(batch.inputs, batch.labels, weights);
            }
            float[] p = trainer.predict(batch.inputs);
            boolean[] labels = new boolean[32];
            for (int i = 0; i < 32; i++) {
                labels[i] = batch.labels[i] == 1;
            }

            assertTrue(lastLoss < firstLoss / 4, "loss " + firstLoss + " -> " + lastLoss);
            assertEquals(1.0, BinaryMetrics.of(p, labels, 0.5).accuracy());
        }
    }

    private static ParameterSet trainBriefly(long seed, Batch batch, int steps) {
        float[] weights = new float[batch.labels.length];
        java.util.Arrays.fill(weights, 1);
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(ModelKind.TWO_TOWER,
                TrainerState.fresh(ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.TWO_TOWER), seed)), 1e-3f)) {
            for (int i = 0; i < steps; i++) {
                trainer.step(batch.inputs, batch.labels, weights);
            }
            return trainer.parameters();
        }
    }

    /** Noisy images whose label is whether they are brighter than mid-grey. */
    private record Batch(InputBatch inputs, float[] labels) {
        static Batch toy(Random random, int count) {
            InputBatch inputs = InputBatch.allocate(ModelKind.TWO_TOWER.inputs(), count);
            float[] labels = new float[count];
            for (int n = 0; n < count; n++) {
                labels[n] = n % 2;
                float level = labels[n] == 1 ? 0.3f : -0.3f;
                for (int i = n * InputBatch.valuesPerImage(SIZE); i < (n + 1) * InputBatch.valuesPerImage(SIZE); i++) {
                    inputs.patch()[i] = level + (float) random.nextGaussian() * 0.3f;
                    inputs.context()[i] = (float) random.nextGaussian() * 0.3f;
                }
            }
            return new Batch(inputs, labels);
        }
    }
}
