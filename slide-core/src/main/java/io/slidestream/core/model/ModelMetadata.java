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
 * {"formatVersion": 2, "name": "slidestream-demo", "version": "1",
 *  "inputs": [{"name": "patch", "role": "patch", "size": 64, "mpp": 1.0},
 *             {"name": "context", "role": "context", "size": 64, "mpp": 4.0}],
 *  "output": "tumour_probability", "normalisation": "minus-one-to-one", "threshold": 0.5,
 *  "testTimeAugmentation": "dihedral8",
 *  "stainNormalisation": {"method": "reinhard",
 *                         "reference": {"mean": [72.0, 18.0, -12.0], "std": [14.0, 8.0, 6.0]}}}
 * }</pre>
 *
 * The last two are optional; absent means off ({@code "none"} and no stain normalisation), so packages
 * written before them load unchanged. {@code "dihedral8"} scores each patch in its 8 rotations and
 * flips (all inputs of the patch alike) and publishes the mean probability; {@code stainNormalisation}
 * maps each input image's colours to the reference before {@code normalisation} (see
 * {@link StainNormalisation}). An unknown name for either is refused when the package is read.
 *
 * Packages written before format 2 have {@code inputSize}, {@code patchInput} and {@code contextInput}
 * instead of {@code inputs}; they were trained on level 1 and level 3 of 0.5 µm/px slides, so they load
 * as {@value #LEGACY_PATCH_MPP} and {@value #LEGACY_CONTEXT_MPP} µm/px.
 *
 * @param formatVersion  version of this file's format
 * @param name           model name
 * @param version        model version
 * @param inputs         the patch input first, then context inputs, with their signature names
 * @param output         signature output name of the tumour probability [N] or [N, 1]
 * @param normalisation  how RGB bytes become floats; "minus-one-to-one" is (v / 127.5) - 1
 * @param threshold      probability at or above which a patch counts as tumour
 * @param testTimeAugmentation {@value #TTA_NONE} (also when absent) or {@value #TTA_DIHEDRAL8}
 * @param stainNormalisation   colour standardisation of every input image, or null for none
 */
public record ModelMetadata(int formatVersion, String name, String version, List<ModelInput> inputs, String output,
                            String normalisation, double threshold, String testTimeAugmentation,
                            @JsonInclude(JsonInclude.Include.NON_NULL) StainNormalisation stainNormalisation) {

    public static final String FILE_NAME = "slidestream-model.json";
    public static final int FORMAT_VERSION = 2;
    public static final String MINUS_ONE_TO_ONE = "minus-one-to-one";
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
        if (testTimeAugmentation == null) {
            testTimeAugmentation = TTA_NONE;
        } else if (!TTA_NONE.equals(testTimeAugmentation) && !TTA_DIHEDRAL8.equals(testTimeAugmentation)) {
            throw new IllegalArgumentException("unknown testTimeAugmentation '" + testTimeAugmentation
                    + "'; this version supports '" + TTA_NONE + "' and '" + TTA_DIHEDRAL8 + "'");
        }
    }

    /** A current-format package description, without test-time augmentation or stain normalisation. */
    public static ModelMetadata of(String name, String version, List<ModelInput> inputs, String output,
                                   String normalisation, double threshold) {
        return new ModelMetadata(FORMAT_VERSION, name, version, inputs, output, normalisation, threshold,
                TTA_NONE, null);
    }

    /** This description with another test-time augmentation ({@value #TTA_NONE} or {@value #TTA_DIHEDRAL8}). */
    public ModelMetadata withTestTimeAugmentation(String tta) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold, tta,
                stainNormalisation);
    }

    /** This description with another stain normalisation (null: none). */
    public ModelMetadata withStainNormalisation(StainNormalisation stain) {
        return new ModelMetadata(formatVersion, name, version, inputs, output, normalisation, threshold,
                testTimeAugmentation, stain);
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
                json.path("threshold").asDouble(0.5), TTA_NONE, null);
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
