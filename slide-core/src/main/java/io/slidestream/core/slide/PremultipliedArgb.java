package io.slidestream.core.slide;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Converts OpenSlide's premultiplied ARGB (native-endian uint32) to RGB composited over white. */
final class PremultipliedArgb {
    private PremultipliedArgb() {
    }

    static byte[] toRgbOnWhite(MemorySegment argb, int pixels) {
        byte[] rgb = new byte[pixels * 3];
        for (int i = 0, o = 0; i < pixels; i++, o += 3) {
            int p = argb.getAtIndex(JAVA_INT, i);
            // Premultiplied colour over white is c + (255 - a): no division needed.
            int background = 255 - (p >>> 24);
            rgb[o] = (byte) (((p >>> 16) & 0xff) + background);
            rgb[o + 1] = (byte) (((p >>> 8) & 0xff) + background);
            rgb[o + 2] = (byte) ((p & 0xff) + background);
        }
        return rgb;
    }
}
