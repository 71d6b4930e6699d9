package io.slidestream.synth;

/**
 * One nucleus, in level-0 pixels: an ellipse whose outline is perturbed by its 2nd and 3rd harmonics.
 * {@link #coverage} draws it with a one-pixel soft edge, without trigonometry per pixel.
 */
final class Nucleus {
    final double centreX;
    final double centreY;
    /** Draw in [0, 1): the nucleus exists where this is below the population's local occupancy. */
    final double presence;
    /** Multiplier on the stain colour. */
    final double shade;
    private final double semiMajor;
    private final double semiMinor;
    private final double cos;
    private final double sin;
    private final double harmonic2Cos;
    private final double harmonic2Sin;
    private final double harmonic3Cos;
    private final double harmonic3Sin;
    private final double reach;

    /** Every property is a hash of the grid seed and the cell, so a nucleus never depends on who draws it. */
    Nucleus(NucleusGrid grid, long cellX, long cellY) {
        long h = Hash.of(grid.seed(), cellX, cellY);
        double pitch = grid.pitchPx();
        centreX = (cellX + 0.15 + 0.7 * Hash.unit(h)) * pitch;
        h = Hash.mix(h);
        centreY = (cellY + 0.15 + 0.7 * Hash.unit(h)) * pitch;
        h = Hash.mix(h);
        presence = Hash.unit(h);
        NucleusStyle style = grid.style();
        h = Hash.mix(h);
        double radius = 0.5 * (grid.minDiameterPx() + (grid.maxDiameterPx() - grid.minDiameterPx()) * Hash.unit(h));
        h = Hash.mix(h);
        double elongation = 1 + (style.maxElongation() - 1) * Hash.unit(h);
        double squash = Math.sqrt(elongation);
        semiMajor = radius * squash;
        semiMinor = radius / squash;
        h = Hash.mix(h);
        double angle = Math.PI * Hash.unit(h);
        cos = StrictMath.cos(angle);
        sin = StrictMath.sin(angle);
        h = Hash.mix(h);
        double amplitude2 = style.irregularity() * Hash.unit(h);
        h = Hash.mix(h);
        double phase2 = 2 * Math.PI * Hash.unit(h);
        harmonic2Cos = amplitude2 * StrictMath.cos(phase2);
        harmonic2Sin = amplitude2 * StrictMath.sin(phase2);
        h = Hash.mix(h);
        double amplitude3 = style.irregularity() * 0.7 * Hash.unit(h);
        h = Hash.mix(h);
        double phase3 = 2 * Math.PI * Hash.unit(h);
        harmonic3Cos = amplitude3 * StrictMath.cos(phase3);
        harmonic3Sin = amplitude3 * StrictMath.sin(phase3);
        h = Hash.mix(h);
        shade = 1 + style.shadeSpread() * (2 * Hash.unit(h) - 1);
        reach = semiMajor * (1 + amplitude2 + amplitude3) + 1;
    }

    /** No pixel farther than this from the centre (in x or y) is touched. */
    double reach() {
        return reach;
    }

    /** How much of pixel (x, y) the nucleus covers, 0..1, with a soft edge about one pixel wide. */
    double coverage(long x, long y) {
        double dx = x - centreX;
        double dy = y - centreY;
        double u = (dx * cos + dy * sin) / semiMajor;
        double v = (dy * cos - dx * sin) / semiMinor;
        double rho2 = u * u + v * v;
        double edge;
        if (rho2 < 1e-12) {
            edge = 1;
        } else {
            double rho = Math.sqrt(rho2);
            double c = u / rho;
            double s = v / rho;
            double cos2 = c * c - s * s;
            double sin2 = 2 * c * s;
            double cos3 = c * (4 * c * c - 3);
            double sin3 = s * (3 - 4 * s * s);
            double outline = 1 + harmonic2Cos * cos2 + harmonic2Sin * sin2 + harmonic3Cos * cos3 + harmonic3Sin * sin3;
            // Distance inside the outline, in pixels along the short axis (the conservative scale).
            edge = (outline - rho) * semiMinor + 0.5;
        }
        return edge <= 0 ? 0 : Math.min(edge, 1);
    }
}
