package io.slidestream.synth;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hard slide painted with its fat and without, both without out-of-focus patches (which would spread the
 * difference): the pixels that differ are the fat, and the fat replaces normal tissue only, never tumour,
 * and looks like fat: mostly as pale as the glass, with thin pink walls.
 */
class AdiposeTissueTest {
    /** An even seed: white glass, so fat is judged against the brighter of the two backgrounds. */
    private static final long SEED = 1002;
    private static final TissueAppearance FAT_IN_FOCUS = new TissueAppearance(true, true, true, true, true, false);
    private static final TissueAppearance NO_FAT_IN_FOCUS = new TissueAppearance(true, true, true, true, false, false);

    private static SlideContent content;
    private static GroundTruth truth;
    private static RenderedRegion withFat;
    private static RenderedRegion withoutFat;

    @BeforeAll
    static void paint() {
        content = SlideContent.plan(SyntheticSlideSpec.hard(SEED).withAppearance(FAT_IN_FOCUS));
        truth = MaskRenderer.render(content);
        withFat = RenderedRegion.slide(content);
        SyntheticSlideSpec withoutFatSpec = SyntheticSlideSpec.hard(SEED).withAppearance(NO_FAT_IN_FOCUS);
        withoutFat = RenderedRegion.slide(SlideContent.plan(withoutFatSpec));
    }

    @Test
    void fatReplacesAShareOfTheTissueButNeverTumour() {
        long fat = 0;
        long fatOnTissueMask = 0;
        for (long y = 0; y < withFat.height; y++) {
            for (long x = 0; x < withFat.width; x++) {
                if (withFat.samePixel(withoutFat, x, y)) {
                    continue;
                }
                fat++;
                assertFalse(SlideContent.inLesion(content.lesions(), x, y), "fat in a lesion at " + x + "," + y);
                assertFalse(truth.isTumour(x, y), "fat on the tumour mask at " + x + "," + y);
                fatOnTissueMask += truth.isTissue(x, y) ? 1 : 0;
            }
        }
        double tissue = truth.tissueFraction(0, 0, truth.width(), truth.height()) * truth.width() * truth.height();
        double share = fat / tissue;
        assertTrue(share > 0.08 && share < 0.4, "fat share of the tissue " + share);
        // Within the outline: the mask's blocks at the outline may go either way.
        assertTrue(fatOnTissueMask > 0.97 * fat, fatOnTissueMask + " of " + fat + " fat pixels on the tissue mask");
    }

    @Test
    void thePixelsThatChangedAreExactlyThoseThePlanCallsFat() {
        int fat = 0;
        for (long y = 5; y < withFat.height; y += 16) {
            for (long x = 3; x < withFat.width; x += 16) {
                boolean changed = !withFat.samePixel(withoutFat, x, y);
                assertEquals(content.fat().isFat(x, y), changed, "at " + x + "," + y);
                fat += changed ? 1 : 0;
            }
        }
        assertTrue(fat > 1000, "fat samples: " + fat);
    }

    @Test
    void fatIsMostlyAsPaleAsTheGlassWithThinPinkWalls() {
        long fat = 0;
        long pale = 0;
        long wall = 0;
        for (long y = 0; y < withFat.height; y++) {
            for (long x = 0; x < withFat.width; x++) {
                if (withFat.samePixel(withoutFat, x, y)) {
                    continue;
                }
                fat++;
                double grey = withFat.grey(x, y);
                pale += grey > 225 ? 1 : 0;
                // Eosin: red above blue above green, clearly darker than the emptied cells.
                int red = withFat.red(x, y);
                int green = withFat.green(x, y);
                int blue = withFat.blue(x, y);
                wall += grey < 215 && red > blue && blue > green ? 1 : 0;
            }
        }
        double glass = withFat.grey(0, 0);
        assertTrue(glass > 238, "glass grey " + glass);
        assertTrue(pale > 0.8 * fat, pale + " of " + fat + " fat pixels pale");
        // Walls 2 µm wide around cells of 50 to 150 µm: a few percent of the fat, not more than a fifth.
        double wallShare = (double) wall / fat;
        assertTrue(wallShare > 0.02 && wallShare < 0.2, "wall share " + wallShare);
    }

    @Test
    void fatLiesAtTheSamePlacesAtAnotherResolution() {
        SyntheticSlideSpec coarse = SyntheticSlideSpec.hard(SEED);
        AdiposeTissue coarseFat = SlideContent.plan(coarse).fat();
        AdiposeTissue fineFat = SlideContent.plan(coarse.withMppKeepingArea(0.25)).fat();
        int both = 0;
        int either = 0;
        for (long y = 7; y < coarse.height(); y += 32) {
            for (long x = 11; x < coarse.width(); x += 32) {
                boolean inCoarse = coarseFat.isFat(x, y);
                boolean inFine = fineFat.isFat(2 * x, 2 * y);
                both += inCoarse && inFine ? 1 : 0;
                either += inCoarse || inFine ? 1 : 0;
            }
        }
        assertTrue(either > 500, "fat samples: " + either);
        double iou = (double) both / either;
        assertTrue(iou > 0.95, "fat IoU " + iou);
    }
}
