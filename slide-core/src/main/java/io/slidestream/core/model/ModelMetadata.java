package io.slidestream.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model package says about itself, stored as {@value #FILE_NAME} beside the model files. It is
 * the contract between the trainer (writes it), the tiler (plans each slide's grid and levels from
 * {@link #inputs()}) and the inference workers (check every batch against it and feed the model).
 *
 * <pre>{@code
 * {"formatVersion": 3, "name": "slidestream-demo", "version": "1",
 *  "inputs": [{"name": "patch", "role": "patch", "size": 64, "mpp": 1.0},
 *             {"name": "context", "role": "context", "size": 64, "mpp": 4.0}],
 *  "output": "tumour_probability", "normalisation": "minus-one-to-one", "threshold": 0.5,
 *  "testTimeAugmentation": "dihedral8",
 *  "stainNormalisation": {"method": "reinhard",
 *                         "reference": {"mean": [72.0, 18.0, -12.0], "std": [14.0, 8.0, 6.0]}},
 *  "engine": "onnxruntime", "layout": "NCHW", "outputKind": "probability"}
 * }</pre>
 *
 * <p>{@code testTimeAugmentation} and {@code stainNormalisation} are optional; absent means off
 * ({@code "none"} and no stain normalisation). {@code "dihedral8"} scores each patch in its 8 rotations
 * and flips (all inputs of the patch alike) and publishes the mean probability; {@code stainNormalisation}
 * maps each input image's colours to the reference before {@code normalisation} (see
 * {@link StainNormalisation}).
 *
 * <p>Since format 3, also optional: {@code engine} ({@value #ENGINE_TENSORFLOW}, a SavedModel
 * {@code saved_model.pb} in the folder, or {@value #ENGINE_ONNXRUNTIME}, one {@code *.onnx} file in the
 * folder), {@code layout} of every image input ({@value #LAYOUT_NHWC} as TensorFlow takes images, or
 * {@value #LAYOUT_NCHW} as PyTorch exports take them) and {@code outputKind} ({@value #OUTPUT_PROBABILITY}:
 * one tumour probability per patch, [N] or [N, 1]; {@value #OUTPUT_PROBABILITY_MAP}: a per-pixel tumour
 * probability map per patch, [N, H, W], [N, H, W, 1] or [N, 1, H, W] with H = W; the patch's score is the map's
 * maximum, so one tumour pixel anywhere in the patch marks it, and the map itself, reduced to a few sub-cells
 * each way, travels with the score so that the aggregator stitches masks finer than the grid). Absent, they are
 * what every package before them was: TensorFlow, NHWC, one probability; and an absent
 * {@code normalisation} is {@value #MINUS_ONE_TO_ONE}. So packages of formats 1 and 2 load unchanged.
 * An unknown name in any of these fields is refused when the package is read.
 *
 * <p>Packages written before format 2 have {@code inputSize}, {@code patchInput} and {@code contextInput}
 * instead of {@code inputs}; they were trained on level 1 and level 3 of 0.5 µm/px slides, so they load
 * as {@value #LEGACY_PATCH_MPP} and {@value #LEGACY_CONTEXT_MPP} µm/px.
 *
 * @param formatVersion  version of this file's format
 * @param name           model name
 * @param version        model version
 * @param inputs         the patch input first, then context inputs, with their signature names
 * @param output         the model's output name (of the tumour probability, or map: see {@code outputKind})
 * @param normalisation  how RGB bytes become floats, an {@link InputNormalisation} id: {@value #MINUS_ONE_TO_ONE}
 *                       (v / 127.5 − 1, also when absent) or {@value #IMAGENET} ((v / 255 − mean) / std per channel)
 * @param threshold      probability at or above which a patch counts as tumour
 * @param testTimeAugmentation {@value #TTA_NONE} (also when absent) or {@value #TTA_DIHEDRAL8}
 * @param stainNormalisation   colour standardisation of every input image, or null for none
 * @param engine         {@value #ENGINE_TENSORFLOW} (also when absent) or {@value #ENGINE_ONNXRUNTIME}
 * @param layout         {@value #LAYOUT_NHWC} (also when absent) or {@value #LAYOUT_NCHW}
 * @param outputKind     {@value #OUTPUT_PROBABILITY} (also when absent) or {@value #OUTPUT_PROBABILITY_MAP}
 */
public record ModelMetadata(int formatVersion, String name, String version, List<ModelInput> inputs, String output,
                            String normalisation, double threshold, String testTimeAugmentation,
                            @JsonInclude(JsonInclude.Include.NON_NULL) StainNormalisation stainNormalisation,
                            String engine, String layout, String outputKind) {

    public static final String FILE_NAME = "slidestream-model.json";
    public static final int FORMAT_VERSION = 3;
    public static final String MINUS_ONE_TO_ONE = "minus-one-to-one";
    public static final String IMAGENET = "imagenet";
    /** A TensorFlow SavedModel ({@code saved_model.pb} and {@code variables/}), run by DJL's TensorFlow engine. */
    public static final String ENGINE_TENSORFLOW = "tensorflow";
    /** An ONNX model ({@code *.onnx}), run by DJL's ONNX Runtime engine. */
    public static final String ENGINE_ONNXRUNTIME = "onnxruntime";
    /** Images as [N, height, width, RGB]. */
    public static final String LAYOUT_NHWC = "NHWC";
    /** Images as [N, RGB, height, width]. */
    public static final String LAYOUT_NCHW = "NCHW";
    /** One tumour probability per patch. */
    public static final String OUTPUT_PROBABILITY = "probability";
    /** A tumour probability per pixel of each patch; the patch's score is its maximum. */
    public static final String OUTPUT_PROBABILITY_MAP = "probability-map";
    /** Each patch scored once, as it is. */
    public static final String TTA_NONE = "none";
    /** Each patch scored in the 8 rotations and flips of the square (the dihedral group D4); mean probability. */
    public static final String TTA_DIHEDRAL8 = "dihedral8";
    static final double LEGACY_PATCH_MPP = 1.0;
    static final double LEGACY_CONTEXT_MPP = 4.0;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelMetadata {
        inputs = List.copyOf(inputs);
        profileOf(name, version, inputs); // validates: one patch input, first
        normalisation = InputNormalisation.named(normalisation == null ? MINUS_ONE_TO_ONE : normalisation).id();
        testTimeAugmentation = oneOf("testTimeAugmentation", testTimeAugmentation, TTA_NONE, TTA_DIHEDRAL8);
        engine = oneOf("engine", engine, ENGINE_TENSORFLOW, ENGINE_ONNXRUNTIME);
        layout = oneOf("layout", layout, LAYOUT_NHWC, LAYOUT_NCHW);
        outputKind = oneOf("outputKind", outputKind, OUTPUT_PROBABILITY, OUTPUT_PROBABILITY_MAP);
    }

    /** {@code value}, or {@code absent} (the first allowed) when null; any other value is refused. */
    private static String oneOf(String field, String value, String absent, String other) {
        if (value == null) {
            return absent;
        }
        if (!absent.equals(value) && !other.equals(value)) {
            throw new IllegalArgumentException("unknown " + field + " '" + value + "'; this version supports '"
                    + absent + "' and '" + other + "'");
        }
        return value;
    }

    /**
     * A current-format description of a TensorFlow NHWC model with one probability per patch, without
     * test-time augmentation or stain normalisation.
     */
    public static ModelMetadata of(String name, String version, List<ModelInput> inputs, String output,
                                   String normalisation, double threshold) {
        return new ModelMetadata(FORMAT_VERSION, name, version, inputs, output, normalisation, threshold,
                TTA_NONE, null, ENGINE_TENSORFLOW, LAYOUT_NHWC, OUTPUT_PROBABILITY);
    }

    /** This description with another test-time augmentation ({@value #TTA_NONE} or {@value #TTA_DIHEDRAL8}). */
    public ModelMetadata withTestTimeAugmentation(String tta) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold, tta,
                stainNormalisation, engine, layout, outputKind);
    }

    /** This description with another stain normalisation (null: none). */
    public ModelMetadata withStainNormalisation(StainNormalisation stain) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold,
                testTimeAugmentation, stain, engine, layout, outputKind);
    }

    /** This description with another engine ({@value #ENGINE_TENSORFLOW} or {@value #ENGINE_ONNXRUNTIME}). */
    public ModelMetadata withEngine(String otherEngine) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold,
                testTimeAugmentation, stainNormalisation, otherEngine, layout, outputKind);
    }

    /** This description with another image layout ({@value #LAYOUT_NHWC} or {@value #LAYOUT_NCHW}). */
    public ModelMetadata withLayout(String otherLayout) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold,
                testTimeAugmentation, stainNormalisation, engine, otherLayout, outputKind);
    }

    /** This description with another threshold (e.g. one chosen on validation slides after training). */
    public ModelMetadata withThreshold(double otherThreshold) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, otherThreshold,
                testTimeAugmentation, stainNormalisation, engine, layout, outputKind);
    }

    /** This description with another output kind ({@value #OUTPUT_PROBABILITY} or {@value #OUTPUT_PROBABILITY_MAP}). */
    public ModelMetadata withOutputKind(String otherOutputKind) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold,
                testTimeAugmentation, stainNormalisation, engine, layout, otherOutputKind);
    }

    /** How this model wants RGB bytes as floats. */
    public InputNormalisation inputNormalisation() {
        return InputNormalisation.named(normalisation);
    }

    /** True when each patch is scored in its 8 rotations and flips. */
    public boolean dihedralTta() {
        return TTA_DIHEDRAL8.equals(testTimeAugmentation);
    }

    public String id() {
        return name + ":" + version;
    }

    /** The profile this model needs; named after the model, it is the tiler's default. */
    public AnalysisProfile profile() {
        return profileOf(name, version, inputs);
    }

    public ModelInput patchInput() {
        return inputs.getFirst();
    }

    /** The context inputs, in the order the model's signature takes them. */
    public List<ModelInput> contextInputs() {
        return inputs.subList(1, inputs.size());
    }

    private static AnalysisProfile profileOf(String name, String version, List<ModelInput> inputs) {
        return new AnalysisProfile(name == null || name.isBlank() ? "model" : name, inputs);
    }

    public static ModelMetadata read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        try {
            return fromJson(JSON.readTree(file.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException("cannot read model metadata " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
    }

    static ModelMetadata fromJson(JsonNode json) throws IOException {
        if (!(json instanceof ObjectNode object)) {
            throw new IOException("expected a JSON object");
        }
        if (object.has("inputs")) {
            return JSON.treeToValue(object, ModelMetadata.class);
        }
        return legacy(object);
    }

    /** Format 1: one input size, the patch and context input names, resolutions implied by the demo slides. */
    private static ModelMetadata legacy(ObjectNode json) throws IOException {
        int size = json.path("inputSize").asInt(0);
        String patchInput = json.path("patchInput").asText(null);
        if (size <= 0 || patchInput == null) {
            throw new IOException("neither 'inputs' nor the format-1 'inputSize' and 'patchInput' are given");
        }
        List<ModelInput> inputs = new ArrayList<>();
        inputs.add(new ModelInput(patchInput, InputRole.PATCH, size, LEGACY_PATCH_MPP));
        String contextInput = json.path("contextInput").asText(null);
        if (contextInput != null && !contextInput.isBlank()) {
            inputs.add(new ModelInput(contextInput, InputRole.CONTEXT, size, LEGACY_CONTEXT_MPP));
        }
        return new ModelMetadata(1, json.path("name").asText(), json.path("version").asText(), inputs,
                json.path("output").asText(null), json.path("normalisation").asText(null),
                json.path("threshold").asDouble(0.5), TTA_NONE, null, null, null, null);
    }

    public void write(Path modelDir) {
        try {
            Files.createDirectories(modelDir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(modelDir.resolve(FILE_NAME).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model metadata into " + modelDir, e);
        }
    }
}
