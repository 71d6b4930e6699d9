package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One slide with every artefact, and the same slide without them: the artefacts show where they were
 * planned, look the part, and leave the tissue truth meaning real tissue.
 */
class ArtefactsTest {
    private static final int SIZE = 2048;
    private static final SyntheticSlideSpec CLEAN = SyntheticSlideSpec.of(8, SIZE, SIZE).withLesionCount(1)
            .withLesionDiametersUm(100, 200).withTissueCoverage(0.35);
    private static final SyntheticSlideSpec MARKED = CLEAN.withArtefacts(new Artefacts(true, true, 3, 4));
    /** Samples every STEP level-0 pixels each way. */
    private static final int STEP = 2;

    @TempDir
    static Path dir;
    private static GroundTruth truth;
    private static GroundTruth cleanTruth;
    private static RgbImage marked;
    private static RgbImage clean;
    private static ScannerArtefacts artefacts;
    private static TissueField tissue;

    @BeforeAll
    static void generate() throws IOException {
        Path markedSlide = dir.resolve("marked.tiff");
        Path cleanSlide = dir.resolve("clean.tiff");
        truth = SyntheticSlideGenerator.generate(MARKED, markedSlide);
        cleanTruth = SyntheticSlideGenerator.generate(CLEAN, cleanSlide);
        marked = readLevel0(markedSlide);
        clean = readLevel0(cleanSlide);
        SlideContent content = SlideContent.plan(MARKED);
        artefacts = content.artefacts();
        tissue = content.tissue();
    }

    @Test
    void everyArtefactAskedForIsPlacedAndRecorded() throws IOException {
        assertEquals(new Artefacts(true, true, 3, 4), truth.artefacts());
        assertEquals(truth.artefacts(), GroundTruth.load(dir.resolve("marked.tiff")).artefacts());
        assertTrue(Files.exists(GroundTruth.artefactMaskPath(dir.resolve("marked.tiff"))));
        assertFalse(Files.exists(GroundTruth.artefactMaskPath(dir.resolve("clean.tiff"))));
        assertEquals(Artefacts.NONE, cleanTruth.artefacts());
    }

    @Test
    void glassIsMidLightGrey() {
        long count = 0;
        double grey = 0;
        for (int y = 0; y < SIZE; y += 16) {
            for (int x = 0; x < SIZE; x += 16) {
                if (farFromEverything(x, y)) {
                    int rgb = marked.rgbAt(x, y);
                    grey += ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3.0;
                    count++;
                }
            }
        }
        assertTrue(count > 1000, "glass samples " + count);
        assertEquals(207.5, grey / count, 3, "mean glass grey");
    }

    @Test
    void borderBandsAreNearBlackAndHideTheTissueTruth() {
        long count = 0;
        long dark = 0;
        for (int y = 0; y < SIZE; y += STEP) {
            for (int x = 0; x < SIZE; x += STEP) {
                if (artefacts.occludes(x, y) && artefacts.occludes(x - 3, y - 3) && artefacts.occludes(x + 3, y + 3)) {
                    count++;
                    dark += grey(marked, x, y) < 40 ? 1 : 0;
                    assertFalse(truth.isTissue(x, y) && (x % 16 == 8 && y % 16 == 8), "tissue under a border");
                }
            }
        }
        assertTrue(count > 1000, "border samples " + count);
        assertTrue(dark > 0.99 * count, dark + " of " + count + " border pixels near-black");
    }

    @Test
    void penInkDarkensWhateverItCoversGlassOrTissue() {
        long count = 0;
        long darkened = 0;
        long onTissue = 0;
        for (int y = 0; y < SIZE; y += STEP) {
            for (int x = 0; x < SIZE; x += STEP) {
                if (insideInk(x, y) && !artefacts.occludes(x, y)) {
                    count++;
                    darkened += sum(clean, x, y) - sum(marked, x, y) > 60 ? 1 : 0;
                    if (tissue.isTissue(x, y)) {
                        onTissue++;
                        assertTrue(truth.isTissue(x, y) == cleanTruth.isTissue(x, y), "ink changed the truth");
                    }
                }
            }
        }
        assertTrue(count > 2000, "ink samples " + count);
        assertTrue(darkened > 0.98 * count, darkened + " of " + count + " ink pixels darkened");
        assertTrue(onTissue > 200, "the first pen mark crosses tissue: " + onTissue);
    }

