package io.slidestream.synth;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hard slide's first out-of-focus patch (over a lesion), painted as the generator paints it and with the
 * patches left out: blurred in its core, blending into the sharp slide towards its rim, the same beyond it,
 * and without seams where tiles meet.
 */
class OutOfFocusTest {
    private static final long SEED = 1001;
    private static final SyntheticSlideSpec SPEC = SyntheticSlideSpec.hard(SEED);
    private static final int TILE = SPEC.tileSize();
    private static final int BLOCK = 4;

    private static SlideContent content;
    private static OutOfFocus focus;
    private static OutOfFocus.Patch patch;
    private static RenderedRegion blurred;
    private static RenderedRegion sharp;
    private static LatticePatch tissue;

    @BeforeAll
    static void paint() {
        content = SlideContent.plan(SPEC);
        focus = content.outOfFocus();
        patch = focus.patches().getFirst();
        // The tiles the patch reaches into, and one more all round.
        OutOfFocus.Region bounds = patch.bounds();
        long x0 = Math.max(0, Math.floorDiv(bounds.x0(), TILE) - 1) * TILE;
        long y0 = Math.max(0, Math.floorDiv(bounds.y0(), TILE) - 1) * TILE;
        long x1 = Math.min(SPEC.width(), (Math.floorDiv(bounds.x1(), TILE) + 2) * TILE);
        long y1 = Math.min(SPEC.height(), (Math.floorDiv(bounds.y1(), TILE) + 2) * TILE);
        blurred = RenderedRegion.inTiles(content, x0, y0, (int) (x1 - x0), (int) (y1 - y0), TILE);
        TissueAppearance inFocus = new TissueAppearance(true, true, true, true, true, false);
        sharp = RenderedRegion.inTiles(SlideContent.plan(SPEC.withAppearance(inFocus)), x0, y0,
                (int) (x1 - x0), (int) (y1 - y0), TILE);
        tissue = content.tissue().sample(x0, y0, x1, y1);
    }

    @Test
    void theCoreOfAPatchHasFarLessDetailThanTheSameTissueInFocus() {
        Detail core = detail(weight -> weight == 1);
        assertTrue(core.blocks > 5_000, "core tissue blocks: " + core.blocks);
        assertTrue(core.ratio() < 0.15, "gradient energy blurred / sharp in the core: " + core.ratio());
    }

    @Test
    void towardsItsRimAPatchBlendsIntoTheSharpSlide() {
        double core = detail(weight -> weight == 1).ratio();
        double inner = detail(weight -> weight >= 0.5 && weight < 1).ratio();
        double outer = detail(weight -> weight > 0 && weight < 0.5).ratio();
        assertTrue(core < inner && inner < outer && outer < 1, "core " + core + ", inner rim " + inner
                + ", outer rim " + outer);
        for (long y = blurred.y0; y < blurred.y0 + blurred.height; y++) {
            for (long x = blurred.x0; x < blurred.x0 + blurred.width; x++) {
                if (focus.weight(x, y) == 0) {
                    assertTrue(blurred.samePixel(sharp, x, y), "changed outside the patches at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void tilesOfAPatchMeetWithoutSeams() {
        // Four tiles meeting at the tile corner nearest the patch centre, deep in its core.
        long cornerX = Math.round(patch.cx() / TILE) * TILE;
        long cornerY = Math.round(patch.cy() / TILE) * TILE;
        assertEquals(1, focus.weight(cornerX, cornerY));
        long x0 = cornerX - TILE;
        long y0 = cornerY - TILE;
        RenderedRegion tiles = RenderedRegion.inTiles(content, x0, y0, 2 * TILE, 2 * TILE, TILE);
        RenderedRegion whole = RenderedRegion.whole(content, x0, y0, 2 * TILE, 2 * TILE);

        assertFalse(tiles.samePixel(sharp, cornerX, cornerY), "the corner is blurred");
        assertArrayEquals(whole.bytes(), tiles.bytes(), "blurred tiles differ from the region painted whole");
    }

    @Test
    void theFirstPatchBlursTumourAndLeavesItTumour() {
        long x = Math.round(patch.cx());
        long y = Math.round(patch.cy());
        GroundTruth truth = MaskRenderer.render(content);

        assertTrue(SlideContent.inLesion(content.lesions(), x, y), "patch centre outside the lesions");
        assertTrue(truth.isTumour(x, y));
        assertFalse(blurred.samePixel(sharp, x, y), "the tumour under the patch is blurred");
    }

    @Test
    void patchesAreSizedAndPlacedInMicrons() {
        OutOfFocus fine = SlideContent.plan(SPEC.withMppKeepingArea(0.25)).outOfFocus();
        assertEquals(focus.patches().size(), fine.patches().size());
        for (int k = 0; k < focus.patches().size(); k++) {
            OutOfFocus.Patch coarse = focus.patches().get(k);
            OutOfFocus.Patch scaled = fine.patches().get(k);
            // Within 0.5 µm, as the lesions the first patch is placed on.
            assertEquals(2 * coarse.cx(), scaled.cx(), 2);
            assertEquals(2 * coarse.cy(), scaled.cy(), 2);
            assertEquals(2 * coarse.semiMajor(), scaled.semiMajor(), 1e-6);
            assertEquals(2 * coarse.semiMinor(), scaled.semiMinor(), 1e-6);
        }
    }

    /**
     * Squared differences between neighbouring 4 x 4 px block means of the grey level (2 µm blocks: the
     * scale of nuclear outlines and chromatin, above the sensor's per-pixel grain, which a defocused scan
     * keeps), over tissue blocks whose centre's out-of-focus weight passes.
     */
    private static Detail detail(DoublePredicate weights) {
        double[] blurredBlocks = blockMeans(blurred);
        double[] sharpBlocks = blockMeans(sharp);
        int columns = blurred.width / BLOCK;
        int rows = blurred.height / BLOCK;
        Detail detail = new Detail();
        for (int row = 0; row < rows - 1; row++) {
            for (int column = 0; column < columns - 1; column++) {
                long x = blurred.x0 + column * BLOCK + BLOCK / 2;
                long y = blurred.y0 + row * BLOCK + BLOCK / 2;
                if (tissue.valueAt(x, y) > 0 && weights.test(focus.weight(x, y))) {
                    int at = row * columns + column;
                    detail.add(gradient2(blurredBlocks, at, columns), gradient2(sharpBlocks, at, columns));
                }
            }
        }
        return detail;
    }

    private static double[] blockMeans(RenderedRegion image) {
        int columns = image.width / BLOCK;
        double[] means = new double[columns * (image.height / BLOCK)];
        for (int j = 0; j < image.height - image.height % BLOCK; j++) {
            for (int i = 0; i < image.width - image.width % BLOCK; i++) {
                means[(j / BLOCK) * columns + i / BLOCK] += image.grey(image.x0 + i, image.y0 + j) / (BLOCK * BLOCK);
            }
        }
        return means;
    }

    private static double gradient2(double[] blocks, int at, int columns) {
        double dx = blocks[at + 1] - blocks[at];
        double dy = blocks[at + columns] - blocks[at];
        return dx * dx + dy * dy;
    }

    private static final class Detail {
        long blocks;
        double blurred;
        double sharp;

        void add(double blurredGradient2, double sharpGradient2) {
            blocks++;
            blurred += blurredGradient2;
            sharp += sharpGradient2;
        }

        double ratio() {
            return blurred / sharp;
        }
    }
}
