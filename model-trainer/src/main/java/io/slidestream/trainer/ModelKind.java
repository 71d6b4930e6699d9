package io.slidestream.trainer;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The networks the trainer builds ({@link PatchClassifierNetwork}): one small conv tower per model input, and
 * either a dense head giving one probability per patch, or (the FCN) a 1×1 convolution giving a probability
 * per pixel of a {@link #mapSize()} map over the patch. All train on two CPU cores in minutes.
 */
public enum ModelKind {
    /**
     * Seed 000's multi-scale classifier (Liu et al.), shrunk: a 64 px patch at 1 µm/px and a same-centre 64 px
     * context at 4 µm/px. The default, and the demo model.
     */
    TWO_TOWER("two-tower", List.of(
            new ModelInput(SavedModelExporter.PATCH_INPUT, InputRole.PATCH, 64, 1.0),
            new ModelInput(SavedModelExporter.CONTEXT_INPUT, InputRole.CONTEXT, 64, 4.0)), 0),
    /** Seed 003's PatchCamelyon task: one 96 px patch at about 1 µm/px (PCam's 10×, 0.972 µm/px), no context. */
    PCAM("pcam", List.of(new ModelInput(SavedModelExporter.PATCH_INPUT, InputRole.PATCH, 96, 1.0)), 0),
    /**
     * Seed 002's fully convolutional segmenter, small: one 64 px patch at 1 µm/px in, a 16 × 16 tumour
     * probability map out (4 µm per map pixel), package {@code outputKind} "probability-map".
     */
    FCN("fcn", List.of(new ModelInput(SavedModelExporter.PATCH_INPUT, InputRole.PATCH, 64, 1.0)), 16),
    /**
     * Seed 000's own network for GPU machines: two InceptionV3 towers (Keras's layout, batch normalisation
     * included), a 299 px patch at 0.5 µm/px and a same-centre 299 px context at 1 µm/px (the seed's levels
     * 1 and 2 of CAMELYON16, 2× apart), trained from scratch. About 44 million weights: too slow for two CPU
     * cores beyond a test step. SavedModel only (no ONNX export).
     */
    INCEPTION_V3("inception-v3", List.of(
            new ModelInput(SavedModelExporter.PATCH_INPUT, InputRole.PATCH, 299, 0.5),
            new ModelInput(SavedModelExporter.CONTEXT_INPUT, InputRole.CONTEXT, 299, 1.0)), 0);

    private final String id;
    private final List<ModelInput> inputs;
    private final int mapSize;

    ModelKind(String id, List<ModelInput> inputs, int mapSize) {
        this.id = id;
        this.inputs = inputs;
        this.mapSize = mapSize;
    }

    /** Edge of the probability map per patch; 0 for a model giving one probability per patch. */
    public int mapSize() {
        return mapSize;
    }

    /** Whether the towers are InceptionV3's rather than the small conv towers. */
    boolean inception() {
        return this == INCEPTION_V3;
    }

    /** Whether {@link OnnxExporter} can write this network. */
    boolean exportsOnnx() {
        return !inception();
    }

    /** Probabilities per example: one, or one per map pixel. */
    int outputsPerExample() {
        return mapSize == 0 ? 1 : mapSize * mapSize;
    }

    /** The package's {@code outputKind}. */
    String outputKind() {
        return mapSize == 0 ? ModelMetadata.OUTPUT_PROBABILITY : ModelMetadata.OUTPUT_PROBABILITY_MAP;
    }

    /**
     * The kind a package this trainer wrote was made as, from its inputs and output kind.
     *
     * @throws IllegalArgumentException for a package of another network (e.g. one a user brought)
     */
    static ModelKind of(ModelMetadata metadata) {
        return Arrays.stream(values())
                .filter(k -> k.inputs.equals(metadata.inputs()) && k.outputKind().equals(metadata.outputKind()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("model " + metadata.id()
                        + " is none of the networks this trainer builds " + Arrays.stream(values()).map(ModelKind::id).toList()));
    }

    /**
     * Seed 000's sampling for a classifier (label from the window's centre); for the FCN, which learns every
     * pixel's label, the centre is the whole window and windows overlap by half.
     */
    SamplingPlan defaultSampling() {
        int window = patchSize();
        SamplingPlan seed = SamplingPlan.seedDefaults(window);
        return mapSize == 0 ? seed : new SamplingPlan(window, window / 2, seed.minNormalTissue(), seed.normalsPerTumour(),
                seed.minNormalsPerSlide());
    }

    public String id() {
        return id;
    }

    /** The model's inputs, the patch first. */
    public List<ModelInput> inputs() {
        return inputs;
    }

    /** Edge of the patch input in pixels: the sampling window. */
    public int patchSize() {
        return inputs.getFirst().size();
    }

    public static ModelKind named(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model kind '" + id + "'; this version trains "
                        + Arrays.stream(values()).map(ModelKind::id).toList()));
    }
}
