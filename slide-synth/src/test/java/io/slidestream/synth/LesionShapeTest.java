package io.slidestream.synth;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LesionShapeTest {
    @Test
    void largestDiameterIsTheRequestedOne() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            LesionShape lesion = new LesionShape(5000, 5000, 800, random);
            assertEquals(800, lesion.diameter(), 1e-6);
        }
    }

    @Test
    void containsFollowsTheAnalyticOutlineWithinAPixel() {
        LesionShape lesion = new LesionShape(1000, 2000, 600, new SplittableRandom(9));
        for (int a = 0; a < 3600; a++) {
            double theta = 2 * Math.PI * a / 3600;
            double r = lesion.radiusAt(theta);
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            assertTrue(lesion.contains(1000 + (r - 0.5) * cos, 2000 + (r - 0.5) * sin), "just inside at " + theta);
            assertTrue(!lesion.contains(1000 + (r + 0.5) * cos, 2000 + (r + 0.5) * sin), "just outside at " + theta);
        }
        assertTrue(lesion.contains(1000, 2000));
    }

    @Test
    void areaMatchesACountOfInsidePixels() {
        LesionShape lesion = new LesionShape(500, 500, 400, new SplittableRandom(4));
        long inside = 0;
        for (int y = 0; y < 1000; y++) {
            for (int x = 0; x < 1000; x++) {
                inside += lesion.contains(x + 0.5, y + 0.5) ? 1 : 0;
            }
        }
        assertEquals(lesion.area(), inside, 0.01 * lesion.area());
    }
}
