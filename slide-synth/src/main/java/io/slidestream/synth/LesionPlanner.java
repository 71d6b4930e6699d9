package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses the tumour regions: sizes spread from the smallest to the largest allowed diameter, placed
 * largest first at random points where the whole outline (plus a rim) lies in tissue and away from the
 * other lesions. A lesion that finds no room shrinks, down to the minimum diameter, and is dropped after
 * that, so a slide may hold fewer lesions than asked for.
 */
final class LesionPlanner {
    private static final int PLACEMENT_TRIES = 400;
    private static final double SHRINK = 0.85;
    /** Largest lesion relative to the slide's short side, so that it can sit inside a tissue blob. */
    private static final double MAX_SHARE_OF_SHORT_SIDE = 0.3;
    /** Tissue rim kept around each lesion, and the gap between lesions, in µm. */
    private static final double RIM_UM = 40;
    private static final double GAP_UM = 150;
    private static final int RIM_ANGLES = 48;

    private final SyntheticSlideSpec spec;
    private final TissueField tissue;
    private final SplittableRandom random;

    private LesionPlanner(SyntheticSlideSpec spec, TissueField tissue) {
        this.spec = spec;
        this.tissue = tissue;
        this.random = new SplittableRandom(Hash.derive(spec.seed(), "lesions"));
    }

    static List<LesionShape> plan(SyntheticSlideSpec spec, TissueField tissue) {
        return new LesionPlanner(spec, tissue).place();
    }

    private List<LesionShape> place() {
        List<LesionShape> placed = new ArrayList<>();
        for (double diameterUm : diametersLargestFirst()) {
            for (double d = diameterUm; d >= spec.minLesionDiameterUm(); d *= SHRINK) {
                LesionShape lesion = tryPlace(d / spec.mpp(), placed);
                if (lesion != null) {
                    placed.add(lesion);
                    break;
                }
            }
        }
        return placed;
    }

    /** Log-uniform sizes, one per equal slice of [min, max], so a slide always gets small and large ones. */
    private double[] diametersLargestFirst() {
        int count = spec.lesionCount();
        double min = spec.minLesionDiameterUm();
        double fits = Math.min(spec.width(), spec.height()) * spec.mpp() * MAX_SHARE_OF_SHORT_SIDE;
        double max = Math.max(min, Math.min(spec.maxLesionDiameterUm(), fits));
        double logMin = StrictMath.log(min);
        double logMax = StrictMath.log(max);
        double[] diameters = new double[count];
        for (int i = 0; i < count; i++) {
            double slice = (count - 1 - i + random.nextDouble()) / count;
            diameters[i] = StrictMath.exp(logMin + (logMax - logMin) * slice);
        }
        return diameters;
    }

    private LesionShape tryPlace(double diameterPx, List<LesionShape> placed) {
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
            double x = random.nextDouble() * spec.width();
            double y = random.nextDouble() * spec.height();
            LesionShape lesion = new LesionShape(x, y, diameterPx, random);
            if (clearOf(lesion, placed) && insideTissue(lesion)) {
                return lesion;
            }
        }
        return null;
    }

    private boolean clearOf(LesionShape lesion, List<LesionShape> placed) {
        double gap = GAP_UM / spec.mpp();
        for (LesionShape other : placed) {
            double dx = lesion.centreX() - other.centreX();
            double dy = lesion.centreY() - other.centreY();
            double reach = lesion.outerRadius() + other.outerRadius() + gap;
            if (dx * dx + dy * dy < reach * reach) {
                return false;
            }
        }
        return true;
    }

    /** Tissue at the centre and on rings out to the outline plus a rim, so nuclei at the edge sit on tissue too. */
    private boolean insideTissue(LesionShape lesion) {
        double rim = RIM_UM / spec.mpp();
        if (!tissueAt(lesion.centreX(), lesion.centreY())) {
            return false;
        }
        for (int a = 0; a < RIM_ANGLES; a++) {
            double theta = 2 * Math.PI * a / RIM_ANGLES;
            double cos = StrictMath.cos(theta);
            double sin = StrictMath.sin(theta);
            double outline = lesion.radiusAt(theta);
            for (double r : new double[] {outline * 0.5, outline, outline + rim}) {
                if (!tissueAt(lesion.centreX() + r * cos, lesion.centreY() + r * sin)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean tissueAt(double x, double y) {
        long px = (long) Math.floor(x);
        long py = (long) Math.floor(y);
        return px >= 0 && py >= 0 && px < spec.width() && py < spec.height() && tissue.isTissue(px, py);
    }
}
