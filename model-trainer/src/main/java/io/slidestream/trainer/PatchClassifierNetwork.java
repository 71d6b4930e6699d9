package io.slidestream.trainer;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The multi-scale classifier of Liu et al. (arXiv:1703.02442), shrunk to run on two CPU cores: one small
 * conv tower for the level-1 patch and one for the same-centre level-3 context (same shape, separate
 * weights), concatenated into a small dense head that gives one logit per patch.
 * The same graph code serves training (weights are trainable variables) and export (weights restored).
 * {@link OnnxExporter} writes the same network as an ONNX graph: a change here must be made there too
 * (OnnxExportTest compares the two).
 */
final class PatchClassifierNetwork {

    static final int INPUT_SIZE = 64;
    static final int CHANNELS = 3;
    static final String[] TOWERS = {"patch", "context"};
    static final int[] TOWER_FILTERS = {16, 32, 64};
    private static final int HIDDEN = 32;

    /** Shape of one weight tensor; fan-in drives the He initialisation of kernels. */
    record ParameterShape(String name, long[] shape, boolean bias) {
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

    static List<ParameterShape> parameterShapes() {
        List<ParameterShape> shapes = new ArrayList<>();
        for (String tower : TOWERS) {
            long in = CHANNELS;
            for (int i = 0; i < TOWER_FILTERS.length; i++) {
                shapes.add(new ParameterShape(convName(tower, i) + ".kernel", new long[] {3, 3, in, TOWER_FILTERS[i]}, false));
                shapes.add(new ParameterShape(convName(tower, i) + ".bias", new long[] {TOWER_FILTERS[i]}, true));
                in = TOWER_FILTERS[i];
            }
        }
        long features = (long) TOWERS.length * TOWER_FILTERS[TOWER_FILTERS.length - 1];
        shapes.add(new ParameterShape("head.dense1.kernel", new long[] {features, HIDDEN}, false));
        shapes.add(new ParameterShape("head.dense1.bias", new long[] {HIDDEN}, true));
        shapes.add(new ParameterShape("head.dense2.kernel", new long[] {HIDDEN, 1}, false));
        shapes.add(new ParameterShape("head.dense2.bias", new long[] {1}, true));
        return shapes;
    }

    /**
     * Logits [N] for NHWC inputs [N, 64, 64, 3] already scaled to [-1, 1].
     *
     * @param parameter the graph tensor holding each named weight
     */
    static Operand<TFloat32> logits(Ops tf, Function<String, Operand<TFloat32>> parameter,
                                    Operand<TFloat32> patch, Operand<TFloat32> context) {
        Operand<TFloat32> features = tf.concat(
                List.of(tower(tf, parameter, TOWERS[0], patch), tower(tf, parameter, TOWERS[1], context)),
                tf.constant(1));
        Operand<TFloat32> hidden = tf.nn.relu(dense(tf, parameter, "head.dense1", features));
        return tf.reshape(dense(tf, parameter, "head.dense2", hidden), tf.constant(new int[] {-1}));
    }

    private static Operand<TFloat32> tower(Ops tf, Function<String, Operand<TFloat32>> parameter,
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
        // Global average pooling: [N, h, w, c] -> [N, c].
        return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }

    private static Operand<TFloat32> dense(Ops tf, Function<String, Operand<TFloat32>> parameter,
                                           String name, Operand<TFloat32> input) {
        return tf.math.add(tf.linalg.matMul(input, parameter.apply(name + ".kernel")), parameter.apply(name + ".bias"));
    }

    static String convName(String tower, int index) {
        return tower + "_tower.conv" + (index + 1);
    }
}
