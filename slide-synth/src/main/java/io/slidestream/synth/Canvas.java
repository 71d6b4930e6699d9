package io.slidestream.synth;

/**
 * A level-0 region being painted into a BGR byte buffer (a strip of tiles), addressed in region-local
 * pixel coordinates (i, j); level-0 pixel (x0 + i, y0 + j).
 */
final class Canvas {
    final byte[] bgr;
    final int stride;
    final int offset;
    final long x0;
    final long y0;
    final int w;
    final int h;
    /** Which pixels are tissue, so nuclei at the tissue edge do not spill onto the glass. */
    final boolean[] tissue;

    Canvas(byte[] bgr, int stride, int offsetX, long x0, long y0, int w, int h) {
        this.bgr = bgr;
        this.stride = stride;
        this.offset = 3 * offsetX;
        this.x0 = x0;
        this.y0 = y0;
        this.w = w;
        this.h = h;
        this.tissue = new boolean[w * h];
    }

    void set(int i, int j, int red, int green, int blue) {
        int at = j * stride + offset + 3 * i;
        bgr[at] = toByte(blue);
        bgr[at + 1] = toByte(green);
        bgr[at + 2] = toByte(red);
    }

    void copyRow(int from, int to) {
        System.arraycopy(bgr, from * stride + offset, bgr, to * stride + offset, 3 * w);
    }

    void setGrey(int i, int j, byte grey) {
        int at = j * stride + offset + 3 * i;
        bgr[at] = grey;
        bgr[at + 1] = grey;
        bgr[at + 2] = grey;
    }

    /** Paints a colour over the pixel with opacity {@code alpha}. */
    void blend(int i, int j, double red, double green, double blue, double alpha) {
        int at = j * stride + offset + 3 * i;
        bgr[at] = toByte(mix(bgr[at] & 0xff, blue, alpha));
        bgr[at + 1] = toByte(mix(bgr[at + 1] & 0xff, green, alpha));
        bgr[at + 2] = toByte(mix(bgr[at + 2] & 0xff, red, alpha));
    }

    /**
     * Lays a transparent dye over the pixel, as ink on the coverslip: each channel is multiplied by the
     * dye's transmission (0..1), to the extent {@code alpha}. Tissue under ink stays visible, darker.
     */
    void filter(int i, int j, double red, double green, double blue, double alpha) {
        int at = j * stride + offset + 3 * i;
        bgr[at] = toByte((bgr[at] & 0xff) * (1 - alpha * (1 - blue)));
        bgr[at + 1] = toByte((bgr[at + 1] & 0xff) * (1 - alpha * (1 - green)));
        bgr[at + 2] = toByte((bgr[at + 2] & 0xff) * (1 - alpha * (1 - red)));
    }

    /** Replaces each channel of the pixel through its lookup table (0..255 to 0..255). */
    void map(int i, int j, byte[] red, byte[] green, byte[] blue) {
        int at = j * stride + offset + 3 * i;
        bgr[at] = blue[bgr[at] & 0xff];
        bgr[at + 1] = green[bgr[at + 1] & 0xff];
        bgr[at + 2] = red[bgr[at + 2] & 0xff];
    }

    private static double mix(double under, double over, double alpha) {
        return under + (over - under) * alpha;
    }

    private static byte toByte(int value) {
        return (byte) (value <= 0 ? 0 : Math.min(value, 255));
    }

    private static byte toByte(double value) {
        return (byte) (value <= 0 ? 0 : value >= 255 ? 255 : (int) (value + 0.5));
    }
}
