package io.slidestream.synth;

import java.util.List;
import java.util.function.Consumer;

/**
 * Paints one level-0 region into a BGR byte buffer: glass, then eosin-stained tissue (stroma, or the
 * more purple cytoplasm of tumour cells inside lesions), then nuclei stamped from the nucleus grids, then
 * (hard look) fat in place of some of that tissue, the slide's own staining and folds, and the blur of its
 * out-of-focus patches, then the scanner artefacts over everything. Stateless apart from the slide content,
 * so tiles can be painted on many threads at once.
 */
final class TileRenderer {
    /** Eosin shades from light to dense, packed 0xRRGGBB, indexed by stain density 0..255. */
    private static final int[] STROMA = gradient(new int[] {244, 198, 222}, new int[] {216, 126, 178});
    /** Tumour cell cytoplasm: more purple (amphophilic) than the stroma. */
    private static final int[] CYTOPLASM = gradient(new int[] {226, 172, 214}, new int[] {194, 122, 186});

    private final SlideContent content;

    TileRenderer(SlideContent content) {
        this.content = content;
    }

    /**
     * Paints level-0 pixels [x0, x0 + w) x [y0, y0 + h) into {@code bgr}, a buffer of {@code stride}
     * bytes per row, starting at byte column {@code 3 * offsetX} of its first row. Returns true when the
     * region shows only glass, i.e. exactly {@link GlassPattern}.
     */
    boolean render(byte[] bgr, int stride, int offsetX, long x0, long y0, int w, int h) {
        Canvas canvas = new Canvas(bgr, stride, offsetX, x0, y0, w, h);
        OutOfFocus focus = content.outOfFocus();
        OutOfFocus.Region blurred = focus == null ? null : focus.within(x0, y0, x0 + w, y0 + h);
        boolean bare;
        if (blurred == null) {
            bare = paintSlide(canvas);
        } else {
            // Blurred pixels take in their neighbours, also those across the region's edge: paint the slide a
            // margin beyond the blurred part, as the neighbouring regions paint it, and blur from that.
            int margin = focus.marginPx();
            long left = Math.min(x0, blurred.x0() - margin);
            long top = Math.min(y0, blurred.y0() - margin);
            int width = (int) (Math.max(x0 + w, blurred.x1() + margin) - left);
            int height = (int) (Math.max(y0 + h, blurred.y1() + margin) - top);
            Canvas source = new Canvas(new byte[3 * width * height], 3 * width, 0, left, top, width, height);
            bare = paintSlide(source);
            focus.blur(source, blurred, canvas);
        }
        // Artefacts lie on top of whatever the slide shows, as on the glass and coverslip.
        boolean marked = content.artefacts().paint(canvas);
        return bare && !marked;
    }

    /** Paints the slide without its artefacts; returns true when the canvas shows only glass. */
    private boolean paintSlide(Canvas canvas) {
        long x0 = canvas.x0;
        long y0 = canvas.y0;
        long x1 = x0 + canvas.w;
        long y1 = y0 + canvas.h;
        NucleusGrid germinal = content.germinalCentreCells();
        double reach = Math.max(content.lymphocytes().maxReachPx(), content.tumourCells().maxReachPx());
        // Nucleus centres up to a grid pitch beyond `reach` are tested for tissue, so sample that far out.
        double pitch = Math.max(content.lymphocytes().pitchPx(), content.tumourCells().pitchPx());
        if (germinal != null) {
            reach = Math.max(reach, germinal.maxReachPx());
            pitch = Math.max(pitch, germinal.pitchPx());
        }
        long margin = (long) Math.ceil(reach + pitch);
        LatticePatch tissue = content.tissue().sample(x0 - margin, y0 - margin, x1 + margin, y1 + margin);
        if (tissue.max() <= 0) {
            paintGlass(canvas);
            return true;
        }
        List<LesionShape> lesions = content.lesionsTouching(x0, y0, x1, y1, margin);
        paintTissue(canvas, tissue, lesions);
        stampLymphocytes(canvas, tissue, lesions, reach);
        if (germinal != null) {
            stampGerminalCentres(canvas, tissue, lesions, reach, germinal);
        }
        if (!lesions.isEmpty()) {
            stampTumourCells(canvas, tissue, lesions, reach);
        }
        // Fat replaces the tissue painted so far, nuclei included; the slide's staining then colours it too.
        if (content.fat() != null) {
            content.fat().paint(canvas, content.glass());
        }
        if (content.stainVariation() != null) {
            content.stainVariation().apply(canvas);
        }
        return false;
    }

