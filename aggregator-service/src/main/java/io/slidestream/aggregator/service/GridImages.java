package io.slidestream.aggregator.service;

import io.slidestream.aggregator.results.ColourMap;
import io.slidestream.aggregator.stitching.ScoreGrid;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Score grids as images: one grid cell per {@code scale x scale} block of pixels, row 0 at the top. */
final class GridImages {

    private GridImages() {
    }

    /** Colour-mapped scores; cells without a score (no tissue, or not scored yet) are transparent. */
    static BufferedImage heatmap(ScoreGrid grid, int scale) {
        BufferedImage image = new BufferedImage(grid.cols() * scale, grid.rows() * scale, BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        fill(grid, scale, image.getWidth(), (index, score) -> pixels[index] = Float.isNaN(score) ? 0 : ColourMap.argb(score));
        return image;
    }

    /** 8-bit grey: 255 where the score is at least {@code threshold}, 0 elsewhere (unscored included). */
    static BufferedImage mask(ScoreGrid grid, double threshold, int scale) {
        BufferedImage image = new BufferedImage(grid.cols() * scale, grid.rows() * scale, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        fill(grid, scale, image.getWidth(), (index, score) -> pixels[index] = score >= threshold ? (byte) 0xff : 0);
        return image;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG", e);
        }
        return out.toByteArray();
    }

    private interface PixelWriter {
        void write(int pixelIndex, float score);
    }

    private static void fill(ScoreGrid grid, int scale, int width, PixelWriter writer) {
        for (int row = 0; row < grid.rows(); row++) {
            for (int col = 0; col < grid.cols(); col++) {
                float score = grid.score(col, row);
                for (int y = row * scale; y < (row + 1) * scale; y++) {
                    for (int x = col * scale; x < (col + 1) * scale; x++) {
                        writer.write(y * width + x, score);
                    }
                }
            }
        }
    }
}
