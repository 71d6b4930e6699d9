package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.launcher.AnalyzeCommand.AnalyzeOptions;
import io.slidestream.synth.GroundTruth;
import io.slidestream.trainer.eval.TruthCategory;
import io.slidestream.trainer.truth.SlideFiles;
import io.slidestream.trainer.truth.TumourMask;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./slidestream analyze}: the batch job. Starts a local stack whose slide roots are the slides' folders,
 * submits every slide to the tiler, follows each on the aggregator until COMPLETE or FAILED, downloads the
 * outputs of each completed slide into its own folder, and writes report.json. A slide the tiler refuses is
 * FAILED with the tiler's reason; the others go on. A slide with a generated ground truth beside it
 * ({@code <base>.truth.json}, as slide-synth writes it; the demo slide has one) also gets the agreement of its
 * mask with that truth in report.json ({@code groundTruth}: Dice, kappa, sensitivity, specificity).
 */
public final class AnalyzeRun {
    /** The six outputs of a completed slide, as the aggregator serves them. */
    static final List<String> OUTPUTS = List.of("heatmap.png", "mask.png", "mask.tiff", "regions.geojson",
            "scores.csv", "run.json");
    static final String VERDICT_FILE = "verdict.json";
    /** Under --out: the stack's logs and broker data. */
    static final String WORK_DIR = "stack";
    /** Under --out: the generated demo slide, when no slide is given. */
    static final String DEMO_SLIDES_DIR = "slides";
    private static final Duration RUN_TIMEOUT = Duration.ofHours(6);
    private static final Duration UNREACHABLE_TIMEOUT = Duration.ofMinutes(2);

    private final StackLayout layout;
    private final PrintStream out;
    private final SlideProgressView view;

    public AnalyzeRun(StackLayout layout, PrintStream out) {
        this(layout, out, SlideProgressView.forConsole(out));
    }

    AnalyzeRun(StackLayout layout, PrintStream out, SlideProgressView view) {
        this.layout = layout;
        this.out = out;
        this.view = view;
    }

    /** Runs the slides of {@code options}; returns the exit code ({@link AnalysisReport#exitCode}). */
    public int run(AnalyzeOptions options) throws IOException {
        return run(options, DemoSlide.WIDTH, DemoSlide.HEIGHT);
    }

    /**
     * {@code ./slidestream demo}: the demo slide generated at {@code width} × {@code height}, analysed into
     * {@code out} with the demo model.
     */
    public int runDemo(Path out, int width, int height) throws IOException {
        return run(new AnalyzeOptions(out, null, null, List.of()), width, height);
    }

    /** As {@link #run(AnalyzeOptions)}; a demo slide, when there are no inputs, of {@code demoWidth} × {@code demoHeight}. */
    private int run(AnalyzeOptions options, int demoWidth, int demoHeight) throws IOException {
        long start = System.nanoTime();
        Map<String, Double> timings = new LinkedHashMap<>();
        Path outDir = Files.createDirectories(options.out().toAbsolutePath().normalize());
        List<Path> slides = options.inputs().isEmpty() ? List.of() : SlideFiles.discover(options.inputs());
        Path model = options.model() == null ? null : options.model().toAbsolutePath().normalize();
        if (model != null && !Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model " + options.model() + " is not a folder");
        }

        long step = System.nanoTime();
        if (model == null) {
            model = DemoSlide.ensureModel(layout, out);
        }
        timings.put("modelReady", seconds(step));
        if (slides.isEmpty()) {
            step = System.nanoTime();
            Path slide = Files.createDirectories(outDir.resolve(DEMO_SLIDES_DIR)).resolve(DemoSlide.FILE_NAME);
            DemoSlide.generate(slide, demoWidth, demoHeight, out);
            slides = List.of(slide);
            timings.put("slideGenerated", seconds(step));
        }
        Map<Path, String> folders = OutputFolders.names(slides);
        List<Path> roots = slides.stream().map(Path::getParent).distinct().toList();
        out.printf("analysing %d slide(s) into %s%n", slides.size(), outDir);

        List<SlideResult> results;
        step = System.nanoTime();
        // A fresh broker and aggregator state per run: the run follows only the slides it submits.
        try (LocalStack stack = LocalStack.start(layout, StackPorts.free(), outDir.resolve(WORK_DIR), roots, model,
                LocalStack.Start.FRESH)) {
            timings.put("stackStarted", seconds(step));
            out.printf("stack up in %.1f s (logs in %s)%n", seconds(step), outDir.resolve(WORK_DIR).resolve("logs"));
            step = System.nanoTime();
            results = analyse(new SlideStreamClient(stack.ports()), slides, folders, outDir, options.mpp());
            timings.put("analysis", seconds(step));
        }
        timings.put("total", seconds(start));

        Path report = AnalysisReport.write(outDir, AnalysisReport.compose(outDir, model, results, timings));
        long complete = results.stream().filter(SlideResult::complete).count();
        out.printf("%d of %d slide(s) COMPLETE; wrote %s%n", complete, results.size(), report);
        for (SlideResult result : results) {
            if (result.complete()) {
                out.printf("  %s: %s -> %s%n", result.file().getFileName(), result.verdictCategory(),
                        result.outputFolder());
                if (result.groundTruth() != null) {
                    out.println("    against the ground truth: " + describe(result.groundTruth()));
                }
            }
        }
        AnalysisReport.failures(results).forEach(line -> out.println("  " + line));
        return AnalysisReport.exitCode(results);
    }

