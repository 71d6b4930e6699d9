package io.slidestream.synth;

/**
 * A slide's own staining and the tissue folds it has, applied to tissue pixels once everything else is
 * painted. Colour is changed in optical density (OD = −ln(value / 255)), where stain amounts add: each
 * channel's density is scaled by the slide's intensity and a channel factor (more or less haematoxylin or
 * eosin, another scanner's colour response), and a fold's double thickness doubles it again (almost). Glass
 * white has no density and stays white. All numbers come from the slide's seed.
 */
final class StainVariation {
    /** Overall stain intensity between labs: density × 0.75 to × 1.3. */
    static final double MIN_INTENSITY = 0.75;
    static final double MAX_INTENSITY = 1.3;
    /** Per-channel density factor: ± 15 %. */
    static final double CHANNEL_SPREAD = 0.15;
    /** Density in a fold: two layers, a little less than twice. */
    static final double FOLD_DENSITY = 1.8;

    private final byte[][] flat;
    private final byte[][] folded;
    private final Fold[] folds;

    /** A band of folded tissue: within {@code halfWidth} of the line through (cx, cy) at {@code angle}. */
    private record Fold(double cx, double cy, double nx, double ny, double halfWidth) {
        boolean contains(long x, long y) {
            return Math.abs((x - cx) * nx + (y - cy) * ny) < halfWidth;
        }
    }

    private StainVariation(double[] factors, Fold[] folds) {
        this.flat = new byte[3][];
        this.folded = new byte[3][];
        for (int c = 0; c < 3; c++) {
            flat[c] = table(factors[c]);
            folded[c] = table(factors[c] * FOLD_DENSITY);
        }
        this.folds = folds;
    }

    /** The slide's variation, or null when its appearance asks for neither stain variation nor folds. */
    static StainVariation plan(SyntheticSlideSpec spec) {
        TissueAppearance look = spec.appearance();
        if (!look.stainVariation() && !look.folds()) {
            return null;
        }
        long h = Hash.derive(spec.seed(), "stain variation");
        double[] factors = {1, 1, 1};
        if (look.stainVariation()) {
            double intensity = MIN_INTENSITY + (MAX_INTENSITY - MIN_INTENSITY) * Hash.unit(h);
            for (int c = 0; c < 3; c++) {
                h = Hash.mix(h);
                factors[c] = intensity * (1 + CHANNEL_SPREAD * (2 * Hash.unit(h) - 1));
            }
        }
        Fold[] folds = new Fold[0];
        if (look.folds()) {
            long f = Hash.derive(spec.seed(), "folds");
            folds = new Fold[1 + (int) (2 * Hash.unit(f))];
            for (int k = 0; k < folds.length; k++) {
                f = Hash.mix(f);
                double cx = spec.width() * (0.2 + 0.6 * Hash.unit(f));
                f = Hash.mix(f);
                double cy = spec.height() * (0.2 + 0.6 * Hash.unit(f));
                f = Hash.mix(f);
                double angle = Math.PI * Hash.unit(f);
                f = Hash.mix(f);
                double widthUm = 60 + 160 * Hash.unit(f);
                folds[k] = new Fold(cx, cy, -StrictMath.sin(angle), StrictMath.cos(angle), widthUm / 2 / spec.mpp());
            }
        }
        return new StainVariation(factors, folds);
    }

    /** Restains the canvas's tissue pixels. */
    void apply(Canvas canvas) {
        for (int j = 0; j < canvas.h; j++) {
            for (int i = 0; i < canvas.w; i++) {
                if (!canvas.tissue[j * canvas.w + i]) {
                    continue;
                }
                byte[][] tables = inFold(canvas.x0 + i, canvas.y0 + j) ? folded : flat;
                canvas.map(i, j, tables[0], tables[1], tables[2]);
            }
        }
    }

    private boolean inFold(long x, long y) {
        for (Fold fold : folds) {
            if (fold.contains(x, y)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] table(double densityFactor) {
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            double density = -Math.log(Math.max(v, 1) / 255.0);
            table[v] = (byte) Math.clamp(Math.round(255 * Math.exp(-density * densityFactor)), 0, 255);
        }
        return table;
    }
}
