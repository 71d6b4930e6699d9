package io.slidestream.core.slide;

import java.awt.image.BufferedImage;

/**
 * An opaque RGB image: {@code rgb} holds width × height × 3 bytes, row-major, interleaved R, G, B.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if ((long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " bytes for "
                    + width + "x" + height + ", got " + rgb.length);
        }
    }

    /** The pixel at (x, y) as 0xRRGGBB. */
    public int rgbAt(int x, int y) {
        int i = (y * width + x) * 3;
        return (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff);
    }

    /** A copy of the rectangle at (x, y); it must lie inside this image. */
    public RgbImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x + ", " + y + ") outside "
                    + width + "x" + height);
        }
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(rgb, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    /**
     * The rectangle at (x, y) of size w × h; the parts outside this image are {@code fill} (a slide's
     * outside is white).
     */
    public RgbImage region(long x, long y, int w, int h, byte fill) {
        byte[] out = new byte[w * h * 3];
        java.util.Arrays.fill(out, fill);
        long left = Math.max(x, 0);
        long right = Math.min(x + w, width);
        for (int row = 0; row < h; row++) {
            long sourceRow = y + row;
            if (sourceRow < 0 || sourceRow >= height || left >= right) {
                continue;
            }
            System.arraycopy(rgb, (int) ((sourceRow * width + left) * 3), out, (int) ((row * w + (left - x)) * 3),
                    (int) ((right - left) * 3));
        }
        return new RgbImage(w, h, out);
    }

    /** The pixels of any Java2D image, with transparency composited over white. */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                int argb = row[x];
                int alpha = argb >>> 24;
                out[o] = (byte) overWhite((argb >> 16) & 0xff, alpha);
                out[o + 1] = (byte) overWhite((argb >> 8) & 0xff, alpha);
                out[o + 2] = (byte) overWhite(argb & 0xff, alpha);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int overWhite(int colour, int alpha) {
        return (colour * alpha + 255 * (255 - alpha) + 127) / 255;
    }

    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgbAt(x, y));
            }
        }
        return image;
    }
}
