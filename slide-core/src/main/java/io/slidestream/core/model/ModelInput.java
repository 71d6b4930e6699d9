package io.slidestream.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One input of a model, in physical units: a square of {@code size} × {@code size} RGB pixels at
 * {@code mpp} microns per pixel, centred on the grid cell's centre. This is the contract between the
 * trainer (which cut its training patches so), the tiler (which plans the grid and the levels to read
 * from it) and the workers (which read and resample to it), whatever the slide's own resolution.
 *
 * @param name  the model signature's input name (e.g. "patch"); for profiles that are not a model, the role's name
 * @param role  what the input shows
 * @param size  edge in pixels
 * @param mpp   microns per pixel
 */
public record ModelInput(String name, InputRole role, int size, double mpp) {
    /** Two resolutions within 1 % are the same: vendors round mpp to 3–4 digits. */
    public static final double MPP_TOLERANCE = 0.01;

    public ModelInput {
        if (role == null) {
            throw new IllegalArgumentException("model input " + name + " has no role (patch or context)");
        }
        if (size < 8 || size > 4096) {
            throw new IllegalArgumentException("model input " + name + " size must be in [8, 4096] px, got " + size);
        }
        if (!(mpp > 0.01 && mpp <= 1000)) {
            throw new IllegalArgumentException("model input " + name + " mpp must be in (0.01, 1000] µm/px, got " + mpp);
        }
        if (name == null || name.isBlank()) {
            name = role.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Edge in microns. */
    @JsonIgnore
    public double edgeUm() {
        return size * mpp;
    }

    /** Same role, same pixel size and the same resolution within {@link #MPP_TOLERANCE}. */
    public boolean sameShapeAs(ModelInput other) {
        return role == other.role && size == other.size && Math.abs(mpp - other.mpp) <= MPP_TOLERANCE * other.mpp;
    }

    @Override
    public String toString() {
        return role.name().toLowerCase(java.util.Locale.ROOT) + " " + size + " px at " + mpp + " µm/px";
    }
}
