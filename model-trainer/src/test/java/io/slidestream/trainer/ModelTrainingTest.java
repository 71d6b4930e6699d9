package io.slidestream.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training loop on a toy task: a patch is "tumour" when it is brighter than mid-grey. */
class ModelTrainingTest {
    private static final int SIZE = ModelKind.TWO_TOWER.patchSize();
    private static final int EXAMPLES = 48;
    private static final int BATCH = 8;
    private static final int STEPS_PER_EPOCH = EXAMPLES / BATCH;
    private static final TrainingSet TRAINING = TrainingSet.of(toyExamples(new Random(1), false), 0);
    private static final List<LabelledPatch> VALIDATION = toyExamples(new Random(2), false);

    @Test
    void aRunStoppedAfterTwoEpochsAndResumedEndsWithTheWeightsOfOneThatNeverStopped(@TempDir Path dir) {
        TrainingConfig fourEpochs = config(4 * STEPS_PER_EPOCH, 100);
        ModelTraining.Outcome straight = ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, VALIDATION, fourEpochs);

        ModelTraining.Outcome firstHalf = ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, VALIDATION, config(2 * STEPS_PER_EPOCH, 100),
                Optional.of(dir), Optional.empty());
        assertEquals(2, firstHalf.history().size());
        assertTrue(Files.exists(dir.resolve(TrainingCheckpoint.FILE_NAME)));
        ModelTraining.Outcome resumed = ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, VALIDATION, fourEpochs, Optional.of(dir), Optional.empty());

        assertEquals(straight.history(), resumed.history(), "same losses and validation results, epoch by epoch");
        assertEquals(straight.parameters(), resumed.parameters());
        assertEquals(straight.bestEpoch(), resumed.bestEpoch());
        assertTrue(straight.validation().auc() > 0.9, "the toy task is learnt: AUC " + straight.validation().auc());
    }

    @Test
    void withoutABetterValidationResultTrainingStopsAfterThePatienceAndKeepsTheBestEpoch() {
        // Validation labels are the opposite of the training rule: learning soon makes them only worse, so
        // patience 2 stops training long before the budget of 10 epochs.
        List<LabelledPatch> inverted = toyExamples(new Random(2), true);
        ModelTraining.Outcome stopped = ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, inverted, config(10 * STEPS_PER_EPOCH, 2));

        assertTrue(stopped.stoppedEarly());
        assertTrue(stopped.history().size() < 10);
        assertEquals(stopped.bestEpoch() + 2, stopped.history().size(), "two epochs after the best one");
        TrainingCheckpoint.EpochResult best = stopped.history().get(stopped.bestEpoch() - 1);
        stopped.history().forEach(epoch -> assertFalse(epoch.betterThan(best), "epoch " + epoch.epoch()));
        ModelTraining.Outcome untilBest = ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, inverted,
                config(stopped.bestEpoch() * STEPS_PER_EPOCH, 2));
        assertFalse(untilBest.stoppedEarly());
        assertEquals(untilBest.parameters(), stopped.parameters(), "the best epoch's weights, not the last one's");
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) {
        ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, VALIDATION, config(STEPS_PER_EPOCH, 100), Optional.of(dir), Optional.empty());
        TrainingConfig otherSeed = new TrainingConfig(2 * STEPS_PER_EPOCH, BATCH, 3e-3f, 99, 100);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, VALIDATION, otherSeed, Optional.of(dir), Optional.empty()));
        assertTrue(refused.getMessage().contains("another training run"), refused.getMessage());
    }

    @Test
    void aFileThatIsNoCheckpointIsRefusedNamingItAndABadPatienceIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TrainingCheckpoint.FILE_NAME), "not a checkpoint");
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> ModelTraining.train(ModelKind.TWO_TOWER, TRAINING, VALIDATION, config(STEPS_PER_EPOCH, 100), Optional.of(dir), Optional.empty()));
        assertTrue(refused.getMessage().contains(TrainingCheckpoint.FILE_NAME), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(STEPS_PER_EPOCH, 0));
    }

    @Test
    void equalAucsAreSeparatedByTheValidationLoss() {
        var sure = new TrainingCheckpoint.EpochResult(2, 6, 0.1, 1.0, 0.05);
        var unsure = new TrainingCheckpoint.EpochResult(1, 6, 0.3, 1.0, 0.40);
        var worseAuc = new TrainingCheckpoint.EpochResult(3, 6, 0.01, 0.9, 0.01);
        assertTrue(sure.betterThan(unsure));
        assertFalse(unsure.betterThan(sure));
        assertTrue(unsure.betterThan(worseAuc), "AUC first");
        // -(ln 0.8 + ln(1 - 0.4)) / 2 = (0.22314 + 0.51083) / 2
        assertEquals(0.366985, ModelTraining.crossEntropy(new float[] {0.8f, 0.4f}, new boolean[] {true, false}), 1e-5);
        assertNotEquals(Double.POSITIVE_INFINITY, ModelTraining.crossEntropy(new float[] {0f}, new boolean[] {true}));
    }

    private static TrainingConfig config(int steps, int patience) {
        return new TrainingConfig(steps, BATCH, 3e-3f, 5, patience);
    }

    /** Noisy grey patches, half brighter than mid-grey; {@code inverted}: the dark ones are labelled tumour. */
    private static List<LabelledPatch> toyExamples(Random random, boolean inverted) {
        List<LabelledPatch> examples = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            boolean bright = i % 2 == 0;
            byte[] pixels = new byte[SIZE * SIZE * 3];
            for (int v = 0; v < pixels.length; v++) {
                pixels[v] = (byte) Math.clamp((bright ? 170 : 85) + random.nextInt(41) - 20, 0, 255);
            }
            examples.add(new LabelledPatch(pixels, pixels.clone(), bright != inverted, i, 0));
        }
        return examples;
    }
}
