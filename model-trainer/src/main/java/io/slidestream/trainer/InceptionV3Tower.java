package io.slidestream.trainer;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.util.List;
import java.util.function.Function;

/**
 * One InceptionV3 tower (Szegedy et al. 2015) as Keras builds it (keras.applications.InceptionV3 without its
 * top): every convolution without bias, then batch normalisation without scale (ε 10⁻³, momentum 0.99),
 * then ReLU; the stem, mixed0–2 (35 × 35), mixed3, mixed4–7 (17 × 17, factorised 1×7 and 7×1), mixed8, and
 * mixed9–10 (8 × 8), ending in 2048 feature maps. Convolutions are numbered in the order Keras creates
 * them, so {@code <tower>_inception.convK} holds what Keras names {@code conv2d_K} (K from 1) with
 * {@code batch_normalization_K}'s beta and moving statistics. The layout is written once ({@link #tower}) against
 * {@link Layers} and walked twice: by a recorder that lists the weight shapes, and by a builder that makes the
 * TensorFlow graph, so the two cannot disagree.
 */
final class InceptionV3Tower {

    static final int FEATURES = 2048;
    private static final float EPSILON = 1e-3f;
    private static final float MOMENTUM = 0.99f;

    private InceptionV3Tower() {
    }

    /** The operations the layout is written in; T is what flows between layers. */
    interface Layers<T> {
        /** Convolution (kh × kw, stride, SAME or VALID padding), batch normalisation, ReLU. */
        T conv(T x, int filters, int kh, int kw, int stride, boolean same);

        /** 3×3 max pooling, stride 2, VALID. */
        T maxPool(T x);

        /** 3×3 average pooling, stride 1, SAME. */
        T avgPool(T x);

        /** Channel concatenation. */
        T concat(List<T> xs);
    }

    static <T> T tower(Layers<T> l, T image) {
        T x = l.conv(image, 32, 3, 3, 2, false);
        x = l.conv(x, 32, 3, 3, 1, false);
        x = l.conv(x, 64, 3, 3, 1, true);
        x = l.maxPool(x);
        x = l.conv(x, 80, 1, 1, 1, false);
        x = l.conv(x, 192, 3, 3, 1, false);
        x = l.maxPool(x);
        for (int poolFilters : new int[] {32, 64, 64}) { // mixed0-2
            x = l.concat(List.of(
                    l.conv(x, 64, 1, 1, 1, true),
                    l.conv(l.conv(x, 48, 1, 1, 1, true), 64, 5, 5, 1, true),
                    l.conv(l.conv(l.conv(x, 64, 1, 1, 1, true), 96, 3, 3, 1, true), 96, 3, 3, 1, true),
                    l.conv(l.avgPool(x), poolFilters, 1, 1, 1, true)));
        }
        x = l.concat(List.of( // mixed3
                l.conv(x, 384, 3, 3, 2, false),
                l.conv(l.conv(l.conv(x, 64, 1, 1, 1, true), 96, 3, 3, 1, true), 96, 3, 3, 2, false),
                l.maxPool(x)));
        for (int c : new int[] {128, 160, 160, 192}) { // mixed4-7
            T b1 = l.conv(x, 192, 1, 1, 1, true);
            T b7 = l.conv(l.conv(l.conv(x, c, 1, 1, 1, true), c, 1, 7, 1, true), 192, 7, 1, 1, true);
            T b7dbl = l.conv(x, c, 1, 1, 1, true);
            b7dbl = l.conv(l.conv(b7dbl, c, 7, 1, 1, true), c, 1, 7, 1, true);
            b7dbl = l.conv(l.conv(b7dbl, c, 7, 1, 1, true), 192, 1, 7, 1, true);
            x = l.concat(List.of(b1, b7, b7dbl, l.conv(l.avgPool(x), 192, 1, 1, 1, true)));
        }
        x = l.concat(List.of( // mixed8
                l.conv(l.conv(x, 192, 1, 1, 1, true), 320, 3, 3, 2, false),
                l.conv(l.conv(l.conv(l.conv(x, 192, 1, 1, 1, true), 192, 1, 7, 1, true), 192, 7, 1, 1, true),
                        192, 3, 3, 2, false),
                l.maxPool(x)));
        for (int i = 0; i < 2; i++) { // mixed9-10
            T b1 = l.conv(x, 320, 1, 1, 1, true);
            T b3 = l.conv(x, 384, 1, 1, 1, true);
            b3 = l.concat(List.of(l.conv(b3, 384, 1, 3, 1, true), l.conv(b3, 384, 3, 1, 1, true)));
            T b3dbl = l.conv(l.conv(x, 448, 1, 1, 1, true), 384, 3, 3, 1, true);
            b3dbl = l.concat(List.of(l.conv(b3dbl, 384, 1, 3, 1, true), l.conv(b3dbl, 384, 3, 1, 1, true)));
            x = l.concat(List.of(b1, b3, b3dbl, l.conv(l.avgPool(x), 192, 1, 1, 1, true)));
        }
        return x;
    }

