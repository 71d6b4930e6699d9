package io.slidestream.inference.service;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test-time augmentation of probability maps, without a model: the 8 views' maps turned back and averaged. */
class UprightMapsTest {

    @Test
    void theMapsOfTheEightViewsTurnedBackAverageToTheMapOfThePatch() {
        float[] map = {0.9f, 0.1f, 0.0f, /* */ 0.2f, 0.3f, 0.0f, /* */ 0.0f, 0.0f, 0.4f}; // no symmetry
        // What a per-pixel model returns for view t of the patch: the patch's map in that view.
        float[] views = new float[Dihedral.COUNT * 9];
        for (int t = 0; t < Dihedral.COUNT; t++) {
            Dihedral.apply(t, map, 0, views, t * 9, 3, 1);
        }
        float[] means = new float[2 * 9];
        PatchModel.meanOfUprightMaps(views, 1, 3, means, 9);
        assertArrayEquals(map, Arrays.copyOfRange(means, 9, 18), 1e-7f);
        assertArrayEquals(new float[9], Arrays.copyOfRange(means, 0, 9), "written only from its offset");
    }

    @Test
    void aMapThatIsNotSquareIsRefusedSayingSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PatchModel.mapEdge(12));
        assertTrue(e.getMessage().contains("only square maps"), e.getMessage());
    }
}
