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

/** Seed 002's fully convolutional segmenter: a tumour map per patch, trained per pixel, through both engines. */
class FcnModelTest {

    private static final int SIZE = 64;
    private static final int MAP = 16;

    @Test
    @DisplayName("per-pixel training learns a map that follows the labelled half of the patch")
    void learnsWhereTheTumourIs() {
        // Bright left half labelled tumour, dark right half normal (and mirrored examples): a map, not one label.
        List<LabelledPatch> examples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            examples.add(halves(i % 2 == 0, i));
        }
        TrainingSet set = TrainingSet.of(examples, MAP);
        assertEquals(32 * MAP * MAP, set.labels());
        assertEquals(32 * MAP * MAP / 2, set.tumourLabels());

        ParameterSet initial = ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.FCN), 5);
        float[] map;
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(ModelKind.FCN, TrainerState.fresh(initial), 3e-3f)) {
            Random random = new Random(6);
            InputBatch batch = InputBatch.allocate(ModelKind.FCN.inputs(), 8);
            float[] labels = new float[8 * MAP * MAP];
            float[] weights = new float[labels.length];
            java.util.Arrays.fill(weights, 1);
            for (int step = 0; step < 60; step++) {
                for (int i = 0; i < 8; i++) {
                    LabelledPatch example = examples.get(random.nextInt(examples.size()));
                    int orientation = PatchAugmenter.writeAugmented(example, random, batch, i);
                    PatchAugmenter.writeLabels(example, orientation, MAP, labels, i);
                }
                trainer.step(batch, labels, weights);
            }
            InputBatch plain = InputBatch.allocate(ModelKind.FCN.inputs(), 1);
            PatchAugmenter.writePlain(halves(true, 0), plain, 0);
            map = trainer.predict(plain);
        }
        assertEquals(MAP * MAP, map.length);
        double left = 0;
        double right = 0;
        for (int y = 0; y < MAP; y++) {
            for (int x = 0; x < MAP; x++) {
                if (x < MAP / 2) {
                    left += map[y * MAP + x];
                } else {
                    right += map[y * MAP + x];
                }
            }
        }
        left /= MAP * MAP / 2.0;
        right /= MAP * MAP / 2.0;
        assertTrue(left > 0.8 && right < 0.2, "mean probability left " + left + ", right " + right);
    }

    @Test
    @DisplayName("the FCN's threshold is chosen per map pixel: it splits a patch's map into its tumour and normal halves")
    void thresholdPerMapPixel() {
        List<LabelledPatch> examples = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            examples.add(halves(i % 2 == 0, i));
        }
        ModelTraining.Outcome outcome = ModelTraining.train(ModelKind.FCN, TrainingSet.of(examples, MAP), examples,
                new TrainingConfig(60, 8, 3e-3f, 5, 100));

        float[] map;
        try (PatchClassifierTrainer trained = new PatchClassifierTrainer(ModelKind.FCN, TrainerState.fresh(outcome.parameters()), 1e-3f)) {
            InputBatch plain = InputBatch.allocate(ModelKind.FCN.inputs(), 1);
            PatchAugmenter.writePlain(halves(false, 0), plain, 0);
            map = trained.predict(plain);
        }
        for (int y = 0; y < MAP; y++) {
            for (int x = 0; x < MAP; x++) {
                boolean tumour = x >= MAP / 2; // bright right half
                assertEquals(tumour, map[y * MAP + x] >= outcome.threshold(),
                        "pixel " + x + "," + y + ": " + map[y * MAP + x] + " against " + outcome.threshold());
            }
        }
    }

    @Test
    @DisplayName("the FCN package gives the same map through TensorFlow and ONNX Runtime, within 1e-5")
    void mapThroughBothEngines(@TempDir Path dir) throws Exception {
        ModelMetadata metadata = ModelMetadata.of("fcn-test", "1", ModelKind.FCN.inputs(), SavedModelExporter.OUTPUT,
                ModelMetadata.MINUS_ONE_TO_ONE, 0.5).withOutputKind(ModelMetadata.OUTPUT_PROBABILITY_MAP);
        assertEquals(ModelKind.FCN, ModelKind.of(metadata));
        ParameterSet weights = ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.FCN), 9);
        Path savedModel = dir.resolve("fcn");
        SavedModelExporter.export(weights, metadata, savedModel);
        Path onnx = DemoModel.exportOnnx(savedModel);
        assertEquals(ModelMetadata.OUTPUT_PROBABILITY_MAP, ModelMetadata.read(onnx).outputKind());

        Random random = new Random(8);
        int n = 4;
        InputBatch batch = InputBatch.allocate(ModelKind.FCN.inputs(), n);
        byte[][] images = new byte[n][SIZE * SIZE * 3];
        for (int i = 0; i < n; i++) {
            random.nextBytes(images[i]);
            PatchAugmenter.writePlain(new LabelledPatch(new byte[][] {images[i]}, false, 0, 0), batch, i);
        }
        float[] tensorflow;
        try (DjlPatchPredictor predictor = DjlPatchPredictor.load(savedModel)) {
            tensorflow = predictor.predict(batch);
        }
        assertEquals(n * MAP * MAP, tensorflow.length);
        try (ZooModel<NDList, NDList> model = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(onnx).optEngine("OnnxRuntime").build().loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            int plane = SIZE * SIZE;
            float[] values = new float[n * 3 * plane];
            for (int k = 0; k < n; k++) {
                for (int pixel = 0; pixel < plane; pixel++) {
                    for (int c = 0; c < 3; c++) {
                        values[(k * 3 + c) * plane + pixel] = (images[k][pixel * 3 + c] & 0xff) / 127.5f - 1;
                    }
                }
            }
            NDArray input = manager.create(FloatBuffer.wrap(values), new Shape(n, 3, SIZE, SIZE));
            input.setName("patch");
            NDArray output = predictor.predict(new NDList(input)).get(SavedModelExporter.OUTPUT);
            assertArrayEquals(new long[] {n, MAP, MAP}, output.getShape().getShape());
            assertArrayEquals(tensorflow, output.toFloatArray(), 1e-5f);
        }
    }

    /** A patch bright on one half and dark on the other, labelled tumour on the bright half. */
    private static LabelledPatch halves(boolean brightLeft, int col) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        byte[] map = new byte[MAP * MAP];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean bright = (x < SIZE / 2) == brightLeft;
                for (int c = 0; c < 3; c++) {
                    rgb[(y * SIZE + x) * 3 + c] = (byte) (bright ? 230 : 40);
                }
                if (bright) {
                    map[(y / 4) * MAP + x / 4] = 1;
                }
            }
        }
        return new LabelledPatch(new byte[][] {rgb}, true, map, col, 0);
    }
}
