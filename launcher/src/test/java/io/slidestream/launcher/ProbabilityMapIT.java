package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.grid.GridPlanner;
import io.slidestream.core.grid.SlideMpp;
import io.slidestream.core.slide.AreaResampler;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.launcher.AnalyzeCommand.AnalyzeOptions;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.PixelColourFcn;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./slidestream analyze --model} with a probability-map model, in-process, through a real local stack (a
 * KRaft broker and the three packaged services in their own JVMs, OpenSlide reading a generated slide, DJL's
 * TensorFlow engine running the pixel-colour FCN): the maps travel with the scores over Kafka and the mask comes
 * out at 8 × 8 sub-cells a patch, each sub-cell tumour exactly where the model's per-pixel map of that patch,
 * computed here from the slide's own pixels, reaches the threshold.
 */
class ProbabilityMapIT {
    private static final int EDGE = 8;
    /** Sub-cells this close to the threshold may fall either side of it with a different JPEG decoder's pixels. */
    private static final double MARGIN = 0.02;

    @Test
    void aSlideScoredByAnFcnGetsItsMaskAtSubPatchResolutionWhereTheModelsMapReachesTheThreshold() throws Exception {
        StackLayout layout = StackLayout.fromSystemProperty();
        Path work = layout.home().resolve("launcher/target/probability-map-it");
        deleteTree(work);
        Path model = PixelColourFcn.export(work.resolve("model"), PixelColourFcn.metadata());
        Path slide = Files.createDirectories(work.resolve("slides")).resolve("fcn.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(4646), slide);
        Path out = work.resolve("out");

        int exit = new AnalyzeRun(layout, System.out, new SlideProgressView.Lines(System.out))
                .run(new AnalyzeOptions(out, model, null, List.of(slide)));
        assertEquals(0, exit, "the slide completes");

        Path outputs = out.resolve("fcn");
        JsonNode run = EventJson.mapper().readTree(outputs.resolve("run.json").toFile());
        assertEquals(PixelColourFcn.metadata().id(), run.path("modelId").asText());
        assertEquals(EDGE, run.at("/grid/subCellEdge").asInt(), run.toPrettyString());
        GridGeometry grid;
        try (Slide file = Slide.open(slide)) {
            grid = GridPlanner.plan(SlideMpp.of(file.properties(), null, 0).describe(file), PixelColourFcn.metadata().profile());
        }
        assertEquals(grid.cols(), run.at("/grid/cols").asInt());
        BufferedImage mask = ImageIO.read(outputs.resolve("mask.png").toFile());
        assertEquals(grid.cols() * EDGE, mask.getWidth());
        assertEquals(grid.rows() * EDGE, mask.getHeight());

        List<String> rows = Files.readAllLines(outputs.resolve("scores.csv"));
        boolean[] scored = new boolean[grid.cellCount()];
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",");
            int col = (int) Math.round(Long.parseLong(fields[0]) / grid.cellSize());
            int r = (int) Math.round(Long.parseLong(fields[1]) / grid.cellSize());
            scored[grid.cellIndex(col, r)] = true;
        }
        int tumour = 0;
        int close = 0;
        int compared = 0;
        try (Slide file = Slide.openThroughOpenSlide(slide)) {
            for (int row = 0; row < grid.rows(); row++) {
                for (int col = 0; col < grid.cols(); col++) {
                    double[] map = scored[grid.cellIndex(col, row)] ? mapOf(file, grid, col, row) : new double[EDGE * EDGE];
                    for (int sub = 0; sub < map.length; sub++) {
                        int x = col * EDGE + sub % EDGE;
                        int y = row * EDGE + sub / EDGE;
                        if (Math.abs(map[sub] - 0.5) < MARGIN) {
                            close++;
                            continue;
                        }
                        boolean expected = map[sub] >= 0.5;
                        assertEquals(expected ? 255 : 0, mask.getRaster().getSample(x, y, 0),
                                "sub-cell (" + x + ", " + y + "): the model's map reaches " + map[sub]);
                        tumour += expected ? 1 : 0;
                        compared++;
                    }
                }
            }
        }
        assertTrue(tumour > 100 && close < compared / 50, tumour + " tumour sub-cells of " + compared
                + " compared, " + close + " too close to the threshold to call");
        JsonNode verdict = EventJson.mapper().readTree(outputs.resolve("verdict.json").toFile());
        int lesionSubCells = 0;
        for (JsonNode lesion : verdict.path("lesions")) {
            lesionSubCells += lesion.path("cells").asInt();
        }
        assertEquals(tumourPixels(mask), lesionSubCells, "the lesions are the mask's sub-cells");

        // The report measures the mask against the generated truth at the mask's own resolution.
        JsonNode agreement = EventJson.mapper().readTree(out.resolve("report.json").toFile()).at("/slides/0/groundTruth");
        assertEquals((rows.size() - 1) * EDGE * EDGE, agreement.path("cells").asInt(), agreement.toString());
        assertEquals(tumourPixels(mask), agreement.path("truePositives").asInt() + agreement.path("falsePositives").asInt(),
                agreement.toString());
    }

    /** The pixel-colour FCN's map of one cell's patch, read on its own, as the maximum over each sub-cell's pixels. */
    private static double[] mapOf(Slide slide, GridGeometry grid, int col, int row) {
        RgbImage patch = slide.read(grid.inputRegion(0, col, row));
        if (grid.patchInput().resampled()) {
            patch = AreaResampler.resize(patch, grid.patchInput().size(), grid.patchInput().size());
        }
        int size = patch.width();
        int block = size / EDGE;
        double[] map = new double[EDGE * EDGE];
        byte[] rgb = patch.rgb();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = (y * size + x) * 3;
                int sub = (y / block) * EDGE + x / block;
                map[sub] = Math.max(map[sub], PixelColourFcn.probability(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff));
            }
        }
        return map;
    }

    private static int tumourPixels(BufferedImage mask) {
        int count = 0;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                count += mask.getRaster().getSample(x, y, 0) == 255 ? 1 : 0;
            }
        }
        return count;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
