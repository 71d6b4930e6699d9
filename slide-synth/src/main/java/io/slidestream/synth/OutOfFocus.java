package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Patches where the scanner lost focus: ellipses of {@value #MIN_DIAMETER_UM} to {@value #MAX_DIAMETER_UM}
 * µm centred on tissue, one and up to one more per 4 mm² of slide (at most eight); on a slide with tumour the
 * first lies over a lesion, the others anywhere on the tissue. Inside, the tissue is blurred as by a
 * defocused lens (nearly a Gaussian of σ {@value #MIN_SIGMA_UM} to {@value #MAX_SIGMA_UM} µm, one σ per
 * slide), fully in the core and less and less over the outer {@value #RIM_SHARE} of the radius, so the patch
 * has no edge. Tumour is blurred like everything else; the truth does not change. The glass is left as
 * painted: it is nearly uniform, and all-glass tiles must stay exactly {@link GlassPattern}.
 */
final class OutOfFocus {
    static final double MIN_DIAMETER_UM = 250;
    static final double MAX_DIAMETER_UM = 600;
    static final double MIN_SIGMA_UM = 2;
    static final double MAX_SIGMA_UM = 3.5;
    static final double RIM_SHARE = 0.35;
    private static final double SLIDE_MM2_PER_PATCH = 4;
    private static final int MAX_PATCHES = 8;
    private static final int PLACEMENT_TRIES = 50;
    /**
     * The first patch is centred at most this share of a lesion's outer radius from its centre: inside the
     * outline, whose radius never falls below a third of its largest.
     */
    private static final double LESION_CENTRE_REACH = 0.3;

    /** Level-0 pixels [x0, x1) x [y0, y1). */
    record Region(long x0, long y0, long x1, long y1) {
        int width() {
            return (int) (x1 - x0);
        }

        int height() {
            return (int) (y1 - y0);
        }
    }

    /** An ellipse around (cx, cy), its long axis along (cos, sin). */
    record Patch(double cx, double cy, double cos, double sin, double semiMajor, double semiMinor) {
        /** The pixels the ellipse may reach: its bounding box, a pixel wider. */
        Region bounds() {
            double halfWidth = Math.sqrt(sq(semiMajor * cos) + sq(semiMinor * sin)) + 1;
            double halfHeight = Math.sqrt(sq(semiMajor * sin) + sq(semiMinor * cos)) + 1;
            return new Region((long) Math.floor(cx - halfWidth), (long) Math.floor(cy - halfHeight),
                    (long) Math.ceil(cx + halfWidth), (long) Math.ceil(cy + halfHeight));
        }

        /** 1 in the core, easing to 0 at the outline. */
        double weight(long x, long y) {
            double dx = x - cx;
            double dy = y - cy;
            double u = (dx * cos + dy * sin) / semiMajor;
            double v = (dy * cos - dx * sin) / semiMinor;
            double rho2 = u * u + v * v;
            if (rho2 >= 1) {
                return 0;
            }
            double t = Math.min(1, (1 - Math.sqrt(rho2)) / RIM_SHARE);
            return t * t * (3 - 2 * t);
        }

        private static double sq(double value) {
            return value * value;
        }
    }

    private final List<Patch> patches;
    private final BoxBlur blur;
    private final int grainSeed;

    private OutOfFocus(List<Patch> patches, BoxBlur blur, int grainSeed) {
        this.patches = List.copyOf(patches);
        this.blur = blur;
        this.grainSeed = grainSeed;
    }

    /** The slide's out-of-focus patches, or null when its appearance has none. */
    static OutOfFocus plan(SyntheticSlideSpec spec, TissueField tissue, List<LesionShape> lesions) {
        if (!spec.appearance().outOfFocus()) {
            return null;
        }
        long seed = Hash.derive(spec.seed(), "out of focus");
        SplittableRandom random = new SplittableRandom(seed);
        double mpp = spec.mpp();
        double sigmaUm = MIN_SIGMA_UM + (MAX_SIGMA_UM - MIN_SIGMA_UM) * random.nextDouble();
        double slideMm2 = spec.width() * mpp * spec.height() * mpp / 1e6;
        int count = Math.min(MAX_PATCHES, 1 + random.nextInt(1 + (int) (slideMm2 / SLIDE_MM2_PER_PATCH)));
        List<Patch> patches = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double cx = 0;
            double cy = 0;
            if (k == 0 && !lesions.isEmpty()) {
                // The first over tumour: every slide with tumour shows blurred tumour, a case a model must know.
                LesionShape lesion = lesions.get(random.nextInt(lesions.size()));
                double angle = 2 * Math.PI * random.nextDouble();
                double distance = LESION_CENTRE_REACH * lesion.outerRadius() * random.nextDouble();
                cx = lesion.centreX() + distance * StrictMath.cos(angle);
                cy = lesion.centreY() + distance * StrictMath.sin(angle);
            } else {
                for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
                    cx = spec.width() * (0.1 + 0.8 * random.nextDouble());
                    cy = spec.height() * (0.1 + 0.8 * random.nextDouble());
                    if (tissue.isTissue((long) cx, (long) cy)) {
                        break;
                    }
                }
            }
            double semiMajor = (MIN_DIAMETER_UM + (MAX_DIAMETER_UM - MIN_DIAMETER_UM) * random.nextDouble()) / 2 / mpp;
            double semiMinor = semiMajor * (0.6 + 0.4 * random.nextDouble());
            double angle = Math.PI * random.nextDouble();
            patches.add(new Patch(cx, cy, StrictMath.cos(angle), StrictMath.sin(angle), semiMajor, semiMinor));
        }
        return new OutOfFocus(patches, BoxBlur.approximating(sigmaUm / mpp), (int) Hash.mix(seed));
    }

    List<Patch> patches() {
        return patches;
    }

    /**
     * The part of [x0, x1) x [y0, y1) that may be out of focus: the smallest region holding all of it that
     * the patches' bounding boxes reach, or null when none does.
     */
    Region within(long x0, long y0, long x1, long y1) {
        Region within = null;
        for (Patch patch : patches) {
            Region bounds = patch.bounds();
            long left = Math.max(x0, bounds.x0());
            long top = Math.max(y0, bounds.y0());
            long right = Math.min(x1, bounds.x1());
            long bottom = Math.min(y1, bounds.y1());
            if (left >= right || top >= bottom) {
                continue;
            }
            within = within == null ? new Region(left, top, right, bottom)
                    : new Region(Math.min(left, within.x0()), Math.min(top, within.y0()),
                            Math.max(right, within.x1()), Math.max(bottom, within.y1()));
        }
        return within;
    }

    /** How far beyond an out-of-focus region the slide must be painted for {@link #blur}. */
    int marginPx() {
        return blur.marginPx();
    }

    /** How much level-0 pixel (x, y) is out of focus, 0 (sharp) to 1. */
    double weight(long x, long y) {
        double weight = 0;
        for (Patch patch : patches) {
            weight = Math.max(weight, patch.weight(x, y));
        }
        return weight;
    }

    /**
     * Fills {@code target} from {@code source}, the slide painted over the target and {@link #marginPx}
     * beyond its part {@code blurred} (see {@link #within}): sharp, or blurred as much as the pixel is out
     * of focus where it is tissue.
     */
    void blur(Canvas source, Region blurred, Canvas target) {
        int left = (int) (target.x0 - source.x0);
        int top = (int) (target.y0 - source.y0);
        for (int j = 0; j < target.h; j++) {
            System.arraycopy(source.bgr, (top + j) * source.stride + source.offset + 3 * left,
                    target.bgr, j * target.stride + target.offset, 3 * target.w);
        }
        int margin = marginPx();
        int[] values = blur.blur(source, (int) (blurred.x0() - source.x0) - margin,
                (int) (blurred.y0() - source.y0) - margin, blurred.width() + 2 * margin,
                blurred.height() + 2 * margin);
        for (long y = blurred.y0(); y < blurred.y1(); y++) {
            int j = (int) (y - target.y0);
            for (long x = blurred.x0(); x < blurred.x1(); x++) {
                int i = (int) (x - target.x0);
                if (!source.tissue[(top + j) * source.w + left + i]) {
                    continue;
                }
                double weight = weight(x, y);
                if (weight <= 0) {
                    continue;
                }
                // The sensor's grain is not blurred with the image: a defocused scan is as noisy as any.
                int grain = Hash.pixelHash(grainSeed, (int) x, (int) y) >> 28;
                int at = 3 * ((int) (y - blurred.y0()) * blurred.width() + (int) (x - blurred.x0()));
                target.blend(i, j, values[at + 2] + grain, values[at + 1] + grain, values[at] + grain, weight);
            }
        }
    }
}