    /** Glass repeats every {@link GlassPattern#PERIOD} rows: paint one period, copy the rest. */
    private void paintGlass(Canvas canvas) {
        GlassPattern glass = content.glass();
        for (int j = 0; j < canvas.h; j++) {
            if (j >= GlassPattern.PERIOD) {
                canvas.copyRow(j - GlassPattern.PERIOD, j);
                continue;
            }
            for (int i = 0; i < canvas.w; i++) {
                canvas.setGrey(i, j, glass.grey(canvas.x0 + i, canvas.y0 + j));
            }
        }
    }

    private void paintTissue(Canvas canvas, LatticePatch tissue, List<LesionShape> lesions) {
        LatticePatch density = content.stainDensity(canvas.x0, canvas.y0, canvas.x0 + canvas.w, canvas.y0 + canvas.h);
        GlassPattern glass = content.glass();
        int seed = content.grainSeed();
        for (int j = 0; j < canvas.h; j++) {
            long y = canvas.y0 + j;
            for (int i = 0; i < canvas.w; i++) {
                long x = canvas.x0 + i;
                if (tissue.valueAt(x, y) <= 0) {
                    canvas.setGrey(i, j, glass.grey(x, y));
                    continue;
                }
                canvas.tissue[j * canvas.w + i] = true;
                int shade = (int) (255 * Math.clamp(0.5 + 0.8 * density.valueAt(x, y), 0, 1));
                boolean tumour = !lesions.isEmpty() && SlideContent.inLesion(lesions, x, y);
                int rgb = (tumour ? CYTOPLASM : STROMA)[shade];
                // Grain of -8..7 grey levels, the same on all channels: the scanner's sensor noise, which is
                // per pixel at any resolution (unlike the tissue's own texture, which is sized in µm).
                int grain = Hash.pixelHash(seed, (int) x, (int) y) >> 28;
                canvas.set(i, j, (rgb >> 16) + grain, ((rgb >> 8) & 0xff) + grain, (rgb & 0xff) + grain);
            }
        }
    }

    /**
     * Lymphocytes everywhere in tissue outside lesions, crowded in follicles; not in the germinal centres of
     * a slide that has them.
     */
    private void stampLymphocytes(Canvas canvas, LatticePatch tissue, List<LesionShape> lesions, double reach) {
        NucleusGrid grid = content.lymphocytes();
        NucleusStyle style = grid.style();
        boolean germinalCentres = content.germinalCentreCells() != null;
        forEachCell(canvas, grid, reach, nucleus -> {
            if (nucleus.presence >= style.maxOccupancy()) {
                return;
            }
            boolean crowdingMatters = germinalCentres || nucleus.presence >= style.minOccupancy();
            double crowding = crowdingMatters ? content.follicleDensity(nucleus.centreX, nucleus.centreY) : 0;
            if (germinalCentres && crowding >= SlideContent.GERMINAL_CENTRE_CORE) {
                return;
            }
            if (nucleus.presence >= style.minOccupancy()) {
                double occupancy = style.minOccupancy() + (style.maxOccupancy() - style.minOccupancy()) * crowding;
                if (nucleus.presence >= occupancy) {
                    return;
                }
            }
            long cx = (long) Math.floor(nucleus.centreX);
            long cy = (long) Math.floor(nucleus.centreY);
            if (tissue.valueAt(cx, cy) > 0 && !SlideContent.inLesion(lesions, cx, cy)) {
                stamp(canvas, nucleus, grid);
            }
        });
    }

