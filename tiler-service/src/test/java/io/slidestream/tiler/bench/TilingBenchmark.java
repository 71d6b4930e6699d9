package io.slidestream.tiler.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.Priority;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.model.InputRole;
import io.slidestream.core.model.ModelInput;
import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.SlideInspection;
import io.slidestream.synth.Artefacts;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.tiler.service.SlidePlanner;
import io.slidestream.tiler.service.SlideTiler;
import io.slidestream.tiler.service.TilingPlan;
import io.slidestream.tiler.tissue.TissueDetector;
import io.slidestream.tiler.tissue.TissueDetectors;
import io.slidestream.tiler.tissue.TissueIoU;
import io.slidestream.tiler.tissue.TissueMask;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code ./slidestream bench-tiler}: prints and writes (bench-tiler.json) the tiler's figures.
 * <ol>
 *   <li>Tiling a CAMELYON16-size generated slide (98,304 × 196,608 px at 0.25 µm/px, 2× pyramid):
 *   opening and thumbnailing it in the reader process, then tissue, grid and batches in this JVM,
 *   with this JVM's heap limit and peak heap stated.</li>
 *   <li>Tissue detection against the generator's tissue truth (IoU) on generated slides, clean and with
 *   a grey background, black borders, pen marks and bubbles, for the default detector and the seeds'
 *   grey rule.</li>
 * </ol>
 * Exactly the tiler's code: the reader process and {@link SlidePlanner}, with the default settings.
 */
public final class TilingBenchmark {
    private static final int THUMBNAIL = 2048;
    private static final int RUNS = 5;
    private static final AnalysisProfile DEMO = new AnalysisProfile("slidestream-demo", List.of(
            new ModelInput("patch", InputRole.PATCH, 64, 1.0), new ModelInput("context", InputRole.CONTEXT, 64, 4.0)));

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path out = Files.createDirectories(Path.of(options.getOrDefault("--out", "bench-out")));
        Path cache = Files.createDirectories(Path.of(options.getOrDefault("--cache", ".build/cache/bench")));
        ObjectNode report = EventJson.mapper().createObjectNode();
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        try (IsolatedSlideReader reader = new IsolatedSlideReader()) {
            if (!options.containsKey("--skip-camelyon")) {
                camelyon(reader, cache, report.putObject("camelyon16"));
            }
            tissue(reader, cache, report.putObject("tissueIoU"));
        }
        Path json = out.resolve("bench-tiler.json");
        Files.writeString(json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("wrote " + json.toAbsolutePath());
    }

