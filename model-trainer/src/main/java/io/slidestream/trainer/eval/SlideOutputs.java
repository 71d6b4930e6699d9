package io.slidestream.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * What the aggregator wrote for one finished slide ({@code <results>/<slide>/}): the patch scores
 * (scores.csv), the tumour mask (mask.tiff, level 0 of its pyramid) and the verdict with the grid
 * (run.json).
 *
 * @param name             the folder's name, which is the slide's base name
 * @param grid             scores per cell
 * @param threshold        score at which the pipeline called a cell tumour
 * @param category         the verdict's pN class: NEGATIVE, ITC, MICRO, MACRO or UNKNOWN
 * @param slideProbability the verdict's slide score
 * @param mask             mask.tiff's level 0, row-major
 * @param maskWidth        its width; each pixel is {@code maskDownsample} level-0 pixels a side
 * @param mpp              µm per level-0 pixel from mask.tiff's resolution tags, NaN when the slide stated none
 */
public record SlideOutputs(String name, ScoreGrid grid, double threshold, String category, double slideProbability,
                           boolean[] mask, int maskWidth, int maskHeight, int maskDownsample, double mpp) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Level-0 width the mask covers (the slide's, rounded up to whole mask pixels). */
    public long slideWidth() {
        return (long) maskWidth * maskDownsample;
    }

    public long slideHeight() {
        return (long) maskHeight * maskDownsample;
    }

    /** @throws IOException naming the file that is missing or not what the aggregator writes */
    public static SlideOutputs read(Path folder) throws IOException {
        Path runJson = folder.resolve("run.json");
        JsonNode run;
        try {
            run = JSON.readTree(runJson.toFile());
        } catch (IOException e) {
            throw new IOException(runJson + ": cannot be read as JSON: " + e.getMessage(), e);
        }
        int cols = required(runJson, run, "grid", "cols").asInt();
        int rows = required(runJson, run, "grid", "rows").asInt();
        double cellSize = required(runJson, run, "grid", "cellSize").asDouble();
        double threshold = required(runJson, run, "threshold").asDouble();
        String category = required(runJson, run, "verdict", "category").asText();
        double slideProbability = required(runJson, run, "verdict", "slideProbability").asDouble();
        int downsample = required(runJson, run, "maskTiff", "downsample").asInt();
        Path csv = folder.resolve("scores.csv");
        ScoreGrid grid;
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            grid = ScoreGrid.read(in, csv.toString(), cols, rows, cellSize);
        }
        Path tiff = folder.resolve("mask.tiff");
        try (ImageInputStream in = ImageIO.createImageInputStream(tiff.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(tiff + ": missing or not a TIFF");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                Raster raster = reader.read(0).getRaster();
                boolean[] mask = new boolean[raster.getWidth() * raster.getHeight()];
                int[] row = new int[raster.getWidth()];
                for (int y = 0; y < raster.getHeight(); y++) {
                    raster.getSamples(0, y, raster.getWidth(), 1, 0, row);
                    for (int x = 0; x < row.length; x++) {
                        mask[y * row.length + x] = row[x] != 0;
                    }
                }
                return new SlideOutputs(folder.getFileName().toString(), grid, threshold, category, slideProbability,
                        mask, raster.getWidth(), raster.getHeight(), downsample,
                        mpp(TIFFDirectory.createFromMetadata(reader.getImageMetadata(0)), downsample));
            } finally {
                reader.dispose();
            }
        }
    }

    private static JsonNode required(Path file, JsonNode root, String... path) throws IOException {
        JsonNode node = root;
        for (String field : path) {
            node = node.path(field);
        }
        if (node.isMissingNode() || node.isNull()) {
            throw new IOException(file + ": has no " + String.join(".", path));
        }
        return node;
    }

    /** µm per level-0 pixel from the resolution tags the aggregator writes (pixels per cm of the mask). */
    private static double mpp(TIFFDirectory tags, int downsample) {
        TIFFField resolution = tags.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION);
        TIFFField unit = tags.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
        if (resolution == null || unit == null || unit.getAsInt(0) != BaselineTIFFTagSet.RESOLUTION_UNIT_CENTIMETER) {
            return Double.NaN;
        }
        long[] perCm = resolution.getAsRational(0);
        return 1e4 * perCm[1] / perCm[0] / downsample;
    }
}
