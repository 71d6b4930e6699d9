package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generates the test preset once and checks it through OpenSlide (the project's binding) and its ground truth. */
class SyntheticSlideGeneratorTest {
    private static final long SEED = 20240611L;
    /** The patch a tumour classifier sees: 64 x 64 px at downsample 2. */
    private static final int PATCH = 64;

    @TempDir
    static Path dir;
    private static Path slide;
    private static GroundTruth truth;
    /** All of level 1 (downsample 2), read back through OpenSlide. */
    private static RgbImage level1;

    @BeforeAll
    static void generateOnce() throws IOException {
        slide = dir.resolve("slide.tiff");
        truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(SEED), slide);
        try (Slide opened = Slide.open(slide)) {
            level1 = opened.read(new RegionRequest(1, 0, 0, 2048, 2048));
        }
    }

    @Test
    void generatedSlideOpensInOpenSlideWithPyramid() {
        try (Slide opened = Slide.open(slide)) {
            Map<String, String> properties = opened.properties();
            assertEquals("generic-tiff", properties.get("openslide.vendor"));
            // Down to 512 px: level 3 (downsample 8) is where the analysis reads context patches.
            assertEquals(4, opened.levelCount());
            for (int level = 0; level < 4; level++) {
                assertEquals(4096 >> level, opened.levelWidth(level));
                assertEquals(4096 >> level, opened.levelHeight(level));
                assertEquals(1 << level, opened.levelDownsample(level));
                assertEquals("256", properties.get("openslide.level[" + level + "].tile-width"));
                assertEquals("256", properties.get("openslide.level[" + level + "].tile-height"));
            }
        }
    }

    @Test
    void micronsPerPixelAreRecoverableFromTheTiffResolution() {
        try (Slide opened = Slide.open(slide)) {
            // OpenSlide 3.4.1 reports no openslide.mpp-x for generic-tiff: the binding derives it from these.
            assertEquals("centimeter", opened.properties().get("tiff.ResolutionUnit"));
            assertEquals(0.5, opened.mppX(), 1e-9);
            assertEquals(0.5, opened.mppY(), 1e-9);
        }
        assertEquals(0.5, truth.mpp());
    }

    @Test
    void sameSeedGivesIdenticalBytesAndGroundTruth() throws IOException {
        Path again = Files.createDirectories(dir.resolve("again")).resolve("slide.tiff");

        GroundTruth second = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(SEED), again);

        assertEquals(sha256(slide), sha256(again));
        assertEquals(sha256(GroundTruth.tumourMaskPath(slide)), sha256(GroundTruth.tumourMaskPath(again)));
        assertEquals(sha256(GroundTruth.tissueMaskPath(slide)), sha256(GroundTruth.tissueMaskPath(again)));
        assertEquals(Files.readString(GroundTruth.truthPath(slide)), Files.readString(GroundTruth.truthPath(again)));
        assertEquals(truth.lesions(), second.lesions());
    }

    @Test
    void theHardLookChangesThePixelsOnlyAndIsAsReproducible() throws IOException {
        Path hard = Files.createDirectories(dir.resolve("hard")).resolve("slide.tiff");
        Path hardAgain = Files.createDirectories(dir.resolve("hard-again")).resolve("slide.tiff");
        SyntheticSlideSpec spec = SyntheticSlideSpec.forTests(SEED).withAppearance(TissueAppearance.HARD);

        GroundTruth hardTruth = SyntheticSlideGenerator.generate(spec, hard);
        SyntheticSlideGenerator.generate(spec, hardAgain);

        assertEquals(sha256(hard), sha256(hardAgain));
        assertNotEquals(sha256(slide), sha256(hard), "stain, lymphoid tissue, tumour cells and folds look different");
        // The same tissue and tumour, as the classic slide of the seed: the truth does not depend on the look.
        assertEquals(truth.lesions(), hardTruth.lesions());
        assertEquals(sha256(GroundTruth.tumourMaskPath(slide)), sha256(GroundTruth.tumourMaskPath(hard)));
        assertEquals(sha256(GroundTruth.tissueMaskPath(slide)), sha256(GroundTruth.tissueMaskPath(hard)));
    }

    @Test
    void differentSeedGivesADifferentSlide() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other")).resolve("slide.tiff");

        GroundTruth otherTruth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(SEED + 1), other);

        assertNotEquals(sha256(slide), sha256(other));
        assertNotEquals(truth.lesions(), otherTruth.lesions());
    }

    @Test
    void testPresetHasAtLeastTwoLesionsSeveralPatchesWideInsideTissue() {
        assertTrue(truth.lesions().size() >= 2, "lesions: " + truth.lesions());
        for (Lesion lesion : truth.lesions()) {
            assertTrue(lesion.diameterUm() >= 250, "too small: " + lesion);
            assertTrue(truth.isTumour(lesion.centreX(), lesion.centreY()), "centre not tumour: " + lesion);
            assertTrue(truth.isTissue(lesion.centreX(), lesion.centreY()), "centre not tissue: " + lesion);
            // The pixel centre is rounded, the µm centre is not.
            assertEquals(lesion.centreX() * truth.mpp(), lesion.centreXUm(), truth.mpp() / 2 + 0.01);
            assertEquals(lesion.centreY() * truth.mpp(), lesion.centreYUm(), truth.mpp() / 2 + 0.01);
            // A 300 µm lesion holds a square of about 150 x 150 µm = 300 x 300 level-0 px around its centre.
            long half = 75;
            assertTrue(truth.tumourFraction(lesion.centreX() - half, lesion.centreY() - half, 2 * half, 2 * half) > 0.9,
                    "centre square not tumour: " + lesion);
        }
    }

    @Test
    void tumourMaskLiesWithinTissueMaskAndTissueCoversAboutTheRequestedShare() {
        for (int y = 0; y < truth.height(); y += truth.maskDownsample()) {
            for (int x = 0; x < truth.width(); x += truth.maskDownsample()) {
                assertFalse(truth.isTumour(x, y) && !truth.isTissue(x, y), "tumour outside tissue at " + x + "," + y);
            }
        }
        double tissue = truth.tissueFraction(0, 0, truth.width(), truth.height());
        assertEquals(0.5, tissue, 0.05);
        double lesionArea = truth.lesions().stream().mapToDouble(Lesion::areaUm2).sum() / 1e6;
        assertEquals(lesionArea, truth.tumourAreaMm2(), 0.1 * lesionArea);
    }

    @Test
    void masksArePngsOfTheStatedSizeHoldingOnly0And255() throws IOException {
        for (Path mask : List.of(GroundTruth.tumourMaskPath(slide), GroundTruth.tissueMaskPath(slide))) {
            BufferedImage image = ImageIO.read(mask.toFile());
            assertEquals(256, image.getWidth());
            assertEquals(256, image.getHeight());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
            int[] samples = image.getRaster().getSamples(0, 0, 256, 256, 0, (int[]) null);
            for (int sample : samples) {
                assertTrue(sample == 0 || sample == 255, "mask value " + sample);
            }
        }
        assertEquals(16, truth.maskDownsample());
        assertEquals(256, truth.maskWidth());
        assertEquals(256, truth.maskHeight());
    }

    @Test
    void loadedGroundTruthEqualsTheReturnedOne() throws IOException {
        GroundTruth loaded = GroundTruth.load(slide);

        assertEquals(truth.seed(), loaded.seed());
        assertEquals(SEED, loaded.seed());
        assertEquals(4096, loaded.width());
        assertEquals(4096, loaded.height());
        assertEquals(truth.mpp(), loaded.mpp());
        assertEquals(truth.lesions(), loaded.lesions());
        for (long y = 0; y < 4096; y += 97) {
            for (long x = 0; x < 4096; x += 89) {
                assertEquals(truth.isTumour(x, y), loaded.isTumour(x, y));
                assertEquals(truth.isTissue(x, y), loaded.isTissue(x, y));
            }
        }
    }

    @Test
    void pixelsReadBackAgreeWithTheTissueMask() {
        int agree = 0;
        int cells = 0;
        // Mask pixels are 16 level-0 px = 8 level-1 px; judge each by the middle 4 x 4 of its block.
        for (int my = 0; my < truth.maskHeight(); my++) {
            for (int mx = 0; mx < truth.maskWidth(); mx++) {
                PatchStats block = PatchStats.of(level1, mx * 8 + 2, my * 8 + 2, 4);
                boolean looksLikeTissue = block.meanSaturation() > 0.12;
                agree += looksLikeTissue == truth.isTissue(mx * 16L + 8, my * 16L + 8) ? 1 : 0;
                cells++;
            }
        }
        assertTrue(agree > 0.98 * cells, agree + " of " + cells + " mask pixels agree with the image");
    }

    @Test
    void glassIsLightGreyAndNearlyUniform() {
        PatchStats glass = PatchStats.of(level1, 0, 0, PATCH); // the slide's corner: no tissue within 6 %
        assertEquals(0, truth.tissueFraction(0, 0, 2 * PATCH, 2 * PATCH));
        assertTrue(glass.meanGrey() > 238 && glass.meanGrey() < 247, "glass grey " + glass.meanGrey());
        assertTrue(glass.meanSaturation() < 0.03, "glass saturation " + glass.meanSaturation());
    }

    @Test
    void tumourPatchesAreDarkerAndMoreCrowdedWithNucleiThanNormalTissue() {
        PatchStats.Summary tumour = new PatchStats.Summary();
        PatchStats.Summary normal = new PatchStats.Summary();
        for (int py = 0; py + PATCH <= 2048; py += PATCH / 2) {
            for (int px = 0; px + PATCH <= 2048; px += PATCH / 2) {
                long x0 = 2L * px;
                long y0 = 2L * py;
                long size = 2L * PATCH;
                double tumourShare = truth.tumourFraction(x0, y0, size, size);
                double tissueShare = truth.tissueFraction(x0, y0, size, size);
                if (tumourShare == 1) {
                    tumour.add(PatchStats.of(level1, px, py, PATCH));
                } else if (tumourShare == 0 && tissueShare == 1) {
                    normal.add(PatchStats.of(level1, px, py, PATCH));
                }
            }
        }
        assertTrue(tumour.count() >= 20, "tumour patches: " + tumour.count());
        assertTrue(normal.count() >= 200, "normal patches: " + normal.count());
        // Every tumour patch is darker, and richer in nuclei, than every normal one: a CNN can learn this.
        assertTrue(tumour.maxGrey() < normal.minGrey(),
                "tumour grey up to " + tumour.maxGrey() + ", normal from " + normal.minGrey());
        assertTrue(tumour.minNuclearShare() > normal.maxNuclearShare(),
                "tumour nuclei from " + tumour.minNuclearShare() + ", normal up to " + normal.maxNuclearShare());
        assertTrue(tumour.meanNuclearShare() > 2.5 * normal.meanNuclearShare(),
                "tumour " + tumour.meanNuclearShare() + " vs normal " + normal.meanNuclearShare());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
