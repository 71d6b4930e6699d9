package io.slidestream.aggregator.results;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColourMapTest {

    @Test
    void the_colour_map_runs_from_blue_through_yellow_to_red() {
        int low = ColourMap.argb(0f);
        int middle = ColourMap.argb(0.5f);
        int high = ColourMap.argb(1f);

        assertTrue(blue(low) > red(low));
        assertTrue(red(middle) > 200 && green(middle) > 200 && blue(middle) < red(middle));
        assertTrue(red(high) > blue(high) && red(high) > green(high));
        assertEquals(0xff, middle >>> 24);
    }

    private static int red(int argb) {
        return argb >> 16 & 0xff;
    }

    private static int green(int argb) {
        return argb >> 8 & 0xff;
    }

    private static int blue(int argb) {
        return argb & 0xff;
    }
}
