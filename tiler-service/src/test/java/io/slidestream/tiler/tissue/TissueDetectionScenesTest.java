package io.slidestream.tiler.tissue;

import io.slidestream.core.slide.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detectors on painted thumbnails whose truth is known: each scanner artefact alone, then all of
 * them on grey glass through JPEG. Each artefact test also shows that the artefact is a real trap, by
 * switching the matching safeguard off (or using the grey rule) and watching it fail.
 */
class TissueDetectionScenesTest {
    private static final int W = 1024;
    private static final int H = 512;
    /** 2 µm per thumbnail pixel: a 0.5 µm/px slide at downsample 4. */
    private static final double DS = 4;
    private static final double MPP = 0.5;

    private static final TissueDetector OTSU = new OtsuSaturationDetector();
    private static final TissueDetector GREY_RULE = new GreyDensityDetector();

    /** Two sections, one with a lumen too big to be filled. */
    private static TissueScene sections(int glassGrey, long seed) {
        return sections(W, H, glassGrey, seed);
    }

    private static TissueScene sections(int w, int h, int glassGrey, long seed) {
        return TissueScene.glass(w, h, glassGrey, seed)
                .tissue(w * 0.28, h * 0.48, w * 0.15, h * 0.3)
                .tissue(w * 0.7, h * 0.52, w * 0.14, h * 0.3)
                .hole(w * 0.28, h * 0.48, w * 0.03, glassGrey);
    }

    private static double iou(TissueMask detected, TissueScene scene) {
        return TissueIoU.of(detected, scene.truth(detected.downsample())::fraction).iou();
    }

    private static OtsuSaturationDetector otsu(double darkValue, double penMargin) {
        OtsuSaturationDetector.Settings d = OtsuSaturationDetector.Settings.DEFAULTS;
        return new OtsuSaturationDetector(new OtsuSaturationDetector.Settings(d.closingUm(), d.openingUm(),
                d.minObjectMm2(), d.minHoleMm2(), darkValue, d.minSaturation(), d.maxSaturation(), penMargin));
    }

    private static OtsuSaturationDetector otsuThresholdIn(double minSaturation, double maxSaturation) {
        OtsuSaturationDetector.Settings d = OtsuSaturationDetector.Settings.DEFAULTS;
        return new OtsuSaturationDetector(new OtsuSaturationDetector.Settings(d.closingUm(), d.openingUm(),
                d.minObjectMm2(), d.minHoleMm2(), d.darkValue(), minSaturation, maxSaturation, d.penMargin()));
    }

    @ParameterizedTest(name = "downsample {0}, mpp {1}")
    @CsvSource({"4, 0.5", "48, 0.25"})
    void findsTissueOnWhiteGlass(double downsample, double mpp) {
        TissueScene scene = sections(242, 1);
        TissueMask mask = OTSU.detect(scene.jpeg(0.85f), downsample, mpp);
        assertTrue(iou(mask, scene) >= 0.97, () -> "IoU " + TissueIoU.of(mask, scene.truth(downsample)::fraction));
        assertFalse(mask.isTissue((int) (W * 0.28), (int) (H * 0.48)), "the lumen stays open");
    }

    @Test
    void greyGlassIsNotTissue() {
        // Some scanners render glass at 200-215: darker than the grey rule's 0.8 (204).
        TissueScene scene = sections(200, 2);
        RgbImage image = scene.jpeg(0.85f);
        TissueMask mask = OTSU.detect(image, DS, MPP);
        assertTrue(iou(mask, scene) >= 0.97, () -> "IoU " + TissueIoU.of(mask, scene.truth(DS)::fraction));
        assertTrue(iou(GREY_RULE.detect(image, DS, MPP), scene) < 0.5, "the grey rule takes grey glass for tissue");
    }

    @Test
    void blackScannerBordersAreNotTissue() {
        TissueScene scene = sections(242, 3).blackBand('T', 40).blackBand('L', 30).blackBand('B', 25);
        RgbImage image = scene.jpeg(0.85f);
        TissueMask mask = OTSU.detect(image, DS, MPP);
        assertTrue(iou(mask, scene) >= 0.95, () -> "IoU " + TissueIoU.of(mask, scene.truth(DS)::fraction));
        assertEquals(0, scene.tissueOnArtefacts(mask), 0.01);
        // Near-black noise is highly saturated: only the dark rule keeps it out.
        assertTrue(scene.tissueOnArtefacts(otsu(0, 0.04).detect(image, DS, MPP)) > 0.5);
    }