    private List<SlideResult> analyse(SlideStreamClient client, List<Path> slides, Map<Path, String> folders,
                                      Path outDir, Double mpp) {
        Map<Path, SlideResult> results = new LinkedHashMap<>();
        slides.forEach(slide -> results.put(slide, null));
        Map<Path, Submitted> running = new LinkedHashMap<>();
        try (view) {
            for (Path slide : slides) {
                String name = folders.get(slide);
                try {
                    running.put(slide, new Submitted(client.submit(slide.toString(), mpp), System.nanoTime()));
                } catch (SlideStreamClient.SubmissionRefused e) {
                    results.put(slide, SlideResult.refused(slide, e.getMessage(), null));
                    view.finish(name, SlideResult.FAILED, e.getMessage());
                }
            }
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            long reachable = System.nanoTime();
            String unreachable = null;
            while (!running.isEmpty()) {
                for (Iterator<Map.Entry<Path, Submitted>> it = running.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<Path, Submitted> entry = it.next();
                    Path slide = entry.getKey();
                    Submitted submitted = entry.getValue();
                    JsonNode summary;
                    try {
                        summary = client.status(submitted.slideId());
                        reachable = System.nanoTime();
                    } catch (IllegalStateException e) {
                        unreachable = e.getMessage();
                        continue;
                    }
                    if (summary == null) {
                        continue; // the aggregator has not heard of it yet
                    }
                    String name = folders.get(slide);
                    view.update(name, summary);
                    String state = SlideResult.stateOf(summary);
                    SlideResult result = switch (String.valueOf(state)) {
                        case SlideResult.COMPLETE -> collect(client, slide, submitted, summary,
                                outDir.resolve(name));
                        case SlideResult.FAILED -> new SlideResult(slide, submitted.slideId(), SlideResult.FAILED,
                                summary.path("reason").asText("the aggregator gave no reason"), null, summary,
                                seconds(submitted.at()), null);
                        default -> null;
                    };
                    if (result != null) {
                        results.put(slide, result);
                        view.finish(name, result.state(), result.reason());
                        it.remove();
                    }
                }
                String giveUp = System.nanoTime() > deadline ? "not finished within " + RUN_TIMEOUT
                        : System.nanoTime() - reachable > UNREACHABLE_TIMEOUT.toNanos()
                        ? "the aggregator did not answer for " + UNREACHABLE_TIMEOUT + ": " + unreachable : null;
                if (giveUp != null) {
                    for (Map.Entry<Path, Submitted> entry : running.entrySet()) {
                        results.put(entry.getKey(), new SlideResult(entry.getKey(), entry.getValue().slideId(),
                                SlideResult.FAILED, giveUp, null, null, seconds(entry.getValue().at()), null));
                        view.finish(folders.get(entry.getKey()), SlideResult.FAILED, giveUp);
                    }
                    running.clear();
                }
                if (!running.isEmpty()) {
                    ServiceProcess.sleep(500);
                }
            }
        }
        return new ArrayList<>(results.values());
    }

