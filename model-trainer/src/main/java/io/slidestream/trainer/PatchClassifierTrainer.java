package io.slidestream.trainer;

import io.slidestream.core.model.ModelInput;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Trains {@link PatchClassifierNetwork} in a TensorFlow graph built from core ops: weighted sigmoid
 * cross-entropy, {@code tf.gradients} and one {@code ApplyAdam} per weight. Not thread-safe.
 */
final class PatchClassifierTrainer implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-7f;

    private final Graph graph = new Graph();
    private final Session session;
    private final ModelKind kind;
    private final List<Placeholder<TFloat32>> images = new ArrayList<>();
    private final Placeholder<TFloat32> labels;
    private final Placeholder<TFloat32> weights;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> probability;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, Variable<TFloat32>> firstMoments = new LinkedHashMap<>();
    private final Map<String, Variable<TFloat32>> secondMoments = new LinkedHashMap<>();
    private final List<Op> updates = new ArrayList<>();
    private int step;

    /** Starts from {@code start}: fresh weights, or a checkpoint's state to go on from it. */
    PatchClassifierTrainer(ModelKind kind, TrainerState start, float learningRate) {
        this.kind = kind;
        Ops tf = Ops.create(graph);
        for (ParameterSet.Parameter p : start.weights().all()) {
            variables.put(p.name(), variable(tf.withName(p.name()), p));
            firstMoments.put(p.name(), variable(tf, start.firstMoments().get(p.name())));
            secondMoments.put(p.name(), variable(tf, start.secondMoments().get(p.name())));
        }
        step = start.step();
        for (ModelInput input : kind.inputs()) {
            images.add(imagePlaceholder(tf, input));
        }
        // One label and weight per example, or per map pixel of the FCN.
        Shape labelShape = kind.mapSize() == 0 ? Shape.of(-1) : Shape.of(-1, kind.mapSize(), kind.mapSize());
        labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(labelShape));
        weights = tf.withName("weights").placeholder(TFloat32.class, Placeholder.shape(labelShape));
        beta1Power = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        beta2Power = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        List<Op> movingAverageUpdates = new ArrayList<>();
        Operand<TFloat32> logits = PatchClassifierNetwork.logits(tf, variables::get, kind, images, movingAverageUpdates);
        // Batch normalisation trains on batch statistics but predicts with its moving averages: another graph.
        probability = tf.math.sigmoid(movingAverageUpdates.isEmpty() ? logits
                : PatchClassifierNetwork.logits(tf, variables::get, kind, images));
        loss = weightedSigmoidCrossEntropy(tf, logits);

        Set<String> fixed = PatchClassifierNetwork.parameterShapes(kind).stream().filter(p -> !p.trainable())
                .map(PatchClassifierNetwork.ParameterShape::name).collect(Collectors.toSet());
        List<String> names = variables.keySet().stream().filter(name -> !fixed.contains(name)).toList();
        List<Variable<TFloat32>> trainable = names.stream().map(variables::get).toList();
        var gradients = tf.gradients(loss, trainable);
        List<Identity<TFloat32>> gradientValues = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            gradientValues.add(tf.identity(gradients.<TFloat32>dy(i)));
        }
        // Ref variables are read in place: without this barrier an update could land while back-propagation
        // still reads the old weights, which makes steps racy and runs irreproducible.
        Ops afterGradients = tf.withControlDependencies(List.copyOf(gradientValues));
        for (int i = 0; i < trainable.size(); i++) {
            Variable<TFloat32> v = trainable.get(i);
            Operand<TFloat32> m = firstMoments.get(names.get(i));
            Operand<TFloat32> s = secondMoments.get(names.get(i));
            updates.add(afterGradients.train.applyAdam(v, m, s, beta1Power, beta2Power, tf.constant(learningRate),
                    tf.constant(BETA1), tf.constant(BETA2), tf.constant(EPSILON), gradientValues.get(i)));
        }
        updates.addAll(movingAverageUpdates);
        session = new Session(graph);
        session.initialize();
    }

    /**
     * mean(w · (max(z, 0) − z·y + log(1 + e^−|z|))): the overflow-free form of sigmoid cross-entropy,
     * weighted per label (example, or map pixel) so the rarer class can count more.
     */
    private Operand<TFloat32> weightedSigmoidCrossEntropy(Ops tf, Operand<TFloat32> logits) {
        Operand<TFloat32> perLabel = tf.math.add(
                tf.math.sub(tf.math.maximum(logits, tf.zerosLike(logits)), tf.math.mul(logits, labels)),
                tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
        Operand<TFloat32> weighted = tf.reshape(tf.math.mul(weights, perLabel), tf.constant(new int[] {-1}));
        return tf.math.mean(weighted, tf.constant(0));
    }

    /**
     * One Adam step on a batch; returns the batch loss before the update.
     *
     * @param batchLabels   per example 0 or 1, or per map pixel for the FCN (each example's map row-major)
     * @param sampleWeights the loss weight of each label
     */
    float step(InputBatch batch, float[] batchLabels, float[] sampleWeights) {
        step++;
        List<TFloat32> tensors = new ArrayList<>();
        try {
            Session.Runner runner = feedImages(session.runner(), batch, tensors);
            TFloat32 y = track(tensors, labelTensor(batchLabels, batch.count()));
            TFloat32 w = track(tensors, labelTensor(sampleWeights, batch.count()));
            TFloat32 b1 = track(tensors, TFloat32.scalarOf((float) Math.pow(BETA1, step)));
            TFloat32 b2 = track(tensors, TFloat32.scalarOf((float) Math.pow(BETA2, step)));
            runner.feed(labels, y).feed(weights, w).feed(beta1Power, b1).feed(beta2Power, b2).fetch(loss);
            updates.forEach(runner::addTarget);
            try (Result result = runner.run()) {
                return ((TFloat32) result.get(0)).getFloat();
            }
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    private TFloat32 labelTensor(float[] values, int count) {
        Shape shape = kind.mapSize() == 0 ? Shape.of(count) : Shape.of(count, kind.mapSize(), kind.mapSize());
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    /** Tumour probabilities with the current weights: N, or N·m·m (each example's map, row-major) for the FCN. */
    float[] predict(InputBatch batch) {
        List<TFloat32> tensors = new ArrayList<>();
        try (Result result = feedImages(session.runner(), batch, tensors).fetch(probability).run()) {
            return toArray((TFloat32) result.get(0), batch.count() * kind.outputsPerExample());
        } finally {
            tensors.forEach(TFloat32::close);
        }
    }

    private Session.Runner feedImages(Session.Runner runner, InputBatch batch, List<TFloat32> tensors) {
        for (int i = 0; i < images.size(); i++) {
            runner.feed(images.get(i), track(tensors, batch.tensor(i)));
        }
        return runner;
    }

    private static TFloat32 track(List<TFloat32> tensors, TFloat32 tensor) {
        tensors.add(tensor);
        return tensor;
    }

    /** A copy of the current weights. */
    ParameterSet parameters() {
        return fetch(variables);
    }

    /** A copy of the weights, moments and step count, for a checkpoint. */
    TrainerState state() {
        return new TrainerState(fetch(variables), fetch(firstMoments), fetch(secondMoments), step);
    }

    private static Variable<TFloat32> variable(Ops tf, ParameterSet.Parameter initial) {
        return tf.variable(tf.constant(Shape.of(initial.shape()), DataBuffers.of(initial.values(), true, false)));
    }

    /** All of {@code tensors} in one session run: each distinct set of fetches costs TensorFlow a graph pruning. */
    private ParameterSet fetch(Map<String, Variable<TFloat32>> tensors) {
        Session.Runner runner = session.runner();
        tensors.values().forEach(runner::fetch);
        List<ParameterSet.Parameter> values = new ArrayList<>();
        try (Result result = runner.run()) {
            int i = 0;
            for (String name : tensors.keySet()) {
                TFloat32 t = (TFloat32) result.get(i++);
                values.add(new ParameterSet.Parameter(name, t.shape().asArray(), toArray(t, Math.toIntExact(t.size()))));
            }
        }
        return ParameterSet.of(values);
    }

    /** An NHWC image placeholder named after the input, any batch size. */
    static Placeholder<TFloat32> imagePlaceholder(Ops tf, ModelInput input) {
        return tf.withName(input.name()).placeholder(TFloat32.class, Placeholder.shape(InputBatch.shape(-1, input.size())));
    }

    static float[] toArray(TFloat32 tensor, int size) {
        float[] values = new float[size];
        tensor.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
