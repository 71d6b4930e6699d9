package io.slidestream.trainer;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The networks the trainer builds, each a set of model inputs with one small conv tower per input
 * ({@link PatchClassifierNetwork}). Both train on two CPU cores in minutes.
 */
public enum ModelKind {
    /**
     * Seed 000's multi-scale classifier (Liu et al.), shrunk: a 64 px patch at 1 µm/px and a same-centre 64 px
     * context at 4 µm/px. The default, and the demo model.
     */
    TWO_TOWER("two-tower", List.of(
            new ModelInput(SavedModelExporter.PATCH_INPUT, InputRole.PATCH, 64, 1.0),
            new ModelInput(SavedModelExporter.CONTEXT_INPUT, InputRole.CONTEXT, 64, 4.0))),
    /** Seed 003's PatchCamelyon task: one 96 px patch at about 1 µm/px (PCam's 10×, 0.972 µm/px), no context. */
    PCAM("pcam", List.of(new ModelInput(SavedModelExporter.PATCH_INPUT, InputRole.PATCH, 96, 1.0)));

    private final String id;
    private final List<ModelInput> inputs;

    ModelKind(String id, List<ModelInput> inputs) {
        this.id = id;
        this.inputs = inputs;
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
