package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole slide as a function of position: the tissue field, the lesion outlines, the nucleus populations
 * (lymphocytes, tumour cells and, in the hard look, germinal-centre cells), the stain density, the slide's
 * own staining and folds, its fat and out-of-focus patches, and the scanner artefacts. Only small lists are
 * held (blobs, lesions, focus patches); everything else is computed where it is drawn, so any region renders
 * on its own and always the same way.
 */
final class SlideContent {
    /** Feature sizes in µm of the stain density variation and of the lymphoid follicles. */
    private static final double STAIN_SCALE_UM = 60;
    private static final double FOLLICLE_SCALE_UM = 350;
    /** The stain density lattice: 8 px, about four points per wavelength of its finest octave at 0.5 µm/px. */
    private static final int STAIN_LATTICE_SHIFT = 3;

    private final SyntheticSlideSpec spec;
    private final TissueField tissue;
    private final List<LesionShape> lesions;
    private final NucleusGrid lymphocytes;
    private final NucleusGrid tumourCells;
    /** Null unless the appearance has germinal centres. */
    private final NucleusGrid germinalCentreCells;
    /** Null for the classic look. */
    private final StainVariation stainVariation;
    /** Null unless the appearance has fat. */
    private final AdiposeTissue fat;
    /** Null unless the appearance has out-of-focus patches. */
    private final OutOfFocus outOfFocus;
    private final ValueNoise stain;
    private final ValueNoise follicles;
    private final int grainSeed;
    private final GlassPattern glass;
    private final ScannerArtefacts artefacts;

    private SlideContent(SyntheticSlideSpec spec) {
        this.spec = spec;
        long seed = spec.seed();
        tissue = TissueField.plan(spec);
        lesions = List.copyOf(LesionPlanner.plan(spec, tissue));
        TissueAppearance look = spec.appearance();
        lymphocytes = new NucleusGrid(look.denseLymphoid() ? NucleusStyle.DENSE_LYMPHOCYTE : NucleusStyle.LYMPHOCYTE,
                spec.mpp(), Hash.derive(seed, "lymphocytes"));
        tumourCells = new NucleusGrid(look.subtleTumour() ? NucleusStyle.SUBTLE_TUMOUR : NucleusStyle.TUMOUR,
                spec.mpp(), Hash.derive(seed, "tumour cells"));
        germinalCentreCells = look.denseLymphoid()
                ? new NucleusGrid(NucleusStyle.GERMINAL_CENTRE, spec.mpp(), Hash.derive(seed, "germinal centres"))
                : null;
        stainVariation = StainVariation.plan(spec);
        fat = AdiposeTissue.plan(spec, tissue, lesions);
        outOfFocus = OutOfFocus.plan(spec, tissue, lesions);
        stain = new ValueNoise(Hash.derive(seed, "stain"));
        follicles = new ValueNoise(Hash.derive(seed, "follicles"));
        grainSeed = (int) Hash.derive(seed, "grain");
        glass = new GlassPattern(Hash.derive(seed, "glass"), spec.artefacts().greyBackground());
        artefacts = ScannerArtefacts.plan(spec, tissue);
    }

    static SlideContent plan(SyntheticSlideSpec spec) {
        return new SlideContent(spec);
    }

    SyntheticSlideSpec spec() {
        return spec;
    }

    TissueField tissue() {
        return tissue;
    }

    List<LesionShape> lesions() {
        return lesions;
    }

    NucleusGrid lymphocytes() {
        return lymphocytes;
    }

    NucleusGrid tumourCells() {
        return tumourCells;
    }

    /** The germinal-centre cells, or null when the slide has none. */
    NucleusGrid germinalCentreCells() {
        return germinalCentreCells;
    }

    /** The slide's staining and folds, or null for the classic look. */
    StainVariation stainVariation() {
        return stainVariation;
    }

    /** The slide's fat, or null when it has none. */
    AdiposeTissue fat() {
        return fat;
    }

    /** The slide's out-of-focus patches, or null when it has none. */
    OutOfFocus outOfFocus() {
        return outOfFocus;
    }

    int grainSeed() {
        return grainSeed;
    }

    GlassPattern glass() {
        return glass;
    }

    ScannerArtefacts artefacts() {
        return artefacts;
    }

    /** The lesions whose outline may reach into [x0, x1) x [y0, y1) widened by margin. */
    List<LesionShape> lesionsTouching(long x0, long y0, long x1, long y1, double margin) {
        List<LesionShape> touching = new ArrayList<>();
        for (LesionShape lesion : lesions) {
            if (lesion.touches(x0, y0, x1, y1, margin)) {
                touching.add(lesion);
            }
        }
        return touching;
    }

    /** Eosin density around [x0, x1) x [y0, y1), in [-1, 1]. */
    LatticePatch stainDensity(long x0, long y0, long x1, long y1) {
        double scale = STAIN_SCALE_UM / spec.mpp() / (1 << STAIN_LATTICE_SHIFT);
        return LatticePatch.sample((lx, ly) -> stain.fractal(lx / scale, ly / scale, 3),
                STAIN_LATTICE_SHIFT, x0, y0, x1, y1);
    }

    /** Follicle density from which on a follicle's core is a germinal centre (when the slide has them). */
    static final double GERMINAL_CENTRE_CORE = 0.85;

    /** Local crowding of lymphocytes, 0 (sparse) to 1 (a follicle). */
    double follicleDensity(double x, double y) {
        double scale = FOLLICLE_SCALE_UM / spec.mpp();
        return Math.clamp(0.5 + 0.8 * follicles.fractal(x / scale, y / scale, 2), 0, 1);
    }

    /** Whether any of the candidate lesion outlines contains level-0 pixel (x, y). */
    static boolean inLesion(List<LesionShape> candidates, long x, long y) {
        for (LesionShape lesion : candidates) {
            if (lesion.contains(x, y)) {
                return true;
            }
        }
        return false;
    }
}
