package io.slidestream.inference.service;

import io.slidestream.core.model.InputNormalisation;
import io.slidestream.core.model.ModelMetadata;

/**
 * The model's input step: RGB bytes of images become the floats the model was trained on, still NHWC (the
 * model transposes for a channels-first package). Where the package asks for it, each image's stain is
 * normalised first ({@link ReinhardNormaliser}: patch and context each to the same reference), then values
 * are normalised as the package says ({@link InputNormalisation}). Pixels stay bytes until here, so queued
 * patches take a quarter of the memory.
 */
public final class ModelInputs {
    private final ReinhardNormaliser stain;
    private final InputNormalisation normalisation;
    /** The normalised value of each byte, one table per channel: bytes are converted by lookup. */
    private final float[] red = new float[256];
    private final float[] green = new float[256];
    private final float[] blue = new float[256];

    public ModelInputs(ModelMetadata metadata) {
        this.stain = ReinhardNormaliser.of(metadata.stainNormalisation());
        this.normalisation = metadata.inputNormalisation();
        for (int v = 0; v < 256; v++) {
            red[v] = normalisation.apply(v, 0);
            green[v] = normalisation.apply(v, 1);
            blue[v] = normalisation.apply(v, 2);
        }
    }

    /** Every read patch of a batch as the model's input. */
    public PatchTensors tensors(PatchPixels pixels) {
        int count = pixels.count();
        float[][] inputs = new float[pixels.inputs().length][];
        for (int i = 0; i < inputs.length; i++) {
            byte[] rgb = pixels.inputs()[i];
            inputs[i] = new float[rgb.length];
            if (count > 0) {
                convert(rgb, 0, count, rgb.length / count, inputs[i], 0);
            }
        }
        return new PatchTensors(count, inputs);
    }

    /**
     * Converts {@code images} images of {@code imageValues} bytes each, from image {@code first} of
     * {@code rgb}, into {@code out} from image {@code outFirst}.
     */
    public void convert(byte[] rgb, int first, int images, int imageValues, float[] out, int outFirst) {
        int from = first * imageValues;
        int to = outFirst * imageValues;
        int values = images * imageValues;
        if (stain != null) {
            for (int n = 0; n < images; n++) {
                stain.normalise(rgb, from + n * imageValues, imageValues / 3, out, to + n * imageValues);
            }
            for (int i = 0; i < values; i++) {
                out[to + i] = normalisation.apply(out[to + i], i % 3);
            }
            return;
        }
        // A pixel at a time, not a value at a time with i % 3: this loop was a sixth of a CPU worker's time.
        for (int i = 0; i < values; i += 3) {
            out[to + i] = red[rgb[from + i] & 0xff];
            out[to + i + 1] = green[rgb[from + i + 1] & 0xff];
            out[to + i + 2] = blue[rgb[from + i + 2] & 0xff];
        }
    }
}
