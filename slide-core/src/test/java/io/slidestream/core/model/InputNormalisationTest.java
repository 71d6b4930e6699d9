package io.slidestream.core.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputNormalisationTest {

    @Test
    void minusOneToOneIsTheWorkersFloatArithmeticBitForBit() {
        InputNormalisation n = InputNormalisation.MINUS_ONE_TO_ONE;
        for (int channel = 0; channel < 3; channel++) {
            assertEquals(-1f, n.apply(0, channel), 0f);
            assertEquals(1f, n.apply(255, channel), 0f);
            assertEquals(-0.6f, n.apply(51, channel), 1e-7f);
            assertEquals(0.003921628f, n.apply(128, channel), 1e-7f);
        }
        for (int v = 0; v < 256; v++) {
            assertEquals(v / 127.5f - 1f, n.apply(v, 1), 0f, "value " + v);
        }
    }

    @Test
    void imagenetUsesEachChannelsMeanAndStd() {
        InputNormalisation n = InputNormalisation.IMAGENET;
        // (0 - 0.485) / 0.229, (0 - 0.456) / 0.224, (0 - 0.406) / 0.225
        assertEquals(-2.1179039f, n.apply(0, 0), 1e-6f);
        assertEquals(-2.0357143f, n.apply(0, 1), 1e-6f);
        assertEquals(-1.8044444f, n.apply(0, 2), 1e-6f);
        // (1 - 0.485) / 0.229, (1 - 0.456) / 0.224, (1 - 0.406) / 0.225
        assertEquals(2.2489083f, n.apply(255, 0), 1e-6f);
        assertEquals(2.4285714f, n.apply(255, 1), 1e-6f);
        assertEquals(2.64f, n.apply(255, 2), 1e-6f);
        // 128 / 255 = 0.50196078: (0.50196078 - 0.456) / 0.224
        assertEquals(0.20518207f, n.apply(128, 1), 1e-6f);
    }

    @Test
    void namesAreThePackagesAndUnknownOnesAreRefusedNamingTheKnownOnes() {
        assertSame(InputNormalisation.MINUS_ONE_TO_ONE, InputNormalisation.named("minus-one-to-one"));
        assertSame(InputNormalisation.IMAGENET, InputNormalisation.named(ModelMetadata.IMAGENET));
        String why = assertThrows(IllegalArgumentException.class, () -> InputNormalisation.named("ImageNet")).getMessage();
        assertTrue(why.contains("'ImageNet'") && why.contains("'minus-one-to-one' and 'imagenet'"), why);
    }
}