    private static void camelyon(IsolatedSlideReader reader, Path cache, ObjectNode report) throws IOException {
        SyntheticSlideSpec spec = SyntheticSlideSpec.camelyon16(16);
        Path slide = cache.resolve("camelyon16-16.tiff");
        if (!Files.exists(slide)) {
            System.out.printf("generating %dx%d px at %.2f µm/px (a few minutes, once)...%n", spec.width(),
                    spec.height(), spec.mpp());
            long start = System.nanoTime();
            SyntheticSlideGenerator.generate(spec, slide);
            System.out.printf("generated in %.0f s%n", seconds(start));
        }
        SlidePlanner planner = new SlidePlanner(TissueDetectors.defaultDetector(), OptionalInt.empty(), 0.3, 0.25);
        SlideTiler.Request request = new SlideTiler.Request("bench", slide.getFileName().toString(), slide, DEMO,
                Priority.ROUTINE, null);
        double[] inspect = new double[RUNS];
        double[] plan = new double[RUNS];
        TilingPlan last = null;
        resetPeakHeap();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            SlideInspection inspection = reader.inspect(slide, THUMBNAIL, Duration.ofMinutes(10));
            inspect[i] = seconds(start);
            long planned = System.nanoTime();
            last = planner.plan(inspection, request);
            plan[i] = seconds(planned);
        }
        double[] total = new double[RUNS];
        Arrays.setAll(total, i -> inspect[i] + plan[i]);
        long peakHeap = peakHeap();
        // What planning keeps alive: the plan (every batch of the slide) and nothing else, after a full GC.
        System.gc();
        long liveHeap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("CAMELYON16-size slide %dx%d: open + thumbnail (reader process) %.3f s, tissue + grid + "
                        + "batches %.3f s, tiling after open %.3f s (median of %d; first run %.3f s); %d patches in %d "
                        + "batches on a %dx%d grid; heap: %d MiB live with the plan held, pools' peaks %d MiB, max %d MiB%n",
                spec.width(), spec.height(), median(inspect), median(plan), median(total), RUNS, total[0],
                last.manifest().patchCount(), last.batches().size(), last.manifest().grid().cols(),
                last.manifest().grid().rows(), liveHeap >> 20, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
        report.put("width", spec.width()).put("height", spec.height()).put("mpp", spec.mpp())
                .put("openAndThumbnailSeconds", round(median(inspect))).put("planSeconds", round(median(plan)))
                .put("tilingAfterOpenSeconds", round(median(total))).put("firstRunSeconds", round(total[0]))
                .put("patches", last.manifest().patchCount()).put("batches", last.batches().size())
                .put("tissueAreaMm2", round(last.manifest().tissue().areaMm2()))
                .put("heapLiveWithPlanMiB", liveHeap >> 20).put("heapPoolPeaksMiB", peakHeap >> 20)
                .put("heapMaxMiB", Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void tissue(IsolatedSlideReader reader, Path cache, ObjectNode report) throws IOException {
        Map<String, Artefacts> scenes = new LinkedHashMap<>();
        scenes.put("clean", Artefacts.NONE);
        scenes.put("grey background", Artefacts.NONE.withGreyBackground(true));
        scenes.put("black borders", Artefacts.NONE.withBlackBorders(true));
        scenes.put("pen marks", Artefacts.NONE.withPenMarks(4));
        scenes.put("bubbles", Artefacts.NONE.withBubbles(4));
        scenes.put("all of them", new Artefacts(true, true, 4, 4));
        Map<String, TissueDetector> detectors = Map.of("otsu", TissueDetectors.create(TissueDetectors.OTSU),
                "grey", TissueDetectors.create(TissueDetectors.GREY));
        ArrayNode rows = report.putArray("slides");
        Map<String, Double> worst = new LinkedHashMap<>();
        for (long seed : new long[] {1, 2, 3}) {
            for (Map.Entry<String, Artefacts> scene : scenes.entrySet()) {
                SyntheticSlideSpec spec = SyntheticSlideSpec.forTests(seed).withArtefacts(scene.getValue());
                Path slide = cache.resolve("tissue-" + seed + "-" + scene.getKey().replace(' ', '-') + ".tiff");
                GroundTruth truth = Files.exists(GroundTruth.truthPath(slide)) && Files.exists(slide)
                        ? GroundTruth.load(slide) : SyntheticSlideGenerator.generate(spec, slide);
                SlideInspection inspection = reader.inspect(slide, THUMBNAIL, Duration.ofMinutes(2));
                ObjectNode row = rows.addObject().put("seed", seed).put("scene", scene.getKey());
                StringBuilder line = new StringBuilder(String.format("  seed %d, %-15s", seed, scene.getKey()));
                for (Map.Entry<String, TissueDetector> detector : detectors.entrySet()) {
                    SlideInspection.Thumbnail thumbnail = inspection.thumbnail();
                    TissueMask mask = detector.getValue().detect(thumbnail.image(),
                            (thumbnail.downsampleX() + thumbnail.downsampleY()) / 2, spec.mpp());
                    double iou = TissueIoU.of(mask, truth::tissueFraction).iou();
                    row.put(detector.getKey(), round(iou));
                    worst.merge(detector.getKey(), iou, Math::min);
                    line.append(String.format("  %s IoU %.3f", detector.getKey(), iou));
                }
                System.out.println(line);
            }
        }
        worst.forEach((detector, iou) -> report.put(detector + "MinIoU", round(iou)));
        System.out.printf("tissue detection vs the generator's truth over %d slides: minimum IoU %s%n", rows.size(),
                worst.entrySet().stream().map(e -> String.format("%s %.3f", e.getKey(), e.getValue())).toList());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--skip-camelyon")) {
                options.put(args[i], "true");
            } else if (i + 1 < args.length && (args[i].equals("--out") || args[i].equals("--cache"))) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("usage: bench-tiler [--out DIR] [--cache DIR] [--skip-camelyon]");
            }
        }
        return options;
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks: an upper bound (the pools peak at different times). */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
