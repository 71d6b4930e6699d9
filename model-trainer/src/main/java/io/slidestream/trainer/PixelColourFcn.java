package io.slidestream.trainer;

import io.slidestream.core.model.InputNormalisation;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fully convolutional model package with a {@value ModelMetadata#OUTPUT_PROBABILITY_MAP} output, not trained:
 * each pixel's tumour probability is the sigmoid of a fixed linear function of that pixel's own colour (a
 * 1 × 1 convolution), high on dark, blue-purple (haematoxylin) pixels such as dense nuclei. It stands in for a
 * segmentation model such as seed 002's FCN wherever probability maps are exercised (the workers' maps, the
 * aggregator's sub-patch masks, `analyze --model`): its map for any pixels is known exactly
 * ({@link #probability}), which a trained network's is not. One 64 px patch input at 1 µm/px, as the demo
 * model's patch input; output [N, 64, 64, 1]; a TensorFlow SavedModel.
 */
public final class PixelColourFcn {
    public static final String NAME = "slidestream-pixel-fcn";
    public static final String VERSION = "1";
    static final String INPUT = "patch";
    static final String OUTPUT = "tumour_probability_map";
    static final int INPUT_SIZE = 64;
    /** Logit weights of the normalised red, green and blue values, and the bias: dark and blue raise it. */
    private static final float[] WEIGHTS = {-5f, -3f, 2f};
    private static final float BIAS = -3f;

    private PixelColourFcn() {
    }

    public static ModelMetadata metadata() {
        return ModelMetadata.of(NAME, VERSION, List.of(new ModelInput(INPUT, InputRole.PATCH, INPUT_SIZE, 1.0)),
                OUTPUT, ModelMetadata.MINUS_ONE_TO_ONE, 0.5).withOutputKind(ModelMetadata.OUTPUT_PROBABILITY_MAP);
    }

    /** The tumour probability the model gives a pixel of this colour (bytes 0..255), computed as its graph does. */
    public static float probability(int red, int green, int blue) {
        InputNormalisation normalisation = metadata().inputNormalisation();
        float logit = normalisation.apply(red, 0) * WEIGHTS[0] + normalisation.apply(green, 1) * WEIGHTS[1]
                + normalisation.apply(blue, 2) * WEIGHTS[2] + BIAS;
        return (float) (1 / (1 + Math.exp(-logit)));
    }

    /**
     * Writes the package into {@code dir} (which must not hold one yet) with {@code metadata}, e.g.
     * {@link #metadata()} or a variant of it (test-time augmentation, another threshold).
     *
     * @return {@code dir}
     */
    public static Path export(Path dir, ModelMetadata metadata) {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> patch = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, INPUT_SIZE, INPUT_SIZE, 3)));
            float[][][][] kernel = {{{{WEIGHTS[0]}, {WEIGHTS[1]}, {WEIGHTS[2]}}}}; // [1, 1, 3, 1]
            Operand<TFloat32> logits = tf.math.add(
                    tf.nn.conv2d(patch, tf.constant(StdArrays.ndCopyOf(kernel)), List.of(1L, 1L, 1L, 1L), "VALID"),
                    tf.constant(BIAS));
            Operand<TFloat32> map = tf.withName(OUTPUT).math.sigmoid(logits);
            Signature signature = Signature.builder().key(SavedModelExporter.SIGNATURE_KEY)
                    .input(INPUT, patch).output(OUTPUT, map).build();
            Files.createDirectories(dir);
            try (Session session = new Session(graph)) {
                SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session)).export();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the pixel-colour FCN into " + dir, e);
        }
        metadata.write(dir);
        return dir;
    }
}
