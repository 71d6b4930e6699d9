package io.slidestream.trainer;

import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's two-tower InceptionV3, for GPU machines: its layout, a training step, and its package. */
class InceptionV3Test {

    @Test
    @DisplayName("each tower has exactly the weights of Keras's InceptionV3 without its top: 21,768,352 trained, 34,432 moving statistics")
    void towerMatchesKerasInceptionV3() {
        List<PatchClassifierNetwork.ParameterShape> shapes = PatchClassifierNetwork.parameterShapes(ModelKind.INCEPTION_V3);
        long patchTrainable = 0;
        long patchFixed = 0;
        for (PatchClassifierNetwork.ParameterShape shape : shapes) {
            if (shape.name().startsWith("patch_inception.")) {
                if (shape.trainable()) {
                    patchTrainable += shape.size();
                } else {
                    patchFixed += shape.size();
                }
            }
        }

        assertEquals(21_768_352, patchTrainable);
        assertEquals(34_432, patchFixed);
        assertEquals(94 * 4, shapes.stream().filter(s -> s.name().startsWith("context_inception.")).count(),
                "94 convolutions, each with kernel, beta, moving mean and moving variance");
    }

    @Test
    @DisplayName("a training step moves weights and moving statistics; the exported SavedModel scores as the trainer does")
    void trainsAStepAndExports(@TempDir Path dir) throws Exception {
        Random random = new Random(1);
        int n = 2;
        InputBatch batch = InputBatch.allocate(ModelKind.INCEPTION_V3.inputs(), n);
        for (float[] image : batch.images()) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat() * 2 - 1;
            }
        }
        ParameterSet initial = ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.INCEPTION_V3), 3);
        ParameterSet trained;
        float[] trainerScores;
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(ModelKind.INCEPTION_V3, TrainerState.fresh(initial), 1e-3f)) {
            float loss = trainer.step(batch, new float[] {1, 0}, new float[] {1, 1});
            assertTrue(Float.isFinite(loss), "loss " + loss);
            trained = trainer.parameters();
            trainerScores = trainer.predict(batch);
        }
        assertFalse(java.util.Arrays.equals(initial.get("patch_inception.conv1.kernel").values(),
                trained.get("patch_inception.conv1.kernel").values()), "kernels trained");
        assertFalse(java.util.Arrays.equals(initial.get("patch_inception.conv1.moving_mean").values(),
                trained.get("patch_inception.conv1.moving_mean").values()), "moving mean updated");

        ModelMetadata metadata = ModelMetadata.of("inception-test", "1", ModelKind.INCEPTION_V3.inputs(),
                SavedModelExporter.OUTPUT, ModelMetadata.MINUS_ONE_TO_ONE, 0.5);
        Path savedModel = dir.resolve("inception");
        SavedModelExporter.export(trained, metadata, savedModel);
        try (DjlPatchPredictor predictor = DjlPatchPredictor.load(savedModel)) {
            assertArrayEquals(trainerScores, predictor.predict(batch), 1e-5f);
        }
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.model(trained, metadata));
    }
}
