package io.slidestream.aggregator.results;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The score grid as PNGs: one {@code scale × scale} block of pixels per grid cell, row 0 at the top. */
public final class GridPngs {
    /** Largest scale accepted. */
    public static final int MAX_SCALE = 64;
    /** Largest image accepted, in pixels. */
    public static final long MAX_PIXELS = 100_000_000L;

    private GridPngs() {
    }

    /**
     * Colour-mapped scores ({@link ColourMap}), fully transparent where a cell has no score (off tissue).
     *
     * @throws IllegalArgumentException when scale is below 1, above {@value #MAX_SCALE}, or the image would
     *                                  exceed {@value #MAX_PIXELS} pixels
     */
    public static byte[] heatmapPng(CompletedSlide slide, int scale) {
        BufferedImage image = new BufferedImage(width(slide, scale), slide.rows() * scale, BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] colours = new int[slide.scores().length];
        for (int i = 0; i < colours.length; i++) {
            float score = slide.scores()[i];
            colours[i] = Float.isNaN(score) ? 0 : ColourMap.argb(score);
        }
        fill(slide, scale, image.getWidth(), (index, cell) -> pixels[index] = colours[cell]);
        return png(image);
    }

    /**
     * 8-bit grey: 255 where the score reaches the threshold, 0 elsewhere (cells without a score included).
     *
     * @throws IllegalArgumentException as {@link #heatmapPng}
     */
    public static byte[] maskPng(CompletedSlide slide, int scale) {
        BufferedImage image = new BufferedImage(width(slide, scale), slide.rows() * scale, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        fill(slide, scale, image.getWidth(), (index, cell) -> pixels[index] = slide.isTumour(cell) ? (byte) 0xff : 0);
        return png(image);
    }

    private static int width(CompletedSlide slide, int scale) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be 1.." + MAX_SCALE + ", got " + scale);
        }
        long pixels = (long) slide.cols() * scale * slide.rows() * scale;
        if (pixels > MAX_PIXELS) {
            throw new IllegalArgumentException("scale " + scale + " of a " + slide.cols() + "x" + slide.rows()
                    + " grid makes " + pixels + " pixels, more than " + MAX_PIXELS);
        }
        return slide.cols() * scale;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG", e);
        }
        return out.toByteArray();
    }

    private interface PixelWriter {
        void write(int pixelIndex, int cellIndex);
    }

    private static void fill(CompletedSlide slide, int scale, int width, PixelWriter writer) {
        int cols = slide.cols();
        for (int row = 0; row < slide.rows(); row++) {
            for (int col = 0; col < cols; col++) {
                int cell = row * cols + col;
                for (int y = row * scale; y < (row + 1) * scale; y++) {
                    for (int x = col * scale; x < (col + 1) * scale; x++) {
                        writer.write(y * width + x, cell);
                    }
                }
            }
        }
    }
}