    @Test
    void penInkOnGlassAndOverTissueEdgesIsNotTissue() {
        TissueScene scene = sections(242, 4)
                .penStroke(W * 0.05, H * 0.95, W * 0.45, H * 0.82, 9, TissueScene.BLUE_INK)
                .penStroke(W * 0.5, H * 0.08, W * 0.92, H * 0.15, 7, TissueScene.GREEN_INK)
                .penStroke(W * 0.42, H * 0.3, W * 0.6, H * 0.36, 7, TissueScene.BLACK_INK)
                .penStroke(W * 0.77, H * 0.05, W * 0.74, H * 0.3, 7, TissueScene.BLUE_INK)
                .penStroke(W * 0.47, H * 0.5, W * 0.5, H * 0.95, 12, TissueScene.GREEN_INK);
        RgbImage image = scene.jpeg(0.85f);
        TissueMask mask = OTSU.detect(image, DS, MPP);
        assertTrue(iou(mask, scene) >= 0.95, () -> "IoU " + TissueIoU.of(mask, scene.truth(DS)::fraction));
        assertEquals(0, scene.tissueOnArtefacts(mask), 0.01);
        // Blue and green ink are more saturated than tissue: only the pen rule keeps them out.
        assertTrue(scene.tissueOnArtefacts(otsu(0.25, 1).detect(image, DS, MPP)) > 0.5);
    }

    @Test
    void airBubblesAreNotTissue() {
        TissueScene scene = sections(242, 5)
                .bubble(W * 0.5, H * 0.25, 40, 2)
                .bubble(W * 0.9, H * 0.8, 30, 1.5)
                .bubble(W * 0.1, H * 0.15, 25, 2);
        RgbImage image = scene.jpeg(0.85f);
        TissueMask mask = OTSU.detect(image, DS, MPP);
        assertTrue(iou(mask, scene) >= 0.97, () -> "IoU " + TissueIoU.of(mask, scene.truth(DS)::fraction));
        assertEquals(0, scene.tissueOnArtefacts(mask), 0.01);
        assertTrue(scene.tissueOnArtefacts(GREY_RULE.detect(image, DS, MPP)) > 0.5,
                "the grey rule takes bubble rims for tissue");
    }

    @ParameterizedTest(name = "downsample {0}, mpp {1}")
    @CsvSource({"4, 0.5", "48, 0.25"})
    void everythingAtOnceOnGreyGlass(double downsample, double mpp) {
        TissueScene scene = allArtefacts(sections(205, 6), W, H);
        TissueMask mask = OTSU.detect(scene.jpeg(0.8f), downsample, mpp);
        assertTrue(iou(mask, scene) >= 0.95, () -> "IoU " + TissueIoU.of(mask, scene.truth(downsample)::fraction));
        assertEquals(0, scene.tissueOnArtefacts(mask), 0.01);
    }

    @Test
    void emptyGlassWithArtefactsHasNoTissue() {
        RgbImage image = allArtefacts(TissueScene.glass(W, H, 210, 7), W, H).jpeg(0.8f);
        TissueMask mask = OTSU.detect(image, DS, MPP);
        assertEquals(0, mask.tissueShare(), 0.001, mask::toString);
        // Without the lower bound, Otsu splits the glass's uneven tint in two.
        assertTrue(otsuThresholdIn(0, 0.1).detect(image, DS, MPP).tissueShare() > 0.2);
    }

    @Test
    void fadedSectionBesideAWellStainedOneIsFound() {
        TissueScene scene = TissueScene.glass(W, H, 242, 11)
                .tissue(W * 0.28, H * 0.5, W * 0.15, H * 0.3)
                .tissue(W * 0.7, H * 0.5, W * 0.15, H * 0.3, 0.5);
        RgbImage image = scene.jpeg(0.85f);
        TissueMask mask = OTSU.detect(image, DS, MPP);
        assertTrue(iou(mask, scene) >= 0.95, () -> "IoU " + TissueIoU.of(mask, scene.truth(DS)::fraction));
        // Without the upper bound, Otsu's threshold falls between faded and well-stained tissue.
        assertTrue(iou(otsuThresholdIn(0.05, 1).detect(image, DS, MPP), scene) < 0.9);
    }

