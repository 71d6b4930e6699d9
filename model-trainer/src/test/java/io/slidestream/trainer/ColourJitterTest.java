package io.slidestream.trainer;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColourJitterTest {
    private static final float EPS = 1e-5f;

    @Test
    void noJitterLeavesColoursAsTheyAre() {
        float[] rgb = {0.2f, 0.5f, 0.9f, 1f, 0f, 0.3f};
        float[] jittered = rgb.clone();
        ColourJitter.NONE.apply(jittered);
        assertArrayEquals(rgb, jittered, EPS);
    }

    @Test
    void brightnessAddsItsDeltaAndClipsAtWhite() {
        float[] rgb = {0.2f, 0.5f, 0.9f};
        new ColourJitter(0.25, 1, 0, 1).apply(rgb);
        assertArrayEquals(new float[] {0.45f, 0.75f, 1f}, rgb, EPS);
    }

    @Test
    void hueTurnsAThirdFromRedToGreen() {
        // Pure red is hue 0; a third of a turn is hue 1/3, pure green, with saturation and value kept.
        float[] rgb = {1f, 0f, 0f};
        new ColourJitter(0, 1, 1.0 / 3, 1).apply(rgb);
        assertArrayEquals(new float[] {0f, 1f, 0f}, rgb, EPS);
    }

    @Test
    void saturationScalesTheDistanceFromTheBrightestChannel() {
        // (0.8, 0.4, 0.2): V 0.8, S 0.75, hue (0.4 − 0.2) / 0.6 / 6 = 1/18. At S 0.375 the chroma is 0.3:
        // min 0.5, max 0.8, and green keeps its place between them: 0.5 + 0.3 · 6 · (1/18) = 0.6.
        float[] rgb = {0.8f, 0.4f, 0.2f};
        new ColourJitter(0, 0.5, 0, 1).apply(rgb);
        assertArrayEquals(new float[] {0.8f, 0.6f, 0.5f}, rgb, EPS);
    }

    @Test
    void contrastHalvesEachValuesDistanceToItsChannelMean() {
        // Red mean (0.2 + 0.6) / 2 = 0.4: 0.2 → 0.3, 0.6 → 0.5. Green mean 0.5 stays. Blue mean 0.5: 0 → 0.25, 1 → 0.75.
        float[] rgb = {0.2f, 0.5f, 0f, 0.6f, 0.5f, 1f};
        new ColourJitter(0, 1, 0, 0.5).apply(rgb);
        assertArrayEquals(new float[] {0.3f, 0.5f, 0.25f, 0.5f, 0.5f, 0.75f}, rgb, EPS);
    }

    @Test
    void drawsStayInTheSeedsRanges() {
        SplittableRandom random = new SplittableRandom(3);
        double lowestSaturation = 1;
        double lowestContrast = 1;
        for (int i = 0; i < 10_000; i++) {
            ColourJitter jitter = ColourJitter.draw(random);
            assertTrue(Math.abs(jitter.brightness()) <= 64.0 / 255, "brightness " + jitter.brightness());
            assertTrue(jitter.saturation() >= 0.75 && jitter.saturation() <= 1, "saturation " + jitter.saturation());
            assertTrue(Math.abs(jitter.hue()) <= 0.04, "hue " + jitter.hue());
            assertTrue(jitter.contrast() >= 0.5 && jitter.contrast() <= 1, "contrast " + jitter.contrast());
            lowestSaturation = Math.min(lowestSaturation, jitter.saturation());
            lowestContrast = Math.min(lowestContrast, jitter.contrast());
        }
        assertTrue(lowestSaturation < 0.76 && lowestContrast < 0.51, "the whole range is drawn");
    }
}
