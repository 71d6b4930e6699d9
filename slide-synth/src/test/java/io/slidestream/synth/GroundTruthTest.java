package io.slidestream.synth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hand-made 4 x 3 mask at downsample 10 over a 40 x 25 px slide (the last mask row is partial). */
class GroundTruthTest {
    private static final byte X = (byte) 255;
    private static final Lesion LESION = new Lesion(1, 15, 5, 7.5, 2.5, 20, 314.2);

    @TempDir
    Path dir;

    private final GroundTruth truth = new GroundTruth(7, 40, 25, 0.5, 10, 4, 3,
            new byte[] {
                0, X, X, 0,
                0, X, 0, 0,
                0, 0, 0, 0},
            new byte[] {
                X, X, X, X,
                X, X, X, 0,
                0, 0, 0, 0},
            List.of(LESION));

    @Test
    void pointQueriesReadTheMaskPixelCoveringThePoint() {
        assertTrue(truth.isTumour(10, 0));
        assertTrue(truth.isTumour(29, 9));
        assertFalse(truth.isTumour(30, 9));
        assertFalse(truth.isTumour(9, 0));
        assertTrue(truth.isTissue(39, 9));
        assertFalse(truth.isTissue(39, 10));
    }

    @Test
    void pointsOutsideTheSlideAreNeitherTumourNorTissue() {
        assertFalse(truth.isTumour(-1, 0));
        assertFalse(truth.isTissue(0, 25));
        assertFalse(truth.isTissue(40, 0));
    }

    @Test
    void fractionsWeighEachMaskPixelByItsOverlapWithTheRectangle() {
        assertEquals(1.0, truth.tumourFraction(10, 0, 10, 20));
        assertEquals(0.5, truth.tumourFraction(5, 0, 10, 10));
        // 20 x 20 at (10, 0): three of four mask pixels are tumour.
        assertEquals(0.75, truth.tumourFraction(10, 0, 20, 20));
        // Mask column 3 over rows 0..2 (5, 10 and 5 px of the rectangle): only row 0 is tissue.
        assertEquals(0.25, truth.tissueFraction(30, 5, 10, 20), 1e-12);
    }

    @Test
    void theSlideOutsideARectangleCountsAsNeither() {
        // Half of this 20 x 10 rectangle lies left of the slide.
        assertEquals(0.5, truth.tissueFraction(-10, 0, 20, 10));
        assertEquals(0.0, truth.tumourFraction(100, 100, 5, 5));
    }

    @Test
    void emptyRectanglesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> truth.tumourFraction(0, 0, 0, 5));
    }

    @Test
    void tumourAreaCountsMaskPixels() {
        // 3 mask pixels of 10 x 10 px at 0.5 µm/px = 3 x 25 µm².
        assertEquals(75e-6, truth.tumourAreaMm2(), 1e-12);
    }

    @Test
    void writtenGroundTruthLoadsBackIdenticallyFromBesideTheTiff() throws IOException {
        Path tiff = dir.resolve("case-7.tiff");
        truth.write(tiff);

        assertTrue(Files.exists(dir.resolve("case-7.tumour-mask.png")));
        assertTrue(Files.exists(dir.resolve("case-7.tissue-mask.png")));
        assertTrue(Files.readString(dir.resolve("case-7.truth.json")).contains("\"diameterUm\" : 20.0"));
        GroundTruth loaded = GroundTruth.load(tiff);
        assertEquals(7, loaded.seed());
        assertEquals(40, loaded.width());
        assertEquals(25, loaded.height());
        assertEquals(0.5, loaded.mpp());
        assertEquals(10, loaded.maskDownsample());
        assertEquals(4, loaded.maskWidth());
        assertEquals(3, loaded.maskHeight());
        assertEquals(List.of(LESION), loaded.lesions());
        for (long y = 0; y < 25; y++) {
            for (long x = 0; x < 40; x++) {
                assertEquals(truth.isTumour(x, y), loaded.isTumour(x, y));
                assertEquals(truth.isTissue(x, y), loaded.isTissue(x, y));
            }
        }
    }
}
