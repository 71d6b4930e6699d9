package io.slidestream.trainer;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model package contract, checked on a briefly trained model: what the inference service relies on. */
class ExportedModelDjlTest {

    private static final int N = 5;

    @TempDir
    static Path modelDir;
    static InputBatch batch;
    static float[] trainerProbabilities;

    @BeforeAll
    static void trainBrieflyAndExport() {
        Random random = new Random(3);
        InputBatch training = randomBatch(random, 8);
        float[] labels = {1, 0, 1, 0, 1, 0, 1, 0};
        float[] weights = {1, 1, 1, 1, 1, 1, 1, 1};
        batch = randomBatch(random, N);
        ParameterSet initial = ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.TWO_TOWER), 11);
        try (PatchClassifierTrainer trainer = new PatchClassifierTrainer(ModelKind.TWO_TOWER, TrainerState.fresh(initial), 1e-3f)) {
            for (int step = 0; step < 3; step++) {
                trainer.step(training, labels, weights);
            }
            trainerProbabilities = trainer.predict(batch);
            SavedModelExporter.export(trainer.parameters(), DemoModel.metadata(), modelDir);
        }
    }

    @Test
    @DisplayName("the exported model loads in DJL's TensorFlow engine and gives the training session's probabilities")
    void djlLoadsTheModelAndReproducesTheTrainer() throws Exception {
        try (DjlPatchPredictor predictor = DjlPatchPredictor.load(modelDir)) {
            float[] probabilities = predictor.predict(batch);

            assertEquals(N, probabilities.length);
            for (float p : probabilities) {
                assertTrue(p >= 0 && p <= 1, "probability " + p);
            }
            assertArrayEquals(trainerProbabilities, probabilities, 1e-5f, "restored weights, not initial ones");
        }
    }

    @Test
    @DisplayName("DJL binds named inputs by name in any order, unnamed ones in the alphabetical order of the signature keys")
    void djlMatchesInputsByName() throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(modelDir).optEngine("TensorFlow").build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            float[] patchFirst = run(predictor, image(manager, batch.patch(), "patch"), image(manager, batch.context(), "context"));
            float[] contextFirst = run(predictor, image(manager, batch.context(), "context"), image(manager, batch.patch(), "patch"));
            float[] unnamedAlphabetical = run(predictor, image(manager, batch.context(), null), image(manager, batch.patch(), null));
            float[] unnamedSwapped = run(predictor, image(manager, batch.patch(), null), image(manager, batch.context(), null));

            assertArrayEquals(trainerProbabilities, patchFirst, 1e-5f);
            assertArrayEquals(trainerProbabilities, contextFirst, 1e-5f);
            assertArrayEquals(trainerProbabilities, unnamedAlphabetical, 1e-5f);
            assertFalse(Arrays.equals(trainerProbabilities, unnamedSwapped),
                    "unnamed [patch, context] feeds the patch into the context input");
        }
    }

    @Test
    @DisplayName("the package has the serving_default signature and the metadata the inference service reads")
    void packageMatchesTheContract() {
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve")) {
            Signature signature = bundle.function(SavedModelExporter.SIGNATURE_KEY).signature();
            assertEquals(Set.of("patch", "context"), signature.inputNames());
            assertEquals(Set.of("tumour_probability"), signature.outputNames());
            for (String input : List.of("patch", "context")) {
                // Shape.equals treats unknown dimensions as unequal, so compare the dimension arrays.
                assertArrayEquals(new long[] {-1, 64, 64, 3}, signature.getInputs().get(input).shape.asArray());
            }
            assertArrayEquals(new long[] {-1}, signature.getOutputs().get("tumour_probability").shape.asArray());
        }
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        assertEquals(DemoModel.metadata(), metadata);
        assertEquals(List.of("patch", "context"), metadata.inputs().stream().map(ModelInput::name).toList(),
                "the signature's input names, patch first");
        assertEquals(List.of(1.0, 4.0), metadata.inputs().stream().map(ModelInput::mpp).toList());
    }

    @Test
    @DisplayName("the weights are stored once, in variables/, not again inside the graph")
    void weightsAreNotDuplicatedInTheGraph() throws Exception {
        long graphBytes = Files.size(modelDir.resolve("saved_model.pb"));
        long weightBytes = Files.size(modelDir.resolve("variables/variables.data-00000-of-00001"));

        assertTrue(weightBytes > 4 * 50_000, "about 51k float weights, got " + weightBytes + " bytes");
        assertTrue(graphBytes < weightBytes / 4, "graph " + graphBytes + " bytes");
    }

    private static float[] run(Predictor<NDList, NDList> predictor, NDArray first, NDArray second) throws Exception {
        NDList output = predictor.predict(new NDList(first, second));
        assertEquals(1, output.size());
        assertArrayEquals(new long[] {N}, output.singletonOrThrow().getShape().getShape());
        return output.singletonOrThrow().toFloatArray();
    }

    private static NDArray image(NDManager manager, float[] values, String name) {
        return DjlPatchPredictor.image(manager, values, N, ModelKind.TWO_TOWER.patchSize(), name);
    }

    private static InputBatch randomBatch(Random random, int count) {
        InputBatch b = InputBatch.allocate(ModelKind.TWO_TOWER.inputs(), count);
        for (int i = 0; i < b.patch().length; i++) {
            b.patch()[i] = random.nextFloat() * 2 - 1;
            b.context()[i] = random.nextFloat() * 2 - 1;
        }
        return b;
    }
}
