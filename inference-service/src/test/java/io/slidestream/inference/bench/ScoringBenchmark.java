package io.slidestream.inference.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.pipeline.PipelineSettings;
import io.slidestream.inference.pipeline.PipelineStats;
import io.slidestream.inference.pipeline.ReadStrategy;
import io.slidestream.inference.pipeline.ScoringPipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The scoring half of {@code ./slidestream bench}, in a JVM with inference-service's own class path (DJL,
 * TensorFlow): exactly the patch batches the tiler published for a slide (JSON lines, as read back from Kafka)
 * fed to the in-process {@link ScoringPipeline}, no Kafka. Each run starts its own engine, warms it with the
 * warm-up slide's batches (not timed), then submits every batch and waits for all of them:
 * <ul>
 *   <li>{@code bare}: {@link ReadStrategy#REGION} (one tile-aligned region per batch and input), the engine's
 *   default settings;</li>
 *   <li>{@code naive}: {@link ReadStrategy#PER_PATCH}, one read per patch and per context patch, else the same.</li>
 * </ul>
 * Writes both runs' figures and the engine's statistics (differences over the timed part) to {@code --out}.
 */
public final class ScoringBenchmark {
    private static final String USAGE = "usage: ScoringBenchmark --model DIR --slide-root DIR --warmup FILE.jsonl "
            + "--batches FILE.jsonl --out FILE.json [--naive-batches N] [--readers N] [--workers N] [--batch-size N]";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path model = Path.of(require(options, "--model"));
        SlideRoots roots = new SlideRoots(List.of(Path.of(require(options, "--slide-root"))));
        List<PatchBatch> warmup = batches(Path.of(require(options, "--warmup")));
        List<PatchBatch> batches = batches(Path.of(require(options, "--batches")));
        Path out = Path.of(require(options, "--out"));
        int naiveBatches = Integer.parseInt(options.getOrDefault("--naive-batches", "0"));

        PipelineSettings defaults = PipelineSettings.defaults();
        PipelineSettings settings = new PipelineSettings(
                Integer.parseInt(options.getOrDefault("--readers", Integer.toString(defaults.readers()))),
                Integer.parseInt(options.getOrDefault("--workers", Integer.toString(defaults.workersPerDevice()))),
                Integer.parseInt(options.getOrDefault("--batch-size", Integer.toString(defaults.batchSize()))),
                defaults.batchWait(), defaults.queuedPatches(), defaults.slideCacheSize(), ReadStrategy.REGION);

        ObjectNode report = EventJson.mapper().createObjectNode();
        ObjectNode settingsNode = report.putObject("settings");
        settingsNode.put("readers", settings.readers());
        settingsNode.put("workersPerDevice", settings.workersPerDevice());
        settingsNode.put("batchSize", settings.batchSize());
        settingsNode.put("batchWaitMillis", settings.batchWait().toMillis());
        settingsNode.put("queuedPatches", settings.queuedPatches());
        settingsNode.put("slideCacheSize", settings.slideCacheSize());
        settingsNode.put("readStrategyBare", ReadStrategy.REGION.name());
        settingsNode.put("readStrategyNaive", ReadStrategy.PER_PATCH.name());
        settingsNode.put("sameAsService", "PipelineSettings.defaults(), which the inference service also uses when "
                + "slidestream.inference.readers/workers/batch-size/batch-wait/queued-patches/slide-cache-size are unset, "
                + "as in the local stack");
        settingsNode.put("cores", Runtime.getRuntime().availableProcessors());
        settingsNode.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);

        report.set("readStage", readStage(roots, warmup, batches));
        report.set("bare", run("bare", model, roots, settings.withReadStrategy(ReadStrategy.REGION), warmup, batches));
        List<PatchBatch> naive = naiveBatches > 0 && naiveBatches < batches.size()
                ? evenlySpaced(batches, naiveBatches) : batches;
        report.set("naive", run("naive", model, roots, settings.withReadStrategy(ReadStrategy.PER_PATCH), warmup, naive));

        Files.writeString(out, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("scoring benchmark: wrote " + out);
    }

    /** Timed passes of the read stage; the median one is reported. */
    private static final int READ_PASSES = 3;

    /**
     * The read stage on its own, as the decode limit is measured: one thread reading every batch with the
     * pipeline's reader (regions covering each batch, the slide handle from the cache), nothing scoring beside it.
     * Steady state, as a worker runs for hours: one untimed pass over the batches first (the warm-up slide's few
     * batches leave the reader's loops to the JIT during the first pass, about a fifth slower), then the median
     * of {@value #READ_PASSES} timed passes.
     */
    private static ObjectNode readStage(SlideRoots roots, List<PatchBatch> warmup, List<PatchBatch> batches) {
        System.out.printf("read stage alone: %d batches on one thread, 1 + %d passes ...%n", batches.size(), READ_PASSES);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        ObjectNode node = EventJson.mapper().createObjectNode();
        try (io.slidestream.core.slide.SlideCache cache = new io.slidestream.core.slide.SlideCache(4)) {
            io.slidestream.inference.service.PatchReader reader = new io.slidestream.inference.service.PatchReader(cache, roots);
            warmup.forEach(reader::read);
            batches.forEach(reader::read);
            List<ObjectNode> passes = new ArrayList<>();
            for (int pass = 0; pass < READ_PASSES; pass++) {
                io.slidestream.core.grid.ReadTally tally = new io.slidestream.core.grid.ReadTally();
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                for (PatchBatch batch : batches) {
                    reader.read(batch, false, tally);
                }
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                wall = System.nanoTime() - wall;
                ObjectNode timed = EventJson.mapper().createObjectNode();
                timed.put("regionPixels", tally.regionPixels());
                timed.put("decodedPixels", tally.tilePixels());
                timed.put("cpuSeconds", round(cpu / 1e9, 3));
                timed.put("readMpxPerCpuSecond", round(tally.regionPixels() / 1e6 / (cpu / 1e9), 3));
                timed.put("readMpxPerWallSecond", round(tally.regionPixels() / 1e6 / (wall / 1e9), 3));
                passes.add(timed);
            }
            List<ObjectNode> sorted = new ArrayList<>(passes);
            sorted.sort(java.util.Comparator.comparingDouble(p -> p.path("readMpxPerCpuSecond").asDouble()));
            node.setAll(sorted.get(READ_PASSES / 2));
            node.put("passes", "one untimed pass over the batches, then the median of " + READ_PASSES + " timed passes");
            passes.forEach(node.putArray("timedPasses")::add);
        }
        System.out.printf("read stage alone: %.1f Mpx per CPU second%n", node.path("readMpxPerCpuSecond").asDouble());
        return node;
    }

    private static ObjectNode run(String name, Path model, SlideRoots roots, PipelineSettings settings,
                                  List<PatchBatch> warmup, List<PatchBatch> batches) throws Exception {
        long patches = batches.stream().mapToLong(b -> b.patches().size()).sum();
        System.out.printf("%s (%s reads): warming up on %d batches, then %,d patches in %d batches ...%n", name,
                settings.readStrategy(), warmup.size(), patches, batches.size());
        ObjectNode node = EventJson.mapper().createObjectNode();
        try (ScoringPipeline engine = ScoringPipeline.start(model, roots, settings)) {
            score(engine, warmup);
            PipelineStats before = engine.stats();
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            List<ScoreBatch> results = score(engine, batches);
            long wall = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpuBefore;
            PipelineStats after = engine.stats();

            long scored = 0;
            long failed = 0;
            List<String> reasons = new ArrayList<>();
            for (ScoreBatch result : results) {
                scored += result.scores().size();
                failed += result.failed().size();
                result.failed().stream().limit(3 - Math.min(3, reasons.size())).forEach(f -> reasons.add(f.reason()));
            }
            if (scored + failed != patches) {
                throw new IllegalStateException(name + ": " + scored + " scored and " + failed + " failed of " + patches);
            }
            double seconds = wall / 1e9;
            long readCpu = after.readCpuNanos() - before.readCpuNanos();
            long readWall = after.readWallNanos() - before.readWallNanos();
            long regionPixels = after.regionPixels() - before.regionPixels();
            long decodedPixels = after.decodedPixels() - before.decodedPixels();
            long scoredPixels = after.scoredPixels() - before.scoredPixels();
            node.put("readStrategy", settings.readStrategy().name());
            node.put("batches", batches.size());
            node.put("patches", patches);
            node.put("patchesScored", scored);
            node.put("patchesFailed", failed);
            if (!reasons.isEmpty()) {
                node.putPOJO("failureReasons", reasons);
            }
            node.put("seconds", round(seconds, 3));
            node.put("patchesPerSecond", round(scored / seconds, 1));
            node.put("processCpuSeconds", round(cpu / 1e9, 3));
            node.put("interval", "first submit to the last batch's future complete, after a warm-up on the warm-up "
                    + "slide's batches in the same engine");
            ObjectNode stats = node.putObject("stats");
            stats.put("patchesScored", (long) after.patchesScored() - (long) before.patchesScored());
            stats.put("patchesFailed", (long) after.patchesFailed() - (long) before.patchesFailed());
            stats.put("modelBatches", (long) after.modelBatches() - (long) before.modelBatches());
            stats.put("readCpuNanos", readCpu);
            stats.put("readWallNanos", readWall);
            stats.put("regionPixels", regionPixels);
            stats.put("decodedPixels", decodedPixels);
            stats.put("scoredPixels", scoredPixels);
            stats.put("scoreWallNanos", after.scoreWallNanos() - before.scoreWallNanos());
            node.put("readMpxPerCpuSecond", round(regionPixels / 1e6 / (readCpu / 1e9), 3));
            node.put("readMpxPerWallSecond", round(regionPixels / 1e6 / (readWall / 1e9), 3));
            node.put("decodedPixelsRatio", round((double) decodedPixels / scoredPixels, 4));
            System.out.printf("%s: %,d patches scored (%d failed) in %.1f s = %.1f patches/s; reads %.1f Mpx per CPU "
                            + "second; decoded/scored pixels %.3f%n", name, scored, failed, seconds, scored / seconds,
                    regionPixels / 1e6 / (readCpu / 1e9), (double) decodedPixels / scoredPixels);
        }
        return node;
    }

    /** Submits every batch, then waits for all of them (the engine's own queue bounds what is in flight). */
    private static List<ScoreBatch> score(ScoringPipeline engine, List<PatchBatch> batches) {
        List<CompletableFuture<ScoreBatch>> futures = new ArrayList<>(batches.size());
        for (PatchBatch batch : batches) {
            futures.add(engine.submit(batch));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static List<PatchBatch> batches(Path jsonl) throws IOException {
        List<PatchBatch> batches = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                batches.add(EventJson.read(line, PatchBatch.class));
            }
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no patch batches in " + jsonl);
        }
        return batches;
    }

    private static List<PatchBatch> evenlySpaced(List<PatchBatch> batches, int count) {
        List<PatchBatch> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(batches.get((int) ((long) i * batches.size() / count)));
        }
        return chosen;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<String, String> options(String[] args) {
        Set<String> known = Set.of("--model", "--slide-root", "--warmup", "--batches", "--out", "--naive-batches",
                "--readers", "--workers", "--batch-size");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException(USAGE + "; got " + args[i]);
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(USAGE + "; " + name + " is missing");
        }
        return value;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
