package io.slidestream.trainer;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * N patch/context pairs as the model takes them: NHWC floats in [-1, 1], row-major, RGB interleaved.
 *
 * @param count   N
 * @param patch   N·64·64·3 floats of the level-1 patches
 * @param context N·64·64·3 floats of the level-3 context patches, same order
 */
record InputBatch(int count, float[] patch, float[] context) {

    static final int VALUES_PER_IMAGE = PatchClassifierNetwork.INPUT_SIZE * PatchClassifierNetwork.INPUT_SIZE
            * PatchClassifierNetwork.CHANNELS;

    InputBatch {
        if (patch.length != count * VALUES_PER_IMAGE || context.length != count * VALUES_PER_IMAGE) {
            throw new IllegalArgumentException("a batch of " + count + " needs " + count * VALUES_PER_IMAGE + " floats per input");
        }
    }

    static InputBatch allocate(int count) {
        return new InputBatch(count, new float[count * VALUES_PER_IMAGE], new float[count * VALUES_PER_IMAGE]);
    }

    static Shape shape(long count) {
        return Shape.of(count, PatchClassifierNetwork.INPUT_SIZE, PatchClassifierNetwork.INPUT_SIZE, PatchClassifierNetwork.CHANNELS);
    }

    TFloat32 patchTensor() {
        return TFloat32.tensorOf(shape(count), DataBuffers.of(patch, true, false));
    }

    TFloat32 contextTensor() {
        return TFloat32.tensorOf(shape(count), DataBuffers.of(context, true, false));
    }
}
