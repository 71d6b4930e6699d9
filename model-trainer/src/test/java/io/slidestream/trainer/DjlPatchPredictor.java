package io.slidestream.trainer;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores patch/context pairs with an exported model through DJL's TensorFlow engine, the way the
 * inference service will. DJL's TfSymbolBlock binds an NDList entry to a signature input by the
 * NDArray's name, and binds unnamed entries by position in the alphabetical order of the signature's
 * input keys ("context" before "patch"), so every array here is named.
 */
final class DjlPatchPredictor implements AutoCloseable {

    private final ZooModel<InputBatch, float[]> model;
    private final Predictor<InputBatch, float[]> predictor;

    private DjlPatchPredictor(ZooModel<InputBatch, float[]> model) {
        this.model = model;
        this.predictor = model.newPredictor();
    }

    static DjlPatchPredictor load(Path modelDir) throws ModelNotFoundException, MalformedModelException, IOException {
        Criteria<InputBatch, float[]> criteria = Criteria.builder()
                .setTypes(InputBatch.class, float[].class)
                .optModelPath(modelDir)
                .optEngine("TensorFlow")
                .optTranslator(new PatchTranslator(ModelMetadata.read(modelDir).inputs()))
                .build();
        return new DjlPatchPredictor(criteria.loadModel());
    }

    float[] predict(InputBatch batch) throws TranslateException {
        return predictor.predict(batch);
    }

    /** An NHWC image tensor; {@code name} null leaves it unnamed. */
    static NDArray image(NDManager manager, float[] values, int count, int size, String name) {
        NDArray array = manager.create(FloatBuffer.wrap(values), new Shape(count, size, size, 3));
        if (name != null) {
            array.setName(name);
        }
        return array;
    }

    /** Names each input after its signature key so the order inside the NDList does not matter. */
    private record PatchTranslator(List<ModelInput> inputs) implements Translator<InputBatch, float[]> {
        @Override
        public NDList processInput(TranslatorContext ctx, InputBatch batch) {
            NDList list = new NDList();
            for (int i = 0; i < inputs.size(); i++) {
                list.add(image(ctx.getNDManager(), batch.images()[i], batch.count(), inputs.get(i).size(), inputs.get(i).name()));
            }
            return list;
        }

        /** The batch is already stacked; DJL's default STACK batchifier would add a dimension and split the output. */
        @Override
        public Batchifier getBatchifier() {
            return null;
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            return list.get(SavedModelExporter.OUTPUT).toFloatArray();
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
