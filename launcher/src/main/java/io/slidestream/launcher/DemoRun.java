package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./slidestream demo}: trains the demo model if missing, generates a slide with known tumours,
 * runs it through the local stack and writes report.json, heatmap.png and mask.png.
 */
public final class DemoRun {
    static final long DEMO_SEED = 20261121L;
    static final int DEMO_WIDTH = 8192;
    static final int DEMO_HEIGHT = 6144;
    static final String DEMO_SLIDE_FILE = "demo-slide.tiff";
    private static final Duration SLIDE_TIMEOUT = Duration.ofHours(2);

    private final StackLayout layout;
    private final PrintStream out;
    private String lastProgress = "";

    public DemoRun(StackLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /** Runs a generated slide of {@code width} × {@code height} level-0 pixels; returns the output folder. */
    public Path run(Path outDir, int width, int height) throws IOException {
        long start = System.nanoTime();
        Path out = outDir.toAbsolutePath().normalize();
        Path slides = Files.createDirectories(out.resolve("slides"));

        long modelStart = System.nanoTime();
        ensureDemoModel(layout, this.out);
        double modelSeconds = seconds(modelStart);

        Path slide = slides.resolve(DEMO_SLIDE_FILE);
        long generateStart = System.nanoTime();
        GroundTruth truth = generateDemoSlide(slide, width, height, this.out);
        double generateSeconds = seconds(generateStart);

        long stackStart = System.nanoTime();
        try (LocalStack stack = LocalStack.start(layout, StackPorts.free(), out.resolve("run"), List.of(slides),
                layout.demoModelDir())) {
            double stackSeconds = seconds(stackStart);
            this.out.printf("stack up in %.1f s: kafka %s, aggregator :%d, tiler :%d, inference :%d (logs in %s)%n",
                    stackSeconds, stack.ports().bootstrapServers(), stack.ports().aggregator(), stack.ports().tiler(),
                    stack.ports().inference(), out.resolve("run/logs"));
            SlideStreamClient client = new SlideStreamClient(stack.ports());
            long submitted = System.nanoTime();
            String slideId = client.submit(slide.toString());
            this.out.println("submitted: " + slideId);
            JsonNode status = client.awaitFinal(slideId, SLIDE_TIMEOUT, this::progress);
            double analysisSeconds = seconds(submitted);
            if (!"COMPLETE".equals(status.path("status").asText())) {
                throw new IllegalStateException("slide " + slideId + " ended " + status.path("status").asText()
                        + ": " + status.path("reason").asText());
            }
            SlideOutputs outputs = SlideOutputs.fetch(client, slideId);
            Files.write(out.resolve("heatmap.png"), outputs.heatmapPng());
            Files.write(out.resolve("mask.png"), outputs.maskPng());
            GridAgreement agreement = GridAgreement.of(truth, outputs.mask(), outputs.scoredCells(),
                    outputs.cellSize());
            ObjectNode report = report(outputs.status(), analysisSeconds, agreement, truth);
            report.putObject("timingsSeconds").put("modelReady", round(modelSeconds))
                    .put("slideGenerated", round(generateSeconds)).put("stackStarted", round(stackSeconds))
                    .put("submitToComplete", round(analysisSeconds)).put("total", round(seconds(start)));
            Files.writeString(out.resolve("report.json"),
                    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            int patches = outputs.status().path("patchesScored").asInt();
            this.out.printf("COMPLETE: %d patches in %.1f s (%.1f patches/s); against the ground truth: %s%n",
                    patches, analysisSeconds, patches / analysisSeconds, agreement);
            this.out.println("wrote " + out.resolve("report.json") + ", " + out.resolve("heatmap.png") + ", "
                    + out.resolve("mask.png"));
        }
        return out;
    }

    /** The demo model (trained on generated slides the first time, a few minutes), shared by demo and analyze. */
    static Path ensureDemoModel(StackLayout layout, PrintStream out) {
        out.println("model: " + layout.demoModelDir() + (DemoModel.isComplete(layout.demoModelDir())
                ? "" : " (training it on generated slides: first run only, a few minutes)"));
        return DemoModel.ensure(layout.demoModelDir());
    }

    /** Writes the demo slide (fixed seed, known tumours) of {@code width} × {@code height} to {@code slide}. */
    static GroundTruth generateDemoSlide(Path slide, int width, int height, PrintStream out) throws IOException {
        long start = System.nanoTime();
        GroundTruth truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.of(DEMO_SEED, width, height), slide);
        out.printf("slide: %s (%dx%d, %d lesions) generated in %.1f s%n", slide, truth.width(),
                truth.height(), truth.lesions().size(), seconds(start));
        return truth;
    }

    /** One line per change of state or count: readable in a terminal and in a CI log alike. */
    private void progress(JsonNode status) {
        String line = status.path("patchesTotal").isNull()
                ? String.format("  %-9s (waiting for the tiler's manifest)", status.path("status").asText())
                : String.format("  %-9s %6d / %d patches", status.path("status").asText(),
                status.path("patchesScored").asInt(), status.path("patchesTotal").asInt());
        if (!line.equals(lastProgress)) {
            out.println(line);
            lastProgress = line;
        }
    }

    private static ObjectNode report(JsonNode status, double seconds, GridAgreement agreement, GroundTruth truth) {
        ObjectNode report = EventJson.mapper().createObjectNode();
        ArrayNode slides = report.putArray("slides");
        ObjectNode slide = slides.addObject();
        slide.put("id", status.path("slideId").asText());
        slide.put("status", status.path("status").asText());
        slide.put("patchesTotal", status.path("patchesTotal").asInt());
        slide.put("patchesScored", status.path("patchesScored").asInt());
        slide.put("tumourPatches", status.path("tumourPatches").asInt());
        slide.put("modelId", status.path("modelId").asText());
        slide.set("timings", status.path("timings"));
        slide.put("patchesPerSecond", round(status.path("patchesScored").asInt() / seconds));
        ObjectNode groundTruth = slide.putObject("groundTruth");
        groundTruth.put("lesions", truth.lesions().size());
        groundTruth.put("tumourAreaMm2", round(truth.tumourAreaMm2()));
        groundTruth.put("dice", round(agreement.dice()));
        groundTruth.put("kappa", round(agreement.kappa()));
        groundTruth.put("sensitivity", round(agreement.sensitivity()));
        groundTruth.put("specificity", round(agreement.specificity()));
        groundTruth.put("cells", agreement.total());
        return report;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