    /** Decisions on size are physical: the same slide seen at two resolutions keeps the same pieces. */
    @ParameterizedTest(name = "downsample {0}")
    @CsvSource({"4", "8"})
    void smallPiecesAndHolesAreJudgedInSquareMillimetres(double downsample) {
        double px = 1000 / (downsample * MPP); // thumbnail pixels per mm
        TissueScene scene = TissueScene.glass(W, H, 242, 8)
                // 0.005 mm² and 0.05 mm² pieces (min object 0.02 mm²).
                .tissue(0.25 * px, 0.25 * px, radius(0.005, px), radius(0.005, px))
                .tissue(0.25 * px, 0.6 * px, radius(0.05, px), radius(0.05, px))
                // A big section with a 0.004 mm² and a 0.03 mm² hole (min hole 0.01 mm²).
                .tissue(0.9 * px, 0.45 * px, 0.3 * px, 0.3 * px)
                .hole(0.8 * px, 0.45 * px, radius(0.004, px), 242)
                .hole(1.0 * px, 0.45 * px, radius(0.03, px), 242);
        TissueMask mask = OTSU.detect(scene.image(), downsample, MPP);
        assertFalse(mask.isTissue((int) (0.25 * px), (int) (0.25 * px)), "small piece dropped");
        assertTrue(mask.isTissue((int) (0.25 * px), (int) (0.6 * px)), "larger piece kept");
        assertTrue(mask.isTissue((int) (0.8 * px), (int) (0.45 * px)), "small hole filled");
        assertFalse(mask.isTissue((int) (1.0 * px), (int) (0.45 * px)), "larger hole kept");
    }

    @ParameterizedTest(name = "downsample {0}")
    @CsvSource({"4", "48"})
    void tissueCutByTheImageEdgeReachesTheEdge(double downsample) {
        // A crop of a section: tissue runs off the left, top and bottom edges.
        TissueScene scene = TissueScene.glass(W, H, 242, 12).tissue(0, H * 0.5, W * 0.5, H * 0.8);
        TissueMask mask = OTSU.detect(scene.jpeg(0.85f), downsample, MPP);
        assertTrue(iou(mask, scene) >= 0.97, () -> "IoU " + TissueIoU.of(mask, scene.truth(downsample)::fraction));
        assertTrue(mask.isTissue(0, H / 2) && mask.isTissue(W / 8, 0) && mask.isTissue(W / 8, H - 1));
    }

    @Test
    void refusesMissingScale() {
        RgbImage image = TissueScene.glass(16, 16, 242, 9).image();
        assertThrows(IllegalArgumentException.class, () -> OTSU.detect(image, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> OTSU.detect(image, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> GREY_RULE.detect(image, Double.NaN, 0.5));
    }

    /**
     * A realistic 2048x1024 thumbnail (about 12 µm per pixel, as a 0.25 µm/px slide at downsample 48)
     * takes a few tens of ms; the bound only guards against a pathological slowdown.
     */
    @Test
    void detectsA2048By1024ThumbnailQuickly() {
        RgbImage thumbnail = allArtefacts(sections(2048, 1024, 205, 10), 2048, 1024).jpeg(0.8f);
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            OTSU.detect(thumbnail, 48, 0.25);
            best = Math.min(best, System.nanoTime() - start);
        }
        long bestMs = best / 1_000_000;
        assertTrue(bestMs < 200, () -> "best of 5 took " + bestMs + " ms");
    }

    static TissueScene allArtefacts(TissueScene scene, int w, int h) {
        return scene.blackBand('T', h / 20).blackBand('L', w / 30)
                .penStroke(w * 0.1, h * 0.9, w * 0.45, h * 0.8, w / 120.0, TissueScene.BLUE_INK)
                .penStroke(w * 0.5, h * 0.12, w * 0.9, h * 0.2, w / 150.0, TissueScene.GREEN_INK)
                .penStroke(w * 0.45, h * 0.3, w * 0.6, h * 0.35, w / 150.0, TissueScene.BLACK_INK)
                .penStroke(w * 0.75, h * 0.12, w * 0.72, h * 0.3, w / 150.0, TissueScene.BLUE_INK)
                .bubble(w * 0.9, h * 0.75, h * 0.08, 2)
                .bubble(w * 0.5, h * 0.85, h * 0.05, 2);
    }

    private static double radius(double mm2, double pxPerMm) {
        return Math.sqrt(mm2 / Math.PI) * pxPerMm;
    }
}