    /** Germinal-centre cells in the cores of follicles, outside lesions. */
    private void stampGerminalCentres(Canvas canvas, LatticePatch tissue, List<LesionShape> lesions, double reach,
                                      NucleusGrid grid) {
        NucleusStyle style = grid.style();
        forEachCell(canvas, grid, reach, nucleus -> {
            if (nucleus.presence >= style.maxOccupancy()
                    || content.follicleDensity(nucleus.centreX, nucleus.centreY) < SlideContent.GERMINAL_CENTRE_CORE) {
                return;
            }
            long cx = (long) Math.floor(nucleus.centreX);
            long cy = (long) Math.floor(nucleus.centreY);
            if (tissue.valueAt(cx, cy) > 0 && !SlideContent.inLesion(lesions, cx, cy)) {
                stamp(canvas, nucleus, grid);
            }
        });
    }

    /** Tumour cells wherever their centre is tumour. */
    private void stampTumourCells(Canvas canvas, LatticePatch tissue, List<LesionShape> lesions, double reach) {
        NucleusGrid grid = content.tumourCells();
        NucleusStyle style = grid.style();
        forEachCell(canvas, grid, reach, nucleus -> {
            if (nucleus.presence >= style.maxOccupancy()) {
                return;
            }
            long cx = (long) Math.floor(nucleus.centreX);
            long cy = (long) Math.floor(nucleus.centreY);
            if (SlideContent.inLesion(lesions, cx, cy) && tissue.valueAt(cx, cy) > 0) {
                stamp(canvas, nucleus, grid);
            }
        });
    }

    private static void forEachCell(Canvas canvas, NucleusGrid grid, double reach,
                                    Consumer<Nucleus> action) {
        long firstX = grid.cellOf(canvas.x0 - reach);
        long lastX = grid.cellOf(canvas.x0 + canvas.w + reach);
        long firstY = grid.cellOf(canvas.y0 - reach);
        long lastY = grid.cellOf(canvas.y0 + canvas.h + reach);
        for (long cellY = firstY; cellY <= lastY; cellY++) {
            for (long cellX = firstX; cellX <= lastX; cellX++) {
                action.accept(grid.nucleus(cellX, cellY));
            }
        }
    }

    /** Blends a nucleus over the tissue pixels it covers; coarse-grained noise gives it chromatin texture. */
    private static void stamp(Canvas canvas, Nucleus nucleus, NucleusGrid grid) {
        NucleusStyle style = grid.style();
        long gridSeed = grid.seed();
        double reach = nucleus.reach();
        int i0 = (int) Math.max(0, Math.ceil(nucleus.centreX - reach) - canvas.x0);
        int i1 = (int) Math.min(canvas.w - 1, Math.floor(nucleus.centreX + reach) - canvas.x0);
        int j0 = (int) Math.max(0, Math.ceil(nucleus.centreY - reach) - canvas.y0);
        int j1 = (int) Math.min(canvas.h - 1, Math.floor(nucleus.centreY + reach) - canvas.y0);
        int grainSeed = (int) gridSeed;
        // Chromatin grains have a size in µm, so cells look the same at any resolution.
        double grainsPerPixel = grid.chromatinGrainsPerPixel();
        for (int j = j0; j <= j1; j++) {
            long y = canvas.y0 + j;
            for (int i = i0; i <= i1; i++) {
                if (!canvas.tissue[j * canvas.w + i]) {
                    continue;
                }
                long x = canvas.x0 + i;
                double cover = nucleus.coverage(x, y);
                if (cover <= 0) {
                    continue;
                }
                double grain = style.chromatin()
                        * Hash.pixelNoise(grainSeed, (int) (x * grainsPerPixel), (int) (y * grainsPerPixel));
                canvas.blend(i, j, style.red() * nucleus.shade + grain, style.green() * nucleus.shade + grain,
                        style.blue() * nucleus.shade + grain, cover * style.opacity());
            }
        }
    }

    private static int[] gradient(int[] light, int[] dense) {
        int[] shades = new int[256];
        for (int t = 0; t < shades.length; t++) {
            int rgb = 0;
            for (int channel = 0; channel < 3; channel++) {
                rgb = rgb << 8 | (light[channel] + (dense[channel] - light[channel]) * t / 255);
            }
            shades[t] = rgb;
        }
        return shades;
    }
}
