package io.slidestream.synth;

import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same seed and piece of glass at 0.5 and at 0.25 µm/px (twice the pixels each way) shows the same
 * tissue, lesions and cells at the same physical places: everything biological is sized in µm.
 */
class SameTissueAtAnotherResolutionTest {
    private static final int SIZE = 1536;
    /** 768 x 768 µm at 0.5 µm/px. */
    private static final SyntheticSlideSpec COARSE = SyntheticSlideSpec.of(41, SIZE, SIZE).withLesionCount(2)
            .withLesionDiametersUm(100, 200).withTissueCoverage(0.5);
    /** The same glass at 0.25 µm/px; masks at 32 px, so both masks sample the same 8 µm grid. */
    private static final SyntheticSlideSpec FINE = COARSE.withMppKeepingArea(0.25).withMaskDownsample(32);

    @TempDir
    static Path dir;
    private static GroundTruth coarseTruth;
    private static GroundTruth fineTruth;
    /** Both at 0.5 µm/px: the coarse slide's level 0 and the fine slide's level 1. */
    private static RgbImage coarse;
    private static RgbImage fine;

    @BeforeAll
    static void generate() throws IOException {
        Path coarseSlide = dir.resolve("coarse.tiff");
        Path fineSlide = dir.resolve("fine.tiff");
        coarseTruth = SyntheticSlideGenerator.generate(COARSE, coarseSlide);
        fineTruth = SyntheticSlideGenerator.generate(FINE, fineSlide);
        try (Slide slide = Slide.open(coarseSlide)) {
            coarse = slide.read(new RegionRequest(0, 0, 0, SIZE, SIZE));
        }
        try (Slide slide = Slide.open(fineSlide)) {
            assertEquals(2, slide.levelDownsample(1));
            fine = slide.read(new RegionRequest(1, 0, 0, SIZE, SIZE));
        }
    }

    @Test
    void keepingTheAreaDoublesThePixels() {
        assertEquals(2 * SIZE, FINE.width());
        assertEquals(2 * SIZE, FINE.height());
        assertEquals(0.25, FINE.mpp());
        assertEquals(COARSE.withMpp(0.25).withSize(2 * SIZE, 2 * SIZE).withMaskDownsample(32), FINE);
    }

    @Test
    void tissueMasksAgree() {
        assertEquals(coarseTruth.maskWidth(), fineTruth.maskWidth());
        long both = 0;
        long either = 0;
        for (long y = 8; y < SIZE; y += 16) {
            for (long x = 8; x < SIZE; x += 16) {
                boolean inCoarse = coarseTruth.isTissue(x, y);
                boolean inFine = fineTruth.isTissue(2 * x, 2 * y);
                both += inCoarse && inFine ? 1 : 0;
                either += inCoarse || inFine ? 1 : 0;
            }
        }
        double iou = (double) both / either;
        assertTrue(iou > 0.98, "tissue IoU " + iou);
    }

    @Test
    void lesionsAreTheSameInMicrons() {
        List<Lesion> coarseLesions = coarseTruth.lesions();
        List<Lesion> fineLesions = fineTruth.lesions();
        assertEquals(2, coarseLesions.size());
        assertEquals(coarseLesions.size(), fineLesions.size());
        for (int i = 0; i < coarseLesions.size(); i++) {
            Lesion a = coarseLesions.get(i);
            Lesion b = fineLesions.get(i);
            assertEquals(a.centreXUm(), b.centreXUm(), 0.5, a + " vs " + b);
            assertEquals(a.centreYUm(), b.centreYUm(), 0.5, a + " vs " + b);
            assertEquals(a.diameterUm(), b.diameterUm(), 0.5, a + " vs " + b);
            assertEquals(a.areaUm2(), b.areaUm2(), 0.005 * a.areaUm2(), a + " vs " + b);
            assertEquals(2 * a.centreX(), b.centreX(), 1.5);
        }
        assertEquals(coarseTruth.tumourAreaMm2(), fineTruth.tumourAreaMm2(), 0.03 * coarseTruth.tumourAreaMm2());
    }

    /**
     * Over 8 x 8 µm blocks (16 x 16 px at 0.5 µm/px) the two images agree closely; per pixel they differ
     * by the rendering detail (nucleus edges drawn at another resolution, sensor grain averaged away).
     */
    @Test
    void imagesOfTheSameRegionLookTheSame() {
        int block = 16;
        int blocks = SIZE / block;
        double[] a = new double[3 * blocks * blocks];
        double[] b = new double[a.length];
        double pixelDifference = 0;
        for (int by = 0; by < blocks; by++) {
            for (int bx = 0; bx < blocks; bx++) {
                for (int y = by * block; y < (by + 1) * block; y++) {
                    for (int x = bx * block; x < (bx + 1) * block; x++) {
                        int ca = coarse.rgbAt(x, y);
                        int cb = fine.rgbAt(x, y);
                        for (int channel = 0; channel < 3; channel++) {
                            int va = (ca >> (16 - 8 * channel)) & 0xff;
                            int vb = (cb >> (16 - 8 * channel)) & 0xff;
                            a[(by * blocks + bx) * 3 + channel] += va / (double) (block * block);
                            b[(by * blocks + bx) * 3 + channel] += vb / (double) (block * block);
                            pixelDifference += Math.abs(va - vb);
                        }
                    }
                }
            }
        }
        pixelDifference /= 3.0 * SIZE * SIZE;
        double blockDifference = 0;
        for (int i = 0; i < a.length; i++) {
            blockDifference += Math.abs(a[i] - b[i]) / a.length;
        }
        double correlation = correlation(a, b);
        assertTrue(correlation > 0.99, "block correlation " + correlation);
        assertTrue(blockDifference < 2, "mean block difference " + blockDifference);
        assertTrue(pixelDifference < 8, "mean pixel difference " + pixelDifference);
    }

    private static double correlation(double[] a, double[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i] / a.length;
            meanB += b[i] / b.length;
        }
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (a[i] - meanA) * (b[i] - meanB);
            varA += (a[i] - meanA) * (a[i] - meanA);
            varB += (b[i] - meanB) * (b[i] - meanB);
        }
        return cov / Math.sqrt(varA * varB);
    }
}
