package io.slidestream.trainer;

import io.slidestream.core.model.ModelInput;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.util.List;

/**
 * N examples as the model takes them: per input, NHWC floats in [-1, 1], row-major, RGB interleaved.
 *
 * @param count  N
 * @param sizes  each input's edge in pixels, in the model's input order
 * @param images per input, N·size·size·3 floats, examples in the same order
 */
record InputBatch(int count, List<Integer> sizes, float[][] images) {

    InputBatch {
        sizes = List.copyOf(sizes);
        if (images.length != sizes.size()) {
            throw new IllegalArgumentException(images.length + " images for " + sizes.size() + " inputs");
        }
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != count * valuesPerImage(sizes.get(i))) {
                throw new IllegalArgumentException("a batch of " + count + " needs " + count * valuesPerImage(sizes.get(i))
                        + " floats for input " + i);
            }
        }
    }

    static InputBatch allocate(List<ModelInput> inputs, int count) {
        List<Integer> sizes = inputs.stream().map(ModelInput::size).toList();
        float[][] images = new float[sizes.size()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = new float[count * valuesPerImage(sizes.get(i))];
        }
        return new InputBatch(count, sizes, images);
    }

    static int valuesPerImage(int size) {
        return size * size * PatchClassifierNetwork.CHANNELS;
    }

    static Shape shape(long count, int size) {
        return Shape.of(count, size, size, PatchClassifierNetwork.CHANNELS);
    }

    /** The first input's floats. */
    float[] patch() {
        return images[0];
    }

    /** The second input's floats. */
    float[] context() {
        return images[1];
    }

    TFloat32 tensor(int input) {
        return TFloat32.tensorOf(shape(count, sizes.get(input)), DataBuffers.of(images[input], true, false));
    }
}
