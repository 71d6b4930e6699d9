package io.slidestream.core.slide;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AreaResamplerTest {

    @Test
    void wholeNumberFactorGivesTheMeanOfEachBlock() {
        // 4x2 image, halved: each output pixel is the mean of a 2x2 block.
        byte[] rgb = new byte[4 * 2 * 3];
        int[] values = {0, 10, 100, 200, 20, 30, 50, 50};
        for (int i = 0; i < values.length; i++) {
            rgb[i * 3] = (byte) values[i];
            rgb[i * 3 + 1] = (byte) 255;
            rgb[i * 3 + 2] = (byte) (255 - values[i]);
        }
        RgbImage half = AreaResampler.resize(new RgbImage(4, 2, rgb), 2, 1);
        assertEquals(15, half.rgb()[0] & 0xff);          // (0 + 10 + 20 + 30) / 4
        assertEquals(100, half.rgb()[3] & 0xff);         // (100 + 200 + 50 + 50) / 4
        assertEquals(255, half.rgb()[1] & 0xff);
        assertEquals(255 - 100, half.rgb()[5] & 0xff);
    }

    @Test
    void nonIntegerFactorKeepsAFlatImageFlatAndAnEdgeWhereItWas() {
        byte[] rgb = new byte[127 * 127 * 3];
        for (int y = 0; y < 127; y++) {
            for (int x = 0; x < 127; x++) {
                byte v = (byte) (x < 63 ? 40 : 220);
                int i = (y * 127 + x) * 3;
                rgb[i] = v;
                rgb[i + 1] = v;
                rgb[i + 2] = v;
            }
        }
        RgbImage out = AreaResampler.resize(new RgbImage(127, 127, rgb), 64, 64);
        assertEquals(40, out.rgbAt(0, 10) & 0xff);
        assertEquals(220, out.rgbAt(63, 10) & 0xff);
        // Output column 31 covers source [61.5, 63.5): 1.5 px of 40 and 0.5 px of 220.
        assertEquals(Math.round((1.5 * 40 + 0.5 * 220) / 2), out.rgbAt(31, 5) & 0xff, 1);
    }

    @Test
    void sameSizeIsTheSameImage() {
        RgbImage image = new RgbImage(2, 2, new byte[12]);
        assertSame(image, AreaResampler.resize(image, 2, 2));
    }
}
