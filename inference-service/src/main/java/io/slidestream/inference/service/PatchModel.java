package io.slidestream.inference.service;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.slidestream.core.grid.ProbabilityMaps;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.model.StainNormalisation;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;

/**
 * A patch classifier loaded from a model package onto one device, through DJL with the engine the package
 * names: TensorFlow for a SavedModel, ONNX Runtime for a {@code .onnx} file (e.g. exported from PyTorch).
 * DJL predictors are not thread-safe, so there is one per worker thread: a scoring call borrows one and gives
 * it back (with as many predictors as workers, never waiting).
 *
 * <p>Inputs arrive as NHWC floats and are fed channels-first where the package's layout is NCHW. Every input
 * array is named after its signature input, because the engines bind unnamed arrays differently (TensorFlow
 * alphabetically, ONNX Runtime in graph order). A probability-map output (square maps) is kept with each
 * patch, whose score is the map's maximum: a tumour anywhere in the patch makes the patch a tumour patch.
 *
 * <p>With the package's test-time augmentation {@value ModelMetadata#TTA_DIHEDRAL8}, each patch is scored
 * in its 8 {@link Dihedral} transforms (every input of the patch transformed alike) and gets the mean of
 * the 8 probabilities; the transformed copies go to the model together, in calls of at most
 * {@value #MAX_TTA_ROWS} rows. A probability-map model's 8 maps are each turned back by the inverse
 * transform, so that their pixels lie over the same tissue, and averaged pixel by pixel; the patch's score
 * is the maximum of that mean map (not the mean of the 8 maxima, which could lie at different places).
 */
public final class PatchModel implements AutoCloseable {
    /** Rows per model call under test-time augmentation (a multiple of 8), bounding its memory. */
    static final int MAX_TTA_ROWS = 512;
    private static final Logger LOG = Logger.getLogger(PatchModel.class);
    private final ModelMetadata metadata;
    private final ZooModel<NDList, NDList> model;
    private final BlockingQueue<Predictor<NDList, NDList>> predictors;
    private final Device device;
    private final boolean channelsFirst;
    private final boolean probabilityMap;

