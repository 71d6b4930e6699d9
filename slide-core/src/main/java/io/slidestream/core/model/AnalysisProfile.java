package io.slidestream.core.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a slide is analysed, in physical units: one patch input (whose edge in microns is the grid's cell
 * edge) and any number of same-centre context inputs. The default profile is the deployed model's own
 * ({@link ModelMetadata#profile()}); a slide-ready event may name another configured one.
 *
 * @param name    the name a request uses to ask for it
 * @param inputs  exactly one {@link InputRole#PATCH} input, then the context inputs
 */
public record AnalysisProfile(String name, List<ModelInput> inputs) {

    public AnalysisProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        inputs = List.copyOf(inputs);
        long patches = inputs.stream().filter(i -> i.role() == InputRole.PATCH).count();
        if (patches != 1) {
            throw new IllegalArgumentException("profile " + name + " must have exactly one patch input, has " + patches);
        }
        if (inputs.getFirst().role() != InputRole.PATCH) {
            throw new IllegalArgumentException("profile " + name + ": the patch input must come first");
        }
    }

    public ModelInput patch() {
        return inputs.getFirst();
    }

    /** Edge of one grid cell in microns. */
    public double cellEdgeUm() {
        return patch().edgeUm();
    }

    /**
     * Why a batch planned with this profile cannot be fed to {@code model}, or empty when it can: the
     * same roles with the same pixel sizes and resolutions (within {@link ModelInput#MPP_TOLERANCE}).
     */
    public Optional<String> mismatchWith(ModelMetadata model) {
        List<ModelInput> wanted = model.inputs();
        boolean matches = wanted.size() == inputs.size();
        for (int i = 0; matches && i < wanted.size(); i++) {
            matches = inputs.get(i).sameShapeAs(wanted.get(i));
        }
        if (matches) {
            return Optional.empty();
        }
        return Optional.of("profile " + name + " (" + describe(inputs) + ") does not match model " + model.id()
                + " (" + describe(wanted) + ")");
    }

    private static String describe(List<ModelInput> inputs) {
        return inputs.stream().map(ModelInput::toString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name + " (" + describe(inputs) + ")";
    }
}
