package io.slidestream.core.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a model wants its RGB bytes as floats: the one place of this arithmetic for trainer, workers and
 * tests. A model package names it in {@link ModelMetadata#normalisation()}.
 */
public enum InputNormalisation {

    /** v / 127.5 − 1, into [-1, 1]: the TensorFlow seeds and the demo model. */
    MINUS_ONE_TO_ONE("minus-one-to-one") {
        @Override
        public float apply(float value, int channel) {
            // Float arithmetic on purpose: bit for bit what the workers have always fed.
            return value / 127.5f - 1f;
        }
    },

    /** (v / 255 − mean[c]) / std[c] with ImageNet's RGB statistics: torchvision's pretrained models. */
    IMAGENET("imagenet") {
        @Override
        public float apply(float value, int channel) {
            return (float) ((value / 255.0 - IMAGENET_MEAN[channel]) / IMAGENET_STD[channel]);
        }
    };

    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    private final String id;

    InputNormalisation(String id) {
        this.id = id;
    }

    /**
     * The model's input value for one value of an RGB image.
     *
     * @param value   in [0, 255]: a byte, unsigned, or a stain-normalised value (not rounded)
     * @param channel 0 red, 1 green, 2 blue
     */
    public abstract float apply(float value, int channel);

    /** The name a model package uses. */
    public String id() {
        return id;
    }

    /** The normalisation a package names; an unknown name is refused, naming the known ones. */
    public static InputNormalisation named(String id) {
        for (InputNormalisation n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalisation '" + id + "'; this version supports "
                + Arrays.stream(values()).map(n -> "'" + n.id + "'").collect(Collectors.joining(" and ")));
    }
}