    @Test
    void bubblesAreDarkGreyRingsOnGlass() {
        long count = 0;
        long ringGrey = 0;
        for (int y = 0; y < SIZE; y += 1) {
            for (int x = 0; x < SIZE; x += 1) {
                if (onRingCentre(x, y) && !artefacts.inkAt(x, y) && !artefacts.occludes(x, y)) {
                    count++;
                    ringGrey += grey(marked, x, y) < 170 ? 1 : 0;
                    assertFalse(tissue.isTissue(x, y), "bubble outline on tissue at " + x + "," + y);
                }
            }
        }
        assertTrue(count > 500, "ring samples " + count);
        assertTrue(ringGrey > 0.97 * count, ringGrey + " of " + count + " ring pixels dark grey");
    }

    @Test
    void tissueTruthIsTheCleanSlidesExceptUnderBorders() {
        int differ = 0;
        for (long y = 8; y < SIZE; y += 16) {
            for (long x = 8; x < SIZE; x += 16) {
                if (artefacts.occludes(x, y)) {
                    assertFalse(truth.isTissue(x, y));
                    assertFalse(truth.isTumour(x, y));
                } else {
                    differ += truth.isTissue(x, y) != cleanTruth.isTissue(x, y) ? 1 : 0;
                    assertEquals(cleanTruth.isTumour(x, y), truth.isTumour(x, y));
                }
            }
        }
        assertEquals(0, differ, "mask pixels whose tissue truth the artefacts changed");
        assertEquals(cleanTruth.lesions(), truth.lesions());
    }

    @Test
    void artefactMaskMarksEveryBlockAnArtefactReachesAndOnlyThose() {
        long marked = 0;
        long blocks = 0;
        for (long y = 0; y < SIZE; y += 4) {
            for (long x = 0; x < SIZE; x += 4) {
                if (coveredAround(x, y)) {
                    assertTrue(truth.isArtefact(x, y), "artefact at " + x + "," + y + " not in the mask");
                }
            }
        }
        for (long y = 8; y < SIZE; y += 16) {
            for (long x = 8; x < SIZE; x += 16) {
                blocks++;
                marked += truth.isArtefact(x, y) ? 1 : 0;
            }
        }
        assertTrue(marked > 0.03 * blocks && marked < 0.4 * blocks, marked + " of " + blocks + " blocks marked");
        assertFalse(cleanTruth.isArtefact(SIZE / 2, SIZE / 2));
    }

    @Test
    void sameSeedPlacesTheSameArtefacts() {
        ScannerArtefacts again = SlideContent.plan(MARKED).artefacts();
        for (long y = 0; y < SIZE; y += 7) {
            for (long x = 0; x < SIZE; x += 7) {
                assertEquals(artefacts.covers(x, y), again.covers(x, y));
            }
        }
    }

    /** Well inside a pen line: ink two pixels away each way too, so JPEG and the soft edge do not blur it. */
    private static boolean insideInk(long x, long y) {
        return artefacts.inkAt(x, y) && artefacts.inkAt(x - 2, y) && artefacts.inkAt(x + 2, y)
                && artefacts.inkAt(x, y - 2) && artefacts.inkAt(x, y + 2);
    }

    /** An artefact on the pixel and all around it: not a sliver at its edge, which the mask may miss. */
    private static boolean coveredAround(long x, long y) {
        for (long dy = -1; dy <= 1; dy++) {
            for (long dx = -1; dx <= 1; dx++) {
                if (!artefacts.covers(x + dx, y + dy)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** On a bubble outline, one pixel from it each way still on it. */
    private static boolean onRingCentre(long x, long y) {
        return artefacts.bubbleOutlineAt(x, y) && artefacts.bubbleOutlineAt(x - 1, y) && artefacts.bubbleOutlineAt(x + 1, y)
                && artefacts.bubbleOutlineAt(x, y - 1) && artefacts.bubbleOutlineAt(x, y + 1);
    }

    /** Glass with no tissue, no artefact within 32 px. */
    private static boolean farFromEverything(int x, int y) {
        return truth.tissueFraction(x - 32, y - 32, 64, 64) == 0 && !artefacts.touches(x - 32, y - 32, x + 32, y + 32)
                && x >= 32 && y >= 32 && x < SIZE - 32 && y < SIZE - 32;
    }

    private static int sum(RgbImage image, int x, int y) {
        int rgb = image.rgbAt(x, y);
        return (rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff);
    }

    private static double grey(RgbImage image, int x, int y) {
        return sum(image, x, y) / 3.0;
    }

    private static RgbImage readLevel0(Path path) {
        try (Slide slide = Slide.open(path)) {
            return slide.read(new RegionRequest(0, 0, 0, SIZE, SIZE));
        }
    }
}
