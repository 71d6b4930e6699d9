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
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.model.StainNormalisation;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A patch classifier loaded from a model package through DJL's TensorFlow engine onto one device. DJL
 * predictors are not thread-safe, so there is one per worker thread: a scoring call borrows one and gives it
 * back (with as many predictors as workers, never waiting).
 *
 * <p>With the package's test-time augmentation {@value ModelMetadata#TTA_DIHEDRAL8}, each patch is scored
 * in its 8 {@link Dihedral} transforms (every input of the patch transformed alike) and gets the mean of
 * the 8 probabilities; the transformed copies go to the model together, in calls of at most
 * {@value #MAX_TTA_ROWS} rows.
 */
public final class PatchModel implements AutoCloseable {
    /** Rows per model call under test-time augmentation (a multiple of 8), bounding its memory. */
    static final int MAX_TTA_ROWS = 512;
    private static final Logger LOG = Logger.getLogger(PatchModel.class);
    private final ModelMetadata metadata;
    private final ZooModel<NDList, NDList> model;
    private final BlockingQueue<Predictor<NDList, NDList>> predictors;

    private final Device device;

    private PatchModel(ModelMetadata metadata, ZooModel<NDList, NDList> model, Device device, int workers) {
        this.metadata = metadata;
        this.device = device;
        this.model = model;
        this.predictors = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            predictors.add(model.newPredictor());
        }
    }

    /** The package loaded on the CPU. */
    public static PatchModel load(Path modelDir, int workers) {
        return load(modelDir, Device.cpu(), workers);
    }

    /** The package loaded on {@code device}, with a predictor for each of {@code workers} threads. */
    public static PatchModel load(Path modelDir, Device device, int workers) {
        if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
            throw new IllegalStateException("no TensorFlow SavedModel (saved_model.pb) in " + modelDir);
        }
        ModelMetadata metadata = ModelMetadata.read(modelDir);
        if (!ModelMetadata.MINUS_ONE_TO_ONE.equals(metadata.normalisation())) {
            throw new IllegalStateException("model " + metadata.id() + " wants normalisation '"
                    + metadata.normalisation() + "'; this service supports " + ModelMetadata.MINUS_ONE_TO_ONE);
        }
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("TensorFlow")
                .optModelPath(modelDir)
                .optDevice(device)
                .build();
        try {
            PatchModel loaded = new PatchModel(metadata, criteria.loadModel(), device, workers);
            LOG.infof("model %s loaded from %s on %s: test-time augmentation %s, stain normalisation %s",
                    metadata.id(), modelDir, device, metadata.dihedralTta() ? "dihedral8 (mean of 8 rotations/flips per patch)"
                            : "none", describe(metadata.stainNormalisation()));
            return loaded;
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load model from " + modelDir + ": " + e.getMessage(), e);
        }
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

    /**
     * Tumour probability of each patch, in the tensors' order; under test-time augmentation the mean over
     * the patch's 8 rotations and flips.
     */
    public float[] score(PatchTensors tensors) {
        if (!metadata.dihedralTta()) {
            return predict(tensors.count(), tensors.inputs());
        }
        int count = tensors.count();
        float[] scores = new float[count];
        int chunk = MAX_TTA_ROWS / Dihedral.COUNT;
        for (int first = 0; first < count; first += chunk) {
            int patches = Math.min(chunk, count - first);
            float[][] views = new float[metadata.inputs().size()][];
            for (int i = 0; i < views.length; i++) {
                views[i] = dihedralViews(tensors.inputs()[i], first, patches, metadata.inputs().get(i).size());
            }
            float[] viewScores = predict(patches * Dihedral.COUNT, views);
            for (int p = 0; p < patches; p++) {
                double sum = 0;
                for (int t = 0; t < Dihedral.COUNT; t++) {
                    sum += viewScores[p * Dihedral.COUNT + t];
                }
                scores[first + p] = (float) (sum / Dihedral.COUNT);
            }
        }
        return scores;
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
                Shape shape = new Shape(count, input.size(), input.size(), 3);
                inputs.add(named(manager.create(tensors[i], shape), input.name()));
            }
            NDList outputs = predictor.predict(inputs);
            NDArray named = outputs.get(metadata.output());
            float[] scores = (named != null ? named : outputs.singletonOrThrow()).toFloatArray();
            if (scores.length != count) {
                throw new IllegalStateException("model " + metadata.id() + " returned " + scores.length
                        + " scores for " + count + " patches");
            }
            return scores;
        } catch (TranslateException e) {
            throw new IllegalStateException("model " + metadata.id() + " failed: " + e.getMessage(), e);
        } finally {
            predictors.add(predictor);
        }
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
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
