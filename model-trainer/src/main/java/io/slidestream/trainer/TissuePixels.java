package io.slidestream.trainer;

/**
 * Which pixels of a training window are tissue, from the pixels alone (a user's slide has no tissue
 * truth). H&amp;E tissue is coloured while glass, grey glass, black borders and dust are grey, so a pixel is
 * tissue when its HSV saturation reaches {@value #MIN_SATURATION} and it is not near black; blue or green
 * pen ink (green above red) is not tissue. These are the tiler's tissue detector's rules with its lowest
 * saturation threshold, per pixel instead of on a thumbnail.
 */
final class TissuePixels {

    static final double MIN_SATURATION = 0.05;
    static final int MIN_VALUE = 64;
    static final int PEN_MARGIN = 10;

    private TissuePixels() {
    }

    /** The share of tissue pixels in interleaved RGB bytes. */
    static double fraction(byte[] rgb) {
        int tissue = 0;
        int pixels = rgb.length / 3;
        for (int i = 0; i < rgb.length; i += 3) {
            int r = rgb[i] & 0xff;
            int g = rgb[i + 1] & 0xff;
            int b = rgb[i + 2] & 0xff;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            boolean coloured = max >= MIN_VALUE && max - min >= MIN_SATURATION * max;
            if (coloured && g - r <= PEN_MARGIN) {
                tissue++;
            }
        }
        return pixels == 0 ? 0 : (double) tissue / pixels;
    }
}
