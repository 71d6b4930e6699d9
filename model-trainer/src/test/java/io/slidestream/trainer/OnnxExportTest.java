package io.slidestream.trainer;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.slidestream.core.model.InputNormalisation;
import io.slidestream.core.model.ModelMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ONNX package against the SavedModel of the same weights, each run through DJL as the inference
 * worker runs it: ONNX Runtime fed NCHW, TensorFlow fed NHWC.
 */
class OnnxExportTest {

    private static final int SIZE = ModelKind.TWO_TOWER.patchSize();

    @TempDir
    static Path work;
    static Path savedModelDir;
    static Path onnxDir;
    static ParameterSet parameters;
    static List<LabelledPatch> patches;
    static float[] tensorflowProbabilities;

    @BeforeAll
    static void exportBothFromFixedRandomWeights() throws Exception {
        parameters = randomWeights(11);
        savedModelDir = work.resolve("demo");
        SavedModelExporter.export(parameters, DemoModel.metadata(), savedModelDir);
        onnxDir = DemoModel.exportOnnx(savedModelDir); // as `slidestream train` does: weights read back from the SavedModel

        // Cells of a generated slide, tumour and normal, plus a few of random pixels.
        List<LabelledPatch> sampled = DemoModel.sampleSlide(77, work);
        patches = new ArrayList<>(sampled.stream().filter(LabelledPatch::tumour).limit(16).toList());
        patches.addAll(sampled.stream().filter(p -> !p.tumour()).limit(16).toList());
        Random random = new Random(5);
        for (int i = 0; i < 8; i++) {
            patches.add(new LabelledPatch(randomBytes(random), randomBytes(random), false, -1, -1));
        }
        try (DjlPatchPredictor tensorflow = DjlPatchPredictor.load(savedModelDir)) {
            tensorflowProbabilities = ModelTraining.predict(ModelKind.TWO_TOWER, tensorflow::predict, patches);
        }
    }

    @Test
    @DisplayName("ONNX Runtime on model.onnx, fed NCHW as the package says, gives TensorFlow's probabilities within 1e-5")
    void onnxRuntimeMatchesTensorflow() throws Exception {
        ModelMetadata metadata = ModelMetadata.read(onnxDir);
        assertEquals(ModelMetadata.LAYOUT_NCHW, metadata.layout());
        try (ZooModel<NDList, NDList> model = loadOnnx(onnxDir);
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            NDList output = predictor.predict(new NDList(
                    nchw(manager, metadata.inputNormalisation(), LabelledPatch::patch, "patch"),
                    nchw(manager, metadata.inputNormalisation(), LabelledPatch::context, "context")));

            assertEquals(1, output.size());
            NDArray probability = output.get(metadata.output());
            assertArrayEquals(new long[] {patches.size()}, probability.getShape().getShape());
            float[] onnx = probability.toFloatArray();
            assertArrayEquals(tensorflowProbabilities, onnx, 1e-5f,
                    "TensorFlow " + Arrays.toString(tensorflowProbabilities) + "\nONNX " + Arrays.toString(onnx));
        }
        double spread = max(tensorflowProbabilities) - min(tensorflowProbabilities);
        assertTrue(spread > 0.05, "the patches give different probabilities, so a mix-up would show: spread " + spread);
    }

    @Test
    @DisplayName("DJL ONNX Runtime binds named arrays by name in any order, unnamed ones by the graph's input order (patch, context)")
    void inputsBindByNameOrByGraphOrder() throws Exception {
        InputNormalisation n = InputNormalisation.MINUS_ONE_TO_ONE;
        try (ZooModel<NDList, NDList> model = loadOnnx(onnxDir);
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = model.getNDManager().newSubManager()) {
            assertEquals(List.of("patch", "context"), model.getBlock().describeInput().keys(), "the graph's input order");

            float[] contextFirst = predictor.predict(new NDList(nchw(manager, n, LabelledPatch::context, "context"),
                    nchw(manager, n, LabelledPatch::patch, "patch"))).get("tumour_probability").toFloatArray();
            float[] unnamedGraphOrder = predictor.predict(new NDList(nchw(manager, n, LabelledPatch::patch, null),
                    nchw(manager, n, LabelledPatch::context, null))).singletonOrThrow().toFloatArray();
            float[] unnamedSwapped = predictor.predict(new NDList(nchw(manager, n, LabelledPatch::context, null),
                    nchw(manager, n, LabelledPatch::patch, null))).singletonOrThrow().toFloatArray();

            assertArrayEquals(tensorflowProbabilities, contextFirst, 1e-5f);
            assertArrayEquals(tensorflowProbabilities, unnamedGraphOrder, 1e-5f);
            assertFalse(closeTo(tensorflowProbabilities, unnamedSwapped, 1e-3f), "unnamed, the first array is the patch");
            Exception wrongName = assertThrows(Exception.class, () -> predictor.predict(new NDList(
                    nchw(manager, n, LabelledPatch::patch, "image"), nchw(manager, n, LabelledPatch::context, "context"))));
            assertTrue(String.valueOf(rootMessage(wrongName)).contains("image"), rootMessage(wrongName));
        }
    }

