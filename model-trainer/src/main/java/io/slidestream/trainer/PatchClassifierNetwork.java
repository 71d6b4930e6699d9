package io.slidestream.trainer;

import io.slidestream.core.model.ModelInput;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The multi-scale classifier of Liu et al. (arXiv:1703.02442), shrunk to run on two CPU cores: one small
 * conv tower per model input (the patch, and any same-centre context; same shape, separate weights, named
 * after the input), concatenated into a small dense head that gives one logit per patch. A single-input
 * model ({@link ModelKind#PCAM}) is the same network with one tower.
 * The same graph code serves training (weights are trainable variables) and export (weights restored).
 * {@link OnnxExporter} writes the same network as an ONNX graph: a change here must be made there too
 * (OnnxExportTest compares the two).
 */
final class PatchClassifierNetwork {

    static final int CHANNELS = 3;
    static final int[] TOWER_FILTERS = {16, 32, 64};
    private static final int HIDDEN = 32;
    /** The FCN's head: a 1×1 convolution from the last conv's features to one logit per pixel. */
    static final String PIXEL_HEAD = "head.pixel";

    /** How a weight tensor starts. */
    enum Init {
        /** He-normal: std = sqrt(2 / fan-in), for kernels feeding a ReLU. */
        HE_NORMAL,
        ZEROS,
        ONES
    }

    /**
     * Shape of one weight tensor; fan-in drives the He initialisation of kernels.
     *
     * @param trainable false for a batch normalisation's moving statistics, which the optimiser leaves alone
     */
    record ParameterShape(String name, long[] shape, Init init, boolean trainable) {

        /** A trainable kernel (He-normal) or bias (zeros). */
        ParameterShape(String name, long[] shape, boolean bias) {
            this(name, shape, bias ? Init.ZEROS : Init.HE_NORMAL, true);
        }

        long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        /** All dimensions but the output one: kh·kw·in for a conv kernel, in for a dense matrix. */
        long fanIn() {
            return size() / shape[shape.length - 1];
        }
    }

    private PatchClassifierNetwork() {
    }

    static List<ParameterShape> parameterShapes(ModelKind kind) {
        List<ModelInput> inputs = kind.inputs();
        List<ParameterShape> shapes = new ArrayList<>();
        for (String tower : towers(inputs)) {
            if (kind.inception()) {
                InceptionV3Tower.shapes(tower, shapes);
                continue;
            }
            long in = CHANNELS;
            for (int i = 0; i < TOWER_FILTERS.length; i++) {
                shapes.add(new ParameterShape(convName(tower, i) + ".kernel", new long[] {3, 3, in, TOWER_FILTERS[i]}, false));
                shapes.add(new ParameterShape(convName(tower, i) + ".bias", new long[] {TOWER_FILTERS[i]}, true));
                in = TOWER_FILTERS[i];
            }
        }
        long features = (long) inputs.size() * (kind.inception() ? InceptionV3Tower.FEATURES : TOWER_FILTERS[TOWER_FILTERS.length - 1]);
        if (kind.mapSize() > 0) {
            shapes.add(new ParameterShape(PIXEL_HEAD + ".kernel", new long[] {1, 1, features, 1}, false));
            shapes.add(new ParameterShape(PIXEL_HEAD + ".bias", new long[] {1}, true));
            return shapes;
        }
        shapes.add(new ParameterShape("head.dense1.kernel", new long[] {features, HIDDEN}, false));
        shapes.add(new ParameterShape("head.dense1.bias", new long[] {HIDDEN}, true));
        shapes.add(new ParameterShape("head.dense2.kernel", new long[] {HIDDEN, 1}, false));
        shapes.add(new ParameterShape("head.dense2.bias", new long[] {1}, true));
        return shapes;
    }

    /** The towers' names: the inputs' names, in order. */
    static List<String> towers(List<ModelInput> inputs) {
        return inputs.stream().map(ModelInput::name).toList();
    }

    /**
     * Logits for NHWC images [N, size, size, 3] already scaled to [-1, 1], one per input in order: [N] for a
     * classifier, [N, m, m] for the FCN (m its map size).
     *
     * @param parameter the graph tensor holding each named weight
     */
    static Operand<TFloat32> logits(Ops tf, Function<String, Operand<TFloat32>> parameter, ModelKind kind,
                                    List<? extends Operand<TFloat32>> images) {
        return logits(tf, parameter, kind, images, null);
    }

    /**
     * As {@link #logits(Ops, Function, ModelKind, List)}; with {@code movingAverageUpdates}, built for training:
     * batch normalisation (InceptionV3 only) uses the batch's statistics and adds the updates of its moving
     * averages there; without, it uses the moving averages, as inference does.
     */
    static Operand<TFloat32> logits(Ops tf, Function<String, Operand<TFloat32>> parameter, ModelKind kind,
                                    List<? extends Operand<TFloat32>> images, List<Op> movingAverageUpdates) {
        List<ModelInput> inputs = kind.inputs();
        if (kind.mapSize() > 0) {
            Operand<TFloat32> features = convolutions(tf, parameter, inputs.getFirst().name(), images.getFirst());
            Operand<TFloat32> pixels = tf.nn.biasAdd(tf.nn.conv2d(features, parameter.apply(PIXEL_HEAD + ".kernel"),
                    List.of(1L, 1L, 1L, 1L), "VALID"), parameter.apply(PIXEL_HEAD + ".bias"));
            return tf.reshape(pixels, tf.constant(new int[] {-1, kind.mapSize(), kind.mapSize()}));
        }
        List<Operand<TFloat32>> towerFeatures = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Operand<TFloat32> maps = kind.inception()
                    ? InceptionV3Tower.build(tf, parameter, inputs.get(i).name(), images.get(i), movingAverageUpdates)
                    : convolutions(tf, parameter, inputs.get(i).name(), images.get(i));
            // Global average pooling: [N, h, w, c] -> [N, c].
            towerFeatures.add(tf.math.mean(maps, tf.constant(new int[] {1, 2})));
        }
        // TensorFlow's concat takes two or more.
        Operand<TFloat32> features = towerFeatures.size() == 1 ? towerFeatures.getFirst()
                : tf.concat(towerFeatures, tf.constant(1));
        Operand<TFloat32> hidden = tf.nn.relu(dense(tf, parameter, "head.dense1", features));
        return tf.reshape(dense(tf, parameter, "head.dense2", hidden), tf.constant(new int[] {-1}));
    }

    /** One tower's 3×3 convolutions with ReLU and 2×2 max pooling between them: [N, size/4, size/4, 64]. */
    private static Operand<TFloat32> convolutions(Ops tf, Function<String, Operand<TFloat32>> parameter,
                                                  String tower, Operand<TFloat32> input) {
        Operand<TFloat32> x = input;
        for (int i = 0; i < TOWER_FILTERS.length; i++) {
            String name = convName(tower, i);
            x = tf.nn.conv2d(x, parameter.apply(name + ".kernel"), List.of(1L, 1L, 1L, 1L), "SAME");
            x = tf.nn.relu(tf.nn.biasAdd(x, parameter.apply(name + ".bias")));
            if (i < TOWER_FILTERS.length - 1) {
                x = tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            }
        }
        return x;
    }

    private static Operand<TFloat32> dense(Ops tf, Function<String, Operand<TFloat32>> parameter,
                                           String name, Operand<TFloat32> input) {
        return tf.math.add(tf.linalg.matMul(input, parameter.apply(name + ".kernel")), parameter.apply(name + ".bias"));
    }

    static String convName(String tower, int index) {
        return tower + "_tower.conv" + (index + 1);
    }
}