    /** Adds the tower's weights, convolution by convolution in layout order, to {@code shapes}. */
    static void shapes(String tower, List<PatchClassifierNetwork.ParameterShape> shapes) {
        tower(new Layers<Integer>() {
            private int convs;

            @Override
            public Integer conv(Integer in, int filters, int kh, int kw, int stride, boolean same) {
                String name = convName(tower, ++convs);
                shapes.add(new PatchClassifierNetwork.ParameterShape(name + ".kernel", new long[] {kh, kw, in, filters},
                        PatchClassifierNetwork.Init.HE_NORMAL, true));
                shapes.add(new PatchClassifierNetwork.ParameterShape(name + ".beta", new long[] {filters},
                        PatchClassifierNetwork.Init.ZEROS, true));
                shapes.add(new PatchClassifierNetwork.ParameterShape(name + ".moving_mean", new long[] {filters},
                        PatchClassifierNetwork.Init.ZEROS, false));
                shapes.add(new PatchClassifierNetwork.ParameterShape(name + ".moving_variance", new long[] {filters},
                        PatchClassifierNetwork.Init.ONES, false));
                return filters;
            }

            @Override
            public Integer maxPool(Integer x) {
                return x;
            }

            @Override
            public Integer avgPool(Integer x) {
                return x;
            }

            @Override
            public Integer concat(List<Integer> xs) {
                return xs.stream().mapToInt(Integer::intValue).sum();
            }
        }, PatchClassifierNetwork.CHANNELS);
    }

    /**
     * The tower's graph: [N, 299, 299, 3] in, [N, 8, 8, 2048] out.
     *
     * @param movingAverageUpdates null for inference (moving statistics); else training (batch statistics),
     *                             and each normalisation's moving-average updates are added here
     */
    static Operand<TFloat32> build(Ops tf, Function<String, Operand<TFloat32>> parameter, String tower,
                                   Operand<TFloat32> image, List<Op> movingAverageUpdates) {
        return tower(new Layers<Operand<TFloat32>>() {
            private int convs;

            @Override
            public Operand<TFloat32> conv(Operand<TFloat32> x, int filters, int kh, int kw, int stride, boolean same) {
                String name = convName(tower, ++convs);
                Operand<TFloat32> y = tf.nn.conv2d(x, parameter.apply(name + ".kernel"), List.of(1L, (long) stride,
                        (long) stride, 1L), same ? "SAME" : "VALID");
                Operand<TFloat32> mean;
                Operand<TFloat32> variance;
                Operand<TFloat32> movingMean = parameter.apply(name + ".moving_mean");
                Operand<TFloat32> movingVariance = parameter.apply(name + ".moving_variance");
                if (movingAverageUpdates == null) {
                    mean = movingMean;
                    variance = movingVariance;
                } else {
                    Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
                    mean = tf.math.mean(y, axes);
                    variance = tf.math.mean(tf.math.square(tf.math.sub(y, mean)), axes);
                    movingAverageUpdates.add(tf.assign((Variable<TFloat32>) movingMean, movingAverage(movingMean, mean)));
                    movingAverageUpdates.add(tf.assign((Variable<TFloat32>) movingVariance,
                            movingAverage(movingVariance, variance)));
                }
                Operand<TFloat32> normalised = tf.math.mul(tf.math.sub(y, mean),
                        tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
                return tf.nn.relu(tf.math.add(normalised, parameter.apply(name + ".beta")));
            }

            private Operand<TFloat32> movingAverage(Operand<TFloat32> moving, Operand<TFloat32> batch) {
                return tf.math.add(tf.math.mul(moving, tf.constant(MOMENTUM)), tf.math.mul(batch, tf.constant(1 - MOMENTUM)));
            }

            @Override
            public Operand<TFloat32> maxPool(Operand<TFloat32> x) {
                return tf.nn.maxPool(x, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            }

            @Override
            public Operand<TFloat32> avgPool(Operand<TFloat32> x) {
                return tf.nn.avgPool(x, List.of(1L, 3L, 3L, 1L), List.of(1L, 1L, 1L, 1L), "SAME");
            }

            @Override
            public Operand<TFloat32> concat(List<Operand<TFloat32>> xs) {
                return tf.concat(xs, tf.constant(3));
            }
        }, image);
    }

    static String convName(String tower, int index) {
        return tower + "_inception.conv" + index;
    }
}
