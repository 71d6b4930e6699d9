package io.slidestream.trainer;

import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes trained weights as a SavedModel (tag "serve", signature {@value #SIGNATURE_KEY}) plus the
 * {@link ModelMetadata} file. The export graph is rebuilt for inference only, so the package holds the
 * forward pass and its weights and none of the training machinery.
 */
final class SavedModelExporter {

    static final String SIGNATURE_KEY = "serving_default";
    static final String PATCH_INPUT = "patch";
    static final String CONTEXT_INPUT = "context";
    static final String OUTPUT = "tumour_probability";

    private SavedModelExporter() {
    }

    static void export(ParameterSet parameters, ModelMetadata metadata, Path dir) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Map<String, Operand<TFloat32>> weights = new LinkedHashMap<>();
            Map<Placeholder<TFloat32>, ParameterSet.Parameter> values = new LinkedHashMap<>();
            List<Assign<TFloat32>> assignments = new ArrayList<>();
            for (ParameterSet.Parameter p : parameters.all()) {
                // Uninitialised variables set by feeding: constant initial values would store every weight
                // a second time inside saved_model.pb.
                Variable<TFloat32> variable = tf.withName(p.name()).variable(Shape.of(p.shape()), TFloat32.class);
                Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape())));
                weights.put(p.name(), variable);
                values.put(value, p);
                assignments.add(tf.assign(variable, value));
            }
            List<Placeholder<TFloat32>> images = new ArrayList<>();
            Signature.Builder signature = Signature.builder().key(SIGNATURE_KEY);
            for (ModelInput input : metadata.inputs()) {
                Placeholder<TFloat32> image = PatchClassifierTrainer.imagePlaceholder(tf, input);
                images.add(image);
                signature.input(input.name(), image);
            }
            Operand<TFloat32> probability = tf.withName(OUTPUT).math.sigmoid(
                    PatchClassifierNetwork.logits(tf, weights::get, ModelKind.of(metadata), images));
            try (Session session = new Session(graph)) {
                assign(session, values, assignments);
                SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature.output(OUTPUT, probability).build(), session)).export();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the model into " + dir, e);
        }
        metadata.write(dir);
    }

    /** The weights of a package {@link #export} wrote, read back by their variable names. */
    static ParameterSet readParameters(Path dir) {
        List<ParameterSet.Parameter> values = new ArrayList<>();
        ModelKind kind = ModelKind.of(ModelMetadata.read(dir));
        List<PatchClassifierNetwork.ParameterShape> shapes = PatchClassifierNetwork.parameterShapes(kind);
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
            // One run for all: each distinct set of fetches costs TensorFlow a graph pruning.
            Session.Runner runner = bundle.session().runner();
            shapes.forEach(shape -> runner.fetch(shape.name()));
            try (Result result = runner.run()) {
                for (int i = 0; i < shapes.size(); i++) {
                    PatchClassifierNetwork.ParameterShape shape = shapes.get(i);
                    float[] v = PatchClassifierTrainer.toArray((TFloat32) result.get(i), Math.toIntExact(shape.size()));
                    values.add(new ParameterSet.Parameter(shape.name(), shape.shape(), v));
                }
            }
        }
        return ParameterSet.of(values);
    }

    private static void assign(Session session, Map<Placeholder<TFloat32>, ParameterSet.Parameter> values,
                               List<Assign<TFloat32>> assignments) {
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            values.forEach((placeholder, p) -> {
                TFloat32 tensor = TFloat32.tensorOf(Shape.of(p.shape()), DataBuffers.of(p.values(), true, false));
                tensors.add(tensor);
                runner.feed(placeholder, tensor);
            });
            assignments.forEach(runner::addTarget);
            runner.run().close();
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }
}
