package io.slidestream.inference.service;

import io.slidestream.core.model.StainNormalisation;
import io.slidestream.core.model.StainNormalisation.LabStatistics;
import org.junit.jupiter.api.Test;

import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.model.ModelMetadata;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReinhardNormaliserTest {
    private static final int SIZE = 32;
    private static final int PIXELS = SIZE * SIZE;

    @Test
    void patchWithAColourCastTakesTheReferencesLabMeanAndStd() {
        LabStatistics reference = LabStatistics.of(65.0, 20.0, -8.0, 12.0, 7.0, 5.0);
        byte[] cast = tissue(new Random(3), 40, -25, 30); // red and blue up, green down: a strong cast
        double[][] before = ReinhardNormaliser.labStatistics(asFloats(cast), 0, PIXELS);
        assertEquals(1, Math.signum(Math.abs(before[0][1] - 20.0) - 5), "the cast moves a* well off the reference");

        float[] out = new float[cast.length];
        new ReinhardNormaliser(reference).normalise(cast, 0, PIXELS, out, 0);
        double[][] after = ReinhardNormaliser.labStatistics(out, 0, PIXELS);
        for (int c = 0; c < 3; c++) {
            assertEquals(reference.mean().get(c), after[0][c], 0.05, "mean of channel " + c);
            assertEquals(reference.std().get(c), after[1][c], 0.05, "std of channel " + c);
        }
        for (float v : out) {
            assertEquals(true, v >= 0 && v <= 255, "RGB value " + v);
        }
    }

    @Test
    void patchAlreadyAtTheReferenceIsUnchanged() {
        byte[] patch = tissue(new Random(5), 0, 0, 0);
        double[][] own = ReinhardNormaliser.labStatistics(asFloats(patch), 0, PIXELS);
        LabStatistics reference = new LabStatistics(ReinhardNormaliser.asList(own[0]), ReinhardNormaliser.asList(own[1]));
        float[] out = new float[patch.length];
        ReinhardNormaliser.of(StainNormalisation.reinhard(reference)).normalise(patch, 0, PIXELS, out, 0);
        for (int i = 0; i < patch.length; i++) {
            assertEquals(patch[i] & 0xff, out[i], 0.01, "value " + i);
        }
    }

    @Test
    void eachImageOfABatchIsMeasuredOnItsOwnAndFlatImagesAreOnlyShifted() {
        LabStatistics reference = LabStatistics.of(70.0, 15.0, -5.0, 10.0, 6.0, 4.0);
        byte[] two = new byte[2 * PIXELS * 3];
        System.arraycopy(tissue(new Random(7), 30, 0, -20), 0, two, 0, PIXELS * 3);
        java.util.Arrays.fill(two, PIXELS * 3, two.length, (byte) 200); // a flat grey second image
        float[] out = new float[two.length];
        stained(reference).convert(two, 0, 2, PIXELS * 3, out, 0);
        float[] rgb = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            rgb[i] = (out[i] + 1f) * 127.5f;
        }
        double[][] first = ReinhardNormaliser.labStatistics(rgb, 0, PIXELS);
        double[][] flat = ReinhardNormaliser.labStatistics(rgb, PIXELS * 3, PIXELS);
        for (int c = 0; c < 3; c++) {
            assertEquals(reference.mean().get(c), first[0][c], 0.05);
            assertEquals(reference.std().get(c), first[1][c], 0.05);
            assertEquals(reference.mean().get(c), flat[0][c], 0.05, "flat image moved to the reference mean");
            assertEquals(0.0, flat[1][c], 1e-3, "and stays flat");
        }
        float[] plain = new float[two.length];
        new ModelInputs(ModelMetadata.of("plain", "1", List.of(new ModelInput("patch", InputRole.PATCH, SIZE, 1.0)),
                "p", ModelMetadata.MINUS_ONE_TO_ONE, 0.5)).convert(two, 0, 2, PIXELS * 3, plain, 0);
        assertEquals(200 / 127.5f - 1f, plain[plain.length - 1], 0f, "without stain normalisation: v / 127.5 - 1");
    }

    /** H&E-like pinks and purples on near-white, shifted by an RGB cast. */
    private static byte[] tissue(Random random, int dr, int dg, int db) {
        byte[] rgb = new byte[PIXELS * 3];
        for (int p = 0; p < PIXELS; p++) {
            boolean nucleus = random.nextInt(4) == 0;
            int r = nucleus ? 110 + random.nextInt(30) : 200 + random.nextInt(30);
            int g = nucleus ? 60 + random.nextInt(30) : 120 + random.nextInt(40);
            int b = nucleus ? 150 + random.nextInt(30) : 170 + random.nextInt(30);
            rgb[3 * p] = (byte) clamp(r + dr);
            rgb[3 * p + 1] = (byte) clamp(g + dg);
            rgb[3 * p + 2] = (byte) clamp(b + db);
        }
        return rgb;
    }

    /** The model input step of a package asking for Reinhard normalisation to {@code reference}. */
    private static ModelInputs stained(LabStatistics reference) {
        return new ModelInputs(ModelMetadata.of("stained", "1", List.of(new ModelInput("patch", InputRole.PATCH, SIZE, 1.0)),
                "p", ModelMetadata.MINUS_ONE_TO_ONE, 0.5).withStainNormalisation(StainNormalisation.reinhard(reference)));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static float[] asFloats(byte[] rgb) {
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = rgb[i] & 0xff;
        }
        return out;
    }
}
