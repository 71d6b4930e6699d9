package io.slidestream.inference.service;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A patch classifier loaded from a model package through DJL's TensorFlow engine. DJL predictors are
 * not thread-safe, so there is one per worker: a scoring call borrows one and gives it back.
 */
public final class PatchModel implements AutoCloseable {
    private final ModelMetadata metadata;
    private final ZooModel<NDList, NDList> model;
    private final BlockingQueue<Predictor<NDList, NDList>> predictors;

    private PatchModel(ModelMetadata metadata, ZooModel<NDList, NDList> model, int workers) {
        this.metadata = metadata;
        this.model = model;
        this.predictors = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            predictors.add(model.newPredictor());
        }
    }

    public static PatchModel load(Path modelDir, int workers) {
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
                .build();
        try {
            return new PatchModel(metadata, criteria.loadModel(), workers);
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("cannot load model from " + modelDir + ": " + e.getMessage(), e);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** Tumour probability of each patch, in the tensors' order. */
    public float[] score(PatchTensors tensors) {
        Predictor<NDList, NDList> predictor = borrow();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList inputs = new NDList();
            for (int i = 0; i < metadata.inputs().size(); i++) {
                ModelInput input = metadata.inputs().get(i);
                Shape shape = new Shape(tensors.count(), input.size(), input.size(), 3);
                inputs.add(named(manager.create(tensors.inputs()[i], shape), input.name()));
            }
            NDList outputs = predictor.predict(inputs);
            NDArray named = outputs.get(metadata.output());
            float[] scores = (named != null ? named : outputs.singletonOrThrow()).toFloatArray();
            if (scores.length != tensors.count()) {
                throw new IllegalStateException("model " + metadata.id() + " returned " + scores.length
                        + " scores for " + tensors.count() + " patches");
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
