package io.slidestream.trainer.eval;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a slide's result folder as the aggregator does (run.json's grid, threshold, mask layout and verdict;
 * scores.csv in WSInfer's columns; mask.tiff with the resolution tags), for a square grid of 100-px cells
 * and a mask of 4 x 4 pixels per cell (downsample 25).
 */
final class ResultFolders {
    static final int CELL = 100;
    static final int DOWNSAMPLE = 25;

    private ResultFolders() {
    }

    /**
     * @param scores row-major over a {@code cols × cols} grid
     * @param mpp    µm per level-0 pixel for mask.tiff's tags, null for none
     */
    static Path write(Path folder, int cols, float[] scores, String category, double slideProbability, Double mpp)
            throws IOException {
        Files.createDirectories(folder);
        int maskEdge = cols * CELL / DOWNSAMPLE;
        Files.writeString(folder.resolve("run.json"), String.format(Locale.ROOT, """
                {"slideId": "x", "threshold": 0.5, "grid": {"cols": %d, "rows": %d, "cellSize": %d.0},
                 "maskDownsample": %d, "maskTiff": {"downsample": %d, "width": %d, "height": %d, "levels": 1},
                 "verdict": {"category": "%s", "threshold": 0.5, "slideProbability": %s, "lesions": []}}
                """, cols, cols, CELL, DOWNSAMPLE, DOWNSAMPLE, maskEdge, maskEdge, category, slideProbability));
        StringBuilder csv = new StringBuilder("minx,miny,width,height,prob_tumor\n");
        BufferedImage mask = new BufferedImage(maskEdge, maskEdge, BufferedImage.TYPE_BYTE_GRAY);
        int perCell = CELL / DOWNSAMPLE;
        for (int k = 0; k < scores.length; k++) {
            int col = k % cols;
            int row = k / cols;
            csv.append(col * CELL).append(',').append(row * CELL).append(",100,100,").append(scores[k]).append('\n');
            if (scores[k] >= 0.5) {
                for (int y = row * perCell; y < (row + 1) * perCell; y++) {
                    for (int x = col * perCell; x < (col + 1) * perCell; x++) {
                        mask.getRaster().setSample(x, y, 0, 255);
                    }
                }
            }
        }
        Files.writeString(folder.resolve("scores.csv"), csv);
        writeTiff(mask, folder.resolve("mask.tiff"), mpp);
        return folder;
    }

    private static void writeTiff(BufferedImage mask, Path file, Double mpp) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata defaults = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(mask), param);
            TIFFDirectory directory = TIFFDirectory.createFromMetadata(defaults);
            if (mpp != null) {
                // As MaskTiff: pixels per centimetre of the mask = 10^4 µm/cm over (mpp × downsample) µm/px.
                long[][] perCm = {{Math.round(1e4 / (mpp * DOWNSAMPLE) * 1000), 1000}};
                BaselineTIFFTagSet tags = BaselineTIFFTagSet.getInstance();
                directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION),
                        TIFFTag.TIFF_RATIONAL, 1, perCm));
                directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION),
                        TIFFTag.TIFF_RATIONAL, 1, perCm));
                directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
                        BaselineTIFFTagSet.RESOLUTION_UNIT_CENTIMETER));
            }
            writer.write(null, new IIOImage(mask, null, directory.getAsMetadata()), param);
        } finally {
            writer.dispose();
        }
    }
}