    /** Downloads a completed slide's outputs and verdict into {@code folder}. */
    private SlideResult collect(SlideStreamClient client, Path slide, Submitted submitted, JsonNode summary,
                                Path folder) {
        String slideId = submitted.slideId();
        double seconds = seconds(submitted.at());
        JsonNode verdict = summary.get("verdict");
        try {
            Files.createDirectories(folder);
            for (String output : OUTPUTS) {
                Files.write(folder.resolve(output), client.output(slideId, output));
            }
            JsonNode served = client.verdict(slideId);
            verdict = served != null ? served : verdict;
            if (verdict == null || verdict.isNull()) {
                throw new IllegalStateException("the aggregator has no verdict for it");
            }
            Files.writeString(folder.resolve(VERDICT_FILE),
                    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(verdict));
            return new SlideResult(slide, slideId, SlideResult.COMPLETE, null, verdict.path("category").asText(null),
                    summary, seconds, folder, groundTruth(slide, folder, summary, verdict.path("category").asText(null)));
        } catch (IOException | IllegalStateException e) {
            return new SlideResult(slide, slideId, SlideResult.FAILED,
                    "the aggregator completed it but its outputs could not be saved: " + e.getMessage(),
                    verdict == null || verdict.isNull() ? null : verdict.path("category").asText(null), summary,
                    seconds, folder);
        }
    }

    /**
     * The agreement of the downloaded mask.png and scores.csv in {@code folder} with the ground truth beside
     * {@code slide}, and the size class the truth calls for against the verdict's; null when it has none. A
     * truth that cannot be read or compared gives {@code {"error"}} (the slide stays COMPLETE: its outputs are
     * fine).
     */
    static ObjectNode groundTruth(Path slide, Path folder, JsonNode summary, String verdictCategory) {
        if (!Files.isRegularFile(GroundTruth.truthPath(slide))) {
            return null;
        }
        try {
            GroundTruth truth = GroundTruth.load(slide);
            JsonNode grid = summary.path("grid");
            GridAgreement agreement = GridAgreement.ofOutputs(truth, Files.readAllBytes(folder.resolve("mask.png")),
                    Files.readAllBytes(folder.resolve("scores.csv")), grid.path("cellSize").asDouble(),
                    grid.path("subCellEdge").asInt(1));
            ObjectNode json = agreement.toJson();
            json.put("lesions", truth.lesions().size());
            json.put("tumourAreaMm2", Math.round(truth.tumourAreaMm2() * 1000) / 1000.0);
            String truthCategory = TruthCategory.of(TumourMask.of(truth), truth.mpp());
            json.put("truthCategory", truthCategory);
            json.put("verdictCategory", verdictCategory);
            json.put("verdictMatchesTruth", truthCategory.equals(verdictCategory));
            return json;
        } catch (IOException | RuntimeException e) {
            ObjectNode json = EventJson.mapper().createObjectNode();
            json.put("error", "cannot compare with " + GroundTruth.truthPath(slide).getFileName() + ": " + e.getMessage());
            return json;
        }
    }

    private static String describe(ObjectNode groundTruth) {
        if (groundTruth.has("error")) {
            return groundTruth.path("error").asText();
        }
        return String.format("Dice %.3f, kappa %.3f, sensitivity %.3f, specificity %.3f over %d cells; "
                        + "verdict %s, truth %s",
                groundTruth.path("dice").asDouble(), groundTruth.path("kappa").asDouble(),
                groundTruth.path("sensitivity").asDouble(), groundTruth.path("specificity").asDouble(),
                groundTruth.path("cells").asInt(), groundTruth.path("verdictCategory").asText(),
                groundTruth.path("truthCategory").asText());
    }

    private record Submitted(String slideId, long at) {
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
