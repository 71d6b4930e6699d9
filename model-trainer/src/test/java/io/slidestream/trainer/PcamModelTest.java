package io.slidestream.trainer;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 003's PCam-style model: one 96 px input, through both exporters and both engines. */
class PcamModelTest {

    private static final int SIZE = 96;

    @Test
    @DisplayName("a one-input 96 px model trains a step, exports as SavedModel and ONNX, and both engines agree within 1e-5")
    void singleInputModelThroughBothEngines(@TempDir Path dir) throws Exception {
        ModelMetadata metadata = ModelMetadata.of("pcam-test", "1", ModelKind.PCAM.inputs(), SavedModelExporter.OUTPUT,
                ModelMetadata.MINUS_ONE_TO_ONE, 0.5);
        assertEquals(1, metadata.profile().inputs().size());
        assertEquals(96, metadata.profile().patch().size());
        assertEquals(96.0, metadata.profile().cellEdgeUm(), 1e-9, "96 px at 1 µm/px: 96 µm cells");

        Random random = new Random(4);
        List<LabelledPatch> patches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] rgb = new byte[SIZE * SIZE * 3];
            random.nextBytes(rgb);
            patches.add(new LabelledPatch(new byte[][] {rgb}, i % 2 == 0, i, 0));
        }
        ParameterSet trained;
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(ModelKind.PCAM,
                TrainerState.fresh(ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.PCAM), 2)), 1e-3f)) {
            InputBatch batch = InputBatch.allocate(ModelKind.PCAM.inputs(), patches.size());
            float[] labels = new float[patches.size()];
            float[] weights = new float[patches.size()];
            for (int i = 0; i < patches.size(); i++) {
                PatchAugmenter.writeAugmented(patches.get(i), random, batch, i);
                labels[i] = patches.get(i).tumour() ? 1 : 0;
                weights[i] = 1;
            }
            assertTrue(Float.isFinite(trainer.step(batch, labels, weights)));
            trained = trainer.parameters();
        }
        Path savedModel = dir.resolve("pcam");
        SavedModelExporter.export(trained, metadata, savedModel);
        Path onnx = DemoModel.exportOnnx(savedModel);

        float[] tensorflow;
        try (DjlPatchPredictor predictor = DjlPatchPredictor.load(savedModel)) {
            tensorflow = ModelTraining.predict(ModelKind.PCAM, predictor::predict, patches);
        }
        assertEquals(List.of("patch"), ModelMetadata.read(onnx).inputs().stream().map(i -> i.name()).toList());
        try (ZooModel<NDList, NDList> model = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(onnx).optEngine("OnnxRuntime").build().loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            float[] values = new float[patches.size() * 3 * SIZE * SIZE];
            int plane = SIZE * SIZE;
            for (int k = 0; k < patches.size(); k++) {
                byte[] rgb = patches.get(k).patch();
                for (int pixel = 0; pixel < plane; pixel++) {
                    for (int c = 0; c < 3; c++) {
                        values[(k * 3 + c) * plane + pixel] = (rgb[pixel * 3 + c] & 0xff) / 127.5f - 1;
                    }
                }
            }
            NDArray input = manager.create(FloatBuffer.wrap(values), new Shape(patches.size(), 3, SIZE, SIZE));
            input.setName("patch");
            float[] onnxRuntime = predictor.predict(new NDList(input)).get(SavedModelExporter.OUTPUT).toFloatArray();
            assertArrayEquals(tensorflow, onnxRuntime, 1e-5f);
        }
    }
}
