package io.slidestream.tiler.tissue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TissueIoUTest {

    @Test
    void countsAgreementOnTheDetectedGrid() {
        // Detected: the left two columns of a 4x4 mask at downsample 8. Truth: the left three columns.
        boolean[] detected = new boolean[16];
        boolean[] truth = new boolean[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 3; x++) {
                detected[y * 4 + x] = x < 2;
                truth[y * 4 + x] = true;
            }
        }
        TissueMask truthMask = new TissueMask(4, 4, 8, truth);
        TissueIoU agreement = TissueIoU.of(new TissueMask(4, 4, 8, detected), truthMask::fraction);
        assertEquals(new TissueIoU(8, 0, 4, 4), agreement);
        assertEquals(8.0 / 12, agreement.iou(), 1e-12);
        assertEquals(16.0 / 20, agreement.dice(), 1e-12);
        assertEquals(1.0, agreement.precision(), 1e-12);
        assertEquals(8.0 / 12, agreement.recall(), 1e-12);
    }

    @Test
    void truthAtAFinerGridIsTakenByMajority() {
        // The truth is tissue on x < 12 (level 0); detected pixels are 8 px wide: pixel 1 is half tissue.
        TissueIoU.TruthFraction truth = (x0, y0, w, h) -> Math.clamp((12.0 - x0) / w, 0, 1);
        TissueIoU agreement = TissueIoU.of(new TissueMask(3, 1, 8, new boolean[] {true, true, false}), truth);
        assertEquals(new TissueIoU(2, 0, 0, 1), agreement);
    }

    @Test
    void emptyAgainstEmptyIsPerfect() {
        TissueIoU agreement = TissueIoU.of(new TissueMask(2, 2, 4, new boolean[4]), (x, y, w, h) -> 0);
        assertEquals(1.0, agreement.iou());
        assertEquals(1.0, agreement.dice());
    }
}