    private PatchModel(ModelMetadata metadata, ZooModel<NDList, NDList> model, Device device, int workers) {
        this.metadata = metadata;
        this.device = device;
        this.model = model;
        this.channelsFirst = ModelMetadata.LAYOUT_NCHW.equals(metadata.layout());
        this.probabilityMap = ModelMetadata.OUTPUT_PROBABILITY_MAP.equals(metadata.outputKind());
        this.predictors = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            predictors.add(model.newPredictor());
        }
    }

    /** The DJL engine that runs a package. */
    public static String engineOf(ModelMetadata metadata) {
        return ModelMetadata.ENGINE_ONNXRUNTIME.equals(metadata.engine()) ? "OnnxRuntime" : "TensorFlow";
    }

    /** The package loaded on the CPU. */
    public static PatchModel load(Path modelDir, int workers) {
        return load(modelDir, Device.cpu(), workers);
    }

    /** The package loaded on {@code device}, with a predictor for each of {@code workers} threads. */
    public static PatchModel load(Path modelDir, Device device, int workers) {
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(engineOf(metadata))
                .optModelPath(modelFile(modelDir, metadata))
                .optDevice(device)
                .build();
        try {
            PatchModel loaded = new PatchModel(metadata, criteria.loadModel(), device, workers);
            LOG.infof("model %s (%s, %s, %s output) loaded from %s on %s: test-time augmentation %s, stain "
                            + "normalisation %s", metadata.id(), engineOf(metadata), metadata.layout(),
                    metadata.outputKind(), modelDir, device, metadata.dihedralTta()
                            ? "dihedral8 (mean of 8 rotations/flips per patch)" : "none",
                    describe(metadata.stainNormalisation()));
            return loaded;
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load model from " + modelDir + ": " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
        }
    }

    /**
     * The folder for a SavedModel; the one {@code .onnx} file for ONNX Runtime (DJL would only look for
     * model.onnx or the folder's name, and a PyTorch export may be called anything).
     */
    private static Path modelFile(Path modelDir, ModelMetadata metadata) {
        if (!ModelMetadata.ENGINE_ONNXRUNTIME.equals(metadata.engine())) {
            if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
                throw new IllegalStateException("no TensorFlow SavedModel (saved_model.pb) in " + modelDir);
            }
            return modelDir;
        }
        List<Path> onnx;
        try (Stream<Path> files = Files.list(modelDir)) {
            onnx = files.filter(f -> f.getFileName().toString().endsWith(".onnx")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model package " + modelDir, e);
        }
        if (onnx.size() != 1) {
            throw new IllegalStateException("an onnxruntime package needs exactly one .onnx file; " + modelDir
                    + " has " + (onnx.isEmpty() ? "none" : onnx.stream().map(p -> p.getFileName().toString()).toList()));
        }
        return onnx.getFirst();
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Device device() {
        return device;
    }

    private static String describe(StainNormalisation stain) {
        return stain == null ? "none" : stain.method() + " to L*a*b* mean " + stain.reference().mean()
                + " std " + stain.reference().std();
    }

    /** Tumour probability of each patch, in the tensors' order (see {@link #outputs}). */
    public float[] score(PatchTensors tensors) {
        return outputs(tensors).scores();
    }

    /**
     * Each patch's tumour probability and, for a probability-map model, its map, in the tensors' order; under
     * test-time augmentation the mean over the patch's 8 rotations and flips.
     */
    public PatchOutputs outputs(PatchTensors tensors) {
        int count = tensors.count();
        if (count == 0) {
            return new PatchOutputs(new float[0], probabilityMap ? new float[0] : null, 0);
        }
        if (!metadata.dihedralTta()) {
            return outputsOf(predict(count, tensors.inputs()), count);
        }
        float[] means = null;
        int perPatch = 0;
        int chunk = MAX_TTA_ROWS / Dihedral.COUNT;
        for (int first = 0; first < count; first += chunk) {
            int patches = Math.min(chunk, count - first);
            float[][] views = new float[metadata.inputs().size()][];
            for (int i = 0; i < views.length; i++) {
                views[i] = dihedralViews(tensors.inputs()[i], first, patches, metadata.inputs().get(i).size());
            }
            float[] viewOutputs = predict(patches * Dihedral.COUNT, views);
            if (means == null) {
                perPatch = viewOutputs.length / (patches * Dihedral.COUNT);
                means = new float[count * perPatch];
            }
            if (probabilityMap) {
                meanOfUprightMaps(viewOutputs, patches, mapEdge(perPatch), means, first * perPatch);
            } else {
                for (int p = 0; p < patches; p++) {
                    double sum = 0;
                    for (int t = 0; t < Dihedral.COUNT; t++) {
                        sum += viewOutputs[p * Dihedral.COUNT + t];
                    }
                    means[first + p] = (float) (sum / Dihedral.COUNT);
                }
            }
        }
        return outputsOf(means, count);
    }

    /**
     * Row p · 8 + t of {@code viewMaps} is the map of transform t of patch p: each is turned back by t's inverse
     * and the 8 are averaged into {@code means} from {@code at}.
     */
    static void meanOfUprightMaps(float[] viewMaps, int patches, int edge, float[] means, int at) {
        int perMap = edge * edge;
        float[] upright = new float[perMap];
        for (int p = 0; p < patches; p++) {
            int mean = at + p * perMap;
            for (int t = 0; t < Dihedral.COUNT; t++) {
                Dihedral.apply(Dihedral.inverse(t), viewMaps, (p * Dihedral.COUNT + t) * perMap, upright, 0, edge, 1);
                for (int i = 0; i < perMap; i++) {
                    means[mean + i] += upright[i];
                }
            }
            for (int i = 0; i < perMap; i++) {
                means[mean + i] /= Dihedral.COUNT;
            }
        }
    }

    private PatchOutputs outputsOf(float[] output, int count) {
        float[] scores = perPatch(output, count, probabilityMap);
        if (!probabilityMap) {
            return new PatchOutputs(scores, null, 0);
        }
        return new PatchOutputs(scores, output, mapEdge(output.length / count));
    }

    /** The edge of a square map of {@code values} values; other maps cannot be turned or stitched. */
    static int mapEdge(int values) {
        try {
            return ProbabilityMaps.edgeOf(values);
        } catch (IllegalArgumentException notSquare) {
            throw new IllegalStateException("returned probability maps of " + values
                    + " values a patch; only square maps (H = W) are supported", notSquare);
        }
    }

    /** The 8 transforms of patches first .. first + patches - 1 of one input: row p * 8 + t is transform t of p. */
    static float[] dihedralViews(float[] input, int first, int patches, int size) {
        int imageValues = size * size * 3;
        float[] views = new float[patches * Dihedral.COUNT * imageValues];
        for (int p = 0; p < patches; p++) {
            for (int t = 0; t < Dihedral.COUNT; t++) {
                Dihedral.apply(t, input, (first + p) * imageValues, views, (p * Dihedral.COUNT + t) * imageValues, size);
            }
        }
        return views;
    }

    private float[] predict(int count, float[][] tensors) {
        Predictor<NDList, NDList> predictor = borrow();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList();
            for (int i = 0; i < metadata.inputs().size(); i++) {
                ModelInput input = metadata.inputs().get(i);
                int size = input.size();
                NDArray array = channelsFirst
                        ? manager.create(toChannelsFirst(tensors[i], count, size), new Shape(count, 3, size, size))
                        : manager.create(tensors[i], new Shape(count, size, size, 3));
                array.setName(input.name());
                inputs.add(array);
            }
            NDList outputs = predictor.predict(inputs);
            NDArray named = outputs.get(metadata.output());
            float[] values = (named != null ? named : outputs.singletonOrThrow()).toFloatArray();
            int perPatch = valuesPerPatch(values, count, probabilityMap);
            if (probabilityMap) {
                mapEdge(perPatch);
            }
            return values;
        } catch (TranslateException | RuntimeException e) {
            throw new IllegalStateException("model " + metadata.id() + " failed on " + count + " patches: "
                    + e.getMessage(), e);
        } finally {
            predictors.add(predictor);
        }
    }

    /** One score per patch: the output itself, or the maximum of each patch's probability map. */
    static float[] perPatch(float[] output, int count, boolean probabilityMap) {
        int perMap = valuesPerPatch(output, count, probabilityMap);
        if (!probabilityMap) {
            return output;
        }
        float[] scores = new float[count];
        for (int p = 0; p < count; p++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = p * perMap; i < (p + 1) * perMap; i++) {
                max = Math.max(max, output[i]);
            }
            scores[p] = max;
        }
        return scores;
    }

    /** Output values per patch: 1 for probabilities, the map's for maps; an output of another size is refused. */
    private static int valuesPerPatch(float[] output, int count, boolean probabilityMap) {
        if (!probabilityMap) {
            if (output.length != count) {
                throw new IllegalStateException("returned " + output.length + " probabilities for " + count + " patches");
            }
            return 1;
        }
        if (count == 0 || output.length % count != 0) {
            throw new IllegalStateException("returned " + output.length + " map values, not a map per patch for "
                    + count + " patches");
        }
        return output.length / count;
    }

    /** NHWC to NCHW. */
    static float[] toChannelsFirst(float[] nhwc, int count, int size) {
        float[] nchw = new float[nhwc.length];
        int plane = size * size;
        for (int n = 0; n < count; n++) {
            int base = n * plane * 3;
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    nchw[base + c * plane + p] = nhwc[base + p * 3 + c];
                }
            }
        }
        return nchw;
    }

    private Predictor<NDList, NDList> borrow() {
        try {
            return predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a predictor", e);
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        model.close();
    }
}
