package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.staging.MetastasisSize;
import io.slidestream.launcher.AnalyzeCommand.AnalyzeOptions;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.Lesion;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./slidestream analyze} as a user runs it, in-process: a small generated slide and a broken fixture
 * through a real local stack. The good slide gets its six outputs and verdict.json, the broken one ends
 * FAILED with a reason, report.json lists both (the good one with its mask's agreement with the generated
 * ground truth beside it), and the exit code is not 0.
 */
class AnalyzeIT {

    @Test
    void goodSlideGetsItsOutputsBrokenSlideFailsWithItsReasonAndTheRunExitsNonZero() throws Exception {
        StackLayout layout = StackLayout.fromSystemProperty();
        Path model = DemoModel.ensure(Path.of(System.getProperty("slidestream.cache"), "demo-model"));
        Path work = Files.createDirectories(layout.home().resolve("launcher/target/analyze-it"));
        Path good = Files.createDirectories(work.resolve("slides")).resolve("good.tiff");
        SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(4545), good);
        Path broken = Path.of(System.getProperty("slidestream.testdata"), "slides", "unreadable.svs")
                .toAbsolutePath().normalize();
        Path out = work.resolve("out");

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(console, true, StandardCharsets.UTF_8);
        int exit = new AnalyzeRun(layout, new TeePrintStream(print), new SlideProgressView.Lines(new TeePrintStream(print)))
                .run(new AnalyzeOptions(out, model, null, List.of(good, broken)));
        String printed = console.toString(StandardCharsets.UTF_8);

        assertNotEquals(0, exit, printed);
        assertTrue(printed.contains("FAILED " + broken), "names the broken slide: " + printed);

        JsonNode report = EventJson.mapper().readTree(out.resolve("report.json").toFile());
        List<String> files = new ArrayList<>();
        report.path("slides").forEach(s -> files.add(s.path("file").asText()));
        assertEquals(List.of(good.toString(), broken.toString()), files, report.toPrettyString());
        JsonNode goodSlide = report.path("slides").get(0);
        JsonNode brokenSlide = report.path("slides").get(1);
        assertEquals("FAILED", brokenSlide.path("state").asText());
        assertTrue(brokenSlide.path("reason").asText().contains("unreadable.svs"), brokenSlide.toString());
        assertEquals("COMPLETE", goodSlide.path("state").asText(), goodSlide.toString());
        assertEquals("good", goodSlide.path("outputFolder").asText());

        for (String output : List.of("heatmap.png", "mask.png", "mask.tiff", "regions.geojson", "scores.csv",
                "run.json", "verdict.json")) {
            Path file = out.resolve("good").resolve(output);
            assertTrue(Files.size(file) > 0, file + " is written");
        }
        String category = EventJson.mapper().readTree(out.resolve("good/verdict.json").toFile()).path("category").asText();
        assertEquals(goodSlide.path("verdict").asText(), category);

        // The generated slide's ground truth lies beside it: its mask is scored against it, and printed.
        JsonNode truth = goodSlide.path("groundTruth");
        assertTrue(truth.path("dice").asDouble() >= 0.6 && truth.path("kappa").asDouble() >= 0.6, truth.toString());
        assertTrue(truth.path("cells").asInt() > 100 && truth.path("lesions").asInt() > 0, truth.toString());
        // The size class the truth calls for (measured on its mask), beside the verdict's: the generator's own
        // record of its largest lesion's diameter calls for the same class.
        double largestUm = GroundTruth.load(good).lesions().stream().mapToDouble(Lesion::diameterUm).max().orElseThrow();
        assertEquals(MetastasisSize.of(largestUm / 1000).name(), truth.path("truthCategory").asText(), truth.toString());
        assertEquals(goodSlide.path("verdict").asText(), truth.path("verdictCategory").asText());
        assertEquals(truth.path("truthCategory").asText().equals(goodSlide.path("verdict").asText()),
                truth.path("verdictMatchesTruth").asBoolean(), truth.toString());
        assertTrue(printed.contains("against the ground truth: Dice "), printed);
        assertTrue(goodSlide.path("patchesPerSecond").asDouble() > 0, goodSlide.toString());
        assertTrue(goodSlide.path("timingsSeconds").path("submitToComplete").asDouble() > 0, goodSlide.toString());
        assertTrue(brokenSlide.path("groundTruth").isMissingNode(), brokenSlide.toString());
    }

    /** Prints to the test's console as well as into the captured text, so a failing run can be read in the log. */
    private static final class TeePrintStream extends PrintStream {
        TeePrintStream(PrintStream captured) {
            super(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    captured.write(b);
                    System.out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    captured.write(b, off, len);
                    System.out.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8);
        }
    }
}
