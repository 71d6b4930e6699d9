package io.slidestream.synth;

/**
 * Places one population of nuclei on a jittered grid: each grid cell holds at most one nucleus, whose
 * position, size and shape are hashed from the cell. A renderer asks for the cells around its tile
 * only, so no nucleus list is ever held for the slide.
 */
final class NucleusGrid {
    private final NucleusStyle style;
    private final long seed;
    private final double pitchPx;
    private final double minDiameterPx;
    private final double maxDiameterPx;
    private final double maxReachPx;
    private final double chromatinGrainsPerPixel;

    NucleusGrid(NucleusStyle style, double mpp, long seed) {
        this.style = style;
        this.seed = seed;
        this.pitchPx = style.spacingUm() / mpp;
        this.minDiameterPx = style.minDiameterUm() / mpp;
        this.maxDiameterPx = style.maxDiameterUm() / mpp;
        double semiMajor = 0.5 * maxDiameterPx * Math.sqrt(style.maxElongation());
        this.maxReachPx = semiMajor * (1 + 1.7 * style.irregularity()) + 1;
        // Exact at 0.5 µm/px (1 and 0.5), where a grain is 1 and 2 pixels wide.
        this.chromatinGrainsPerPixel = mpp / style.chromatinGrainUm();
    }

    NucleusStyle style() {
        return style;
    }

    long seed() {
        return seed;
    }

    double pitchPx() {
        return pitchPx;
    }

    double minDiameterPx() {
        return minDiameterPx;
    }

    double maxDiameterPx() {
        return maxDiameterPx;
    }

    /** How far outside a region a nucleus centre may lie and still touch it. */
    double maxReachPx() {
        return maxReachPx;
    }

    /** Chromatin grain index per level-0 pixel: grain (x * this, y * this) covers pixel (x, y). */
    double chromatinGrainsPerPixel() {
        return chromatinGrainsPerPixel;
    }

    long cellOf(double coordinate) {
        return (long) Math.floor(coordinate / pitchPx);
    }

    Nucleus nucleus(long cellX, long cellY) {
        return new Nucleus(this, cellX, cellY);
    }
}
