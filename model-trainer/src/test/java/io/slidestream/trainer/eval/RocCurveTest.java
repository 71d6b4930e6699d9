package io.slidestream.trainer.eval;

import io.slidestream.trainer.BinaryMetrics;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RocCurveTest {

    private static final double EXACT = 1e-12;

    // Scores 0.9 T, 0.7 F, 0.5 T, 0.5 F, 0.5 F, 0.2 T (3 tumour, 3 normal).
    private static final float[] P = {0.9f, 0.7f, 0.5f, 0.5f, 0.5f, 0.2f};
    private static final boolean[] Y = {true, false, true, false, false, true};

    @Test
    @DisplayName("one point per distinct score, the tie at 0.5 entering at once, from (0,0) to (1,1)")
    void pointsByHand() {
        // threshold 0.9: TP 1, FP 0 -> (0, 1/3); 0.7: TP 1, FP 1 -> (1/3, 1/3);
        // 0.5: TP 2, FP 3 -> (1, 2/3); 0.2: TP 3, FP 3 -> (1, 1).
        RocCurve roc = RocCurve.of(P, Y);

        assertArrayEquals(new double[]{0, 0, 1.0 / 3, 1, 1}, roc.falsePositiveRates(), EXACT);
        assertArrayEquals(new double[]{0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1}, roc.truePositiveRates(), EXACT);
    }

    @Test
    @DisplayName("the area under the curve is the AUC with ties counted half")
    void areaIsTheAuc() {
        // Trapezoids: 0..1/3 at height 1/3 -> 1/9; 1/3..1 from 1/3 to 2/3 -> (2/3)(1/2) = 1/3; total 4/9.
        // Pairs: 0.9 beats all 3 normals (3); 0.5 T beats none of 0.7, ties two 0.5s (1); 0.2 beats none: 4/9.
        assertEquals(4.0 / 9, RocCurve.of(P, Y).area(), EXACT);
        assertEquals(BinaryMetrics.of(P, Y, 0.5).auc(), RocCurve.of(P, Y).area(), EXACT);
    }

    @Test
    @DisplayName("a set with one class only has no ROC curve")
    void oneClassIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> RocCurve.of(new float[]{0.1f, 0.9f}, new boolean[]{true, true}));
    }

    @Test
    @DisplayName("the PNG is written where asked and decodes at 600 x 600")
    void writesPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("roc.png");

        RocCurve.of(P, Y).writePng(png, "test");

        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(600, image.getWidth());
        assertEquals(600, image.getHeight());
    }
}