    @Test
    @DisplayName("the ONNX package: model.onnx from the SavedModel's own weights, each stored once, and its metadata")
    void packageMatchesTheContract() throws Exception {
        assertEquals(parameters, SavedModelExporter.readParameters(savedModelDir), "weights read back from the SavedModel");
        assertEquals(work.resolve("demo-onnx"), onnxDir);
        byte[] written = Files.readAllBytes(onnxDir.resolve(OnnxExporter.MODEL_FILE));
        assertArrayEquals(OnnxExporter.model(parameters, OnnxExporter.metadata(DemoModel.metadata())), written);
        long weightBytes = 4 * StreamSupport.stream(parameters.all().spliterator(), false)
                .mapToLong(p -> p.values().length).sum();
        assertTrue(written.length > weightBytes && written.length < weightBytes + 16_384,
                written.length + " bytes for " + weightBytes + " bytes of weights");

        ModelMetadata metadata = ModelMetadata.read(onnxDir);
        assertEquals(ModelMetadata.FORMAT_VERSION, metadata.formatVersion());
        assertEquals(ModelMetadata.ENGINE_ONNXRUNTIME, metadata.engine());
        assertEquals(ModelMetadata.LAYOUT_NCHW, metadata.layout());
        assertEquals(ModelMetadata.OUTPUT_PROBABILITY, metadata.outputKind());
        assertEquals(ModelMetadata.MINUS_ONE_TO_ONE, metadata.normalisation());
        assertEquals(DemoModel.metadata(), metadata.withEngine(ModelMetadata.ENGINE_TENSORFLOW)
                .withLayout(ModelMetadata.LAYOUT_NHWC), "otherwise the SavedModel's description: inputs, output, threshold");
    }

    @Test
    @DisplayName("a corrupt or missing model.onnx is refused with an exception that says so")
    void corruptModelIsRefused() throws Exception {
        byte[] model = Files.readAllBytes(onnxDir.resolve(OnnxExporter.MODEL_FILE));
        Path truncated = work.resolve("truncated");
        OnnxExporter.export(parameters, OnnxExporter.metadata(DemoModel.metadata()), truncated);
        Files.write(truncated.resolve(OnnxExporter.MODEL_FILE), Arrays.copyOf(model, model.length / 2));
        Path garbage = work.resolve("garbage");
        OnnxExporter.export(parameters, OnnxExporter.metadata(DemoModel.metadata()), garbage);
        Files.writeString(garbage.resolve(OnnxExporter.MODEL_FILE), "this is no ONNX model, just text");

        for (Path dir : List.of(truncated, garbage)) {
            // DJL says "ONNX Model cannot be loaded"; its cause, ONNX Runtime's OrtException, names the file.
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> loadOnnx(dir).close());
            String why = e.getMessage() + ": " + rootMessage(e);
            assertTrue(e.getMessage().contains("ONNX") && rootMessage(e).contains(dir.resolve(OnnxExporter.MODEL_FILE).toString()), why);
        }
        Path missing = work.resolve("missing");
        Files.createDirectories(missing);
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> loadOnnx(missing).close());
        assertTrue(e.getMessage().contains(".onnx") && e.getMessage().contains(missing.toString()), e.getMessage());
    }

    /** How the inference worker will load an ONNX package: DJL finds model.onnx in the folder. */
    private static ZooModel<NDList, NDList> loadOnnx(Path dir) throws Exception {
        return Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(dir).optEngine("OnnxRuntime").build().loadModel();
    }

    /** One input of every patch as [N, 3, 64, 64], each RGB byte normalised as the package says. */
    private static NDArray nchw(NDManager manager, InputNormalisation normalisation,
                                Function<LabelledPatch, byte[]> image, String name) {
        int plane = SIZE * SIZE;
        float[] values = new float[patches.size() * 3 * plane];
        for (int k = 0; k < patches.size(); k++) {
            byte[] rgb = image.apply(patches.get(k));
            for (int pixel = 0; pixel < plane; pixel++) {
                for (int c = 0; c < 3; c++) {
                    values[(k * 3 + c) * plane + pixel] = normalisation.apply(rgb[pixel * 3 + c] & 0xff, c);
                }
            }
        }
        NDArray array = manager.create(FloatBuffer.wrap(values), new Shape(patches.size(), 3, SIZE, SIZE));
        if (name != null) {
            array.setName(name);
        }
        return array;
    }

    /** He-initialised kernels and, unlike the initialiser's zeros, random biases, so that biases are checked too. */
    private static ParameterSet randomWeights(long seed) {
        Random random = new Random(seed);
        List<ParameterSet.Parameter> values = new ArrayList<>();
        for (ParameterSet.Parameter p : ParameterSet.heInitialised(PatchClassifierNetwork.parameterShapes(ModelKind.TWO_TOWER), seed).all()) {
            float[] v = p.values().clone();
            if (p.shape().length == 1) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * 0.1);
                }
            }
            values.add(new ParameterSet.Parameter(p.name(), p.shape(), v));
        }
        return ParameterSet.of(values);
    }

    private static byte[] randomBytes(Random random) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        random.nextBytes(rgb);
        return rgb;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static boolean closeTo(float[] a, float[] b, float tolerance) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    private static double max(float[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static double min(float[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }
}
