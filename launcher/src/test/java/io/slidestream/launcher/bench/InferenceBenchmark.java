package io.slidestream.launcher.bench;

import io.slidestream.core.slide.jpeg.TiffTiles;
import io.slidestream.core.slide.jpeg.TurboJpeg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.Slide;
import io.slidestream.launcher.LocalStack;
import io.slidestream.launcher.SlideStreamClient;
import io.slidestream.launcher.StackLayout;
import io.slidestream.launcher.StackPorts;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./slidestream bench}: inference throughput figures, printed and written to {@code DIR/bench-results.json}.
 * All on one run, one generated slide (the benchmark preset's generator: 2× pyramid of JPEG tiles), the demo
 * model:
 * <ol>
 *   <li><b>Pipeline.</b> A local stack as {@code analyze} starts it (embedded KRaft broker, tiler, inference,
 *   aggregator, each in its own JVM), warmed with a small slide first; then the benchmark slide is submitted
 *   and followed to COMPLETE. Patches ÷ (broker timestamp of the slide's last score batch − that of its
 *   manifest).</li>
 *   <li><b>Read back.</b> The slide's patch batches as the tiler published them ({@code patch-batches} and
 *   {@code patch-batches-urgent}), and the warm-up slide's, are written to JSON lines.</li>
 *   <li><b>Bare and naive.</b> With the stack stopped, a child JVM on inference-service's own class path
 *   ({@code io.slidestream.inference.bench.ScoringBenchmark}) feeds exactly those batches to the in-process
 *   scoring engine: region reads (bare), then one read per patch and per context patch (naive).</li>
 *   <li><b>Decode limit.</b> libjpeg-turbo (TurboJPEG) decodes, single thread, the JPEG tiles of the slide's
 *   TIFF that the batches' reads touch (every input's level), straight from the file's bytes.</li>
 * </ol>
 */
public final class InferenceBenchmark {
    static final String RESULTS_FILE = "bench-results.json";
    static final String CHILD_MAIN = "io.slidestream.inference.bench.ScoringBenchmark";
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration SLIDE_TIMEOUT = Duration.ofMinutes(90);
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(120);
    private static final double P1_GOAL = 0.9;
    private static final double READ_TO_DECODE_GOAL = 0.5;
    private static final double DECODED_PIXELS_GOAL = 1.3;
    private static final int MIN_WIDTH = 40_000;
    private static final int MIN_HEIGHT = 30_000;
    /** Tiles decoded per level at most (evenly spaced over the touched tiles when there are more). */
    private static final int DEFAULT_DECODE_TILES = 40_000;
    /** Bytes of tiles loaded into memory before a timed decode pass. */
    private static final int DECODE_CHUNK_BYTES = 64 << 20;

    record Options(Path out, int width, int height, long seed, int warmupWidth, int warmupHeight, Path cache,
                   int naiveBatches, int decodeTiles, String childHeap, boolean skipScoring) {
        static final String USAGE = "usage: ./slidestream bench [--out DIR] [--width W --height H] [--seed N]"
                + " [--warmup-width W --warmup-height H] [--cache DIR] [--naive-batches N] [--decode-tiles N]"
                + " [--child-heap SIZE] [--skip-scoring]";

        static Options parse(String[] args) {
            Map<String, String> options = new LinkedHashMap<>();
            Set<String> known = Set.of("--out", "--width", "--height", "--seed", "--warmup-width", "--warmup-height",
                    "--cache", "--naive-batches", "--decode-tiles", "--child-heap");
            boolean skipScoring = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--skip-scoring")) {
                    skipScoring = true;
                    continue;
                }
                if (!known.contains(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException(USAGE + "; got " + args[i]);
                }
                options.put(args[i], args[++i]);
            }
            try {
                return new Options(Path.of(options.getOrDefault("--out", "bench-out")),
                        positive(options.getOrDefault("--width", "61440")),
                        positive(options.getOrDefault("--height", "40960")),
                        Long.parseLong(options.getOrDefault("--seed", "9001")),
                        positive(options.getOrDefault("--warmup-width", "8192")),
                        positive(options.getOrDefault("--warmup-height", "6144")),
                        Path.of(options.getOrDefault("--cache", ".build/cache/bench-inference")),
                        Integer.parseInt(options.getOrDefault("--naive-batches", "0")),
                        positive(options.getOrDefault("--decode-tiles", Integer.toString(DEFAULT_DECODE_TILES))),
                        options.getOrDefault("--child-heap", "1g"), skipScoring);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(USAGE + "; " + e.getMessage(), e);
            }
        }

        private static int positive(String value) {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new NumberFormatException("expected a positive number, got " + value);
            }
            return n;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new InferenceBenchmark().run(options);
    }

    private void run(Options options) throws Exception {
        long benchStart = System.nanoTime();
        StackLayout layout = StackLayout.fromSystemProperty();
        Path out = Files.createDirectories(options.out());
        Path work = layout.runDir().resolve("bench-inference");
        LocalStack.deleteRecursively(work);
        Files.createDirectories(work);

        ObjectNode report = EventJson.mapper().createObjectNode();
        report.put("startedAt", Instant.now().toString());
        ObjectNode machine = machine();

        System.out.println("model: " + layout.demoModelDir());
        Path model = DemoModel.ensure(layout.demoModelDir()).toAbsolutePath();

        Path slides = Files.createDirectories(layout.home().resolve(options.cache()).resolve("slides"));
        SyntheticSlideSpec warmSpec = SyntheticSlideSpec.forBenchmark(options.seed() + 1)
                .withSize(options.warmupWidth(), options.warmupHeight()).withLesionCount(2);
        SyntheticSlideSpec spec = SyntheticSlideSpec.forBenchmark(options.seed()).withSize(options.width(), options.height());
        Path warmSlide = generated(slides, "warmup", warmSpec);
        Path slide = generated(slides, "bench", spec);

        // ------------------------------------------------------------------ 1. the pipeline
        StackPorts ports = StackPorts.free();
        System.out.println("starting the local stack (broker, aggregator, tiler, inference) in " + work + " ...");
        long stackStart = System.nanoTime();
        Run warm;
        Run main;
        JsonNode mainStatus;
        ObjectNode pipeline = EventJson.mapper().createObjectNode();
        try (LocalStack stack = LocalStack.start(layout, ports, work, List.of(slides), model)) {
            Thread cleanup = new Thread(stack::close, "bench-stack-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            pipeline.put("stackStartSeconds", round(seconds(stackStart), 1));
            pipeline.put("loadAverageBefore", loadAverage());
            SlideStreamClient client = new SlideStreamClient(stack.ports());

            System.out.printf("warm-up: %s (%dx%d) through the pipeline ...%n", warmSlide.getFileName(),
                    warmSpec.width(), warmSpec.height());
            long warmStart = System.nanoTime();
            String warmId = client.submit(warmSlide.toString());
            JsonNode warmStatus = client.awaitFinal(warmId, WARMUP_TIMEOUT, s -> { });
            requireComplete(warmStatus, warmId);
            pipeline.put("warmupSeconds", round(seconds(warmStart), 1));
            pipeline.put("warmupPatches", warmStatus.path("patchesTotal").asLong());

            System.out.printf("benchmark slide: %s (%dx%d) through the pipeline ...%n", slide.getFileName(),
                    spec.width(), spec.height());
            long[] lastPrint = {System.nanoTime()};
            Map<String, Double> cpuBefore = cpuSeconds(stack);
            long mainStart = System.nanoTime();
            String slideId = client.submit(slide.toString());
            mainStatus = client.awaitFinal(slideId, SLIDE_TIMEOUT, s -> {
                if (System.nanoTime() - lastPrint[0] > 15_000_000_000L) {
                    lastPrint[0] = System.nanoTime();
                    System.out.printf("  %s: %d of %d patches scored%n", s.path("state").asText(),
                            s.path("patchesScored").asLong(), s.path("patchesTotal").asLong());
                }
            });
            requireComplete(mainStatus, slideId);
            pipeline.put("loadAverageAfter", loadAverage());
            // Where the cores went while the slide went through: on one machine every service shares them.
            double mainSeconds = seconds(mainStart);
            ObjectNode cores = pipeline.putObject("coresUsedBySlideSubmitToComplete");
            Map<String, Double> cpuAfter = cpuSeconds(stack);
            cpuAfter.forEach((name, after) -> cores.put(name,
                    round((after - cpuBefore.getOrDefault(name, 0.0)) / mainSeconds, 3)));
            pipeline.put("workerCpuSeconds", round(cpuAfter.getOrDefault("inference-service", Double.NaN)
                    - cpuBefore.getOrDefault("inference-service", Double.NaN), 2));

            System.out.println("reading the slides' records back from Kafka ...");
            Map<String, List<ConsumerRecord<String, String>>> records = new LinkedHashMap<>();
            for (String topic : List.of(Topics.SLIDE_MANIFESTS, Topics.PATCH_BATCHES, Topics.PATCH_BATCHES_URGENT,
                    Topics.SCORE_BATCHES)) {
                records.put(topic, readAll(ports.bootstrapServers(), topic));
            }
            warm = Run.of(warmId, records);
            main = Run.of(slideId, records);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        pipeline.setAll(main.pipelineReport(mainStatus));
        double pipelineRate = main.patchesScored() / main.manifestToLastScoreSeconds();
        System.out.printf("pipeline: %,d patches in %.1f s (manifest to last score) = %.1f patches/s%n",
                main.patchesScored(), main.manifestToLastScoreSeconds(), pipelineRate);
        System.out.println("cores each process used from submit to COMPLETE: "
                + pipeline.path("coresUsedBySlideSubmitToComplete"));

        Path warmBatches = work.resolve("warmup-batches.jsonl");
        Path mainBatches = work.resolve("bench-batches.jsonl");
        Files.write(warmBatches, warm.batchJson(), StandardCharsets.UTF_8);
        Files.write(mainBatches, main.batchJson(), StandardCharsets.UTF_8);

        // ------------------------------------------------------------------ 2. bare and naive, no Kafka
        Path childJson = work.resolve("scoring.json");
        JsonNode scoring;
        if (options.skipScoring()) {
            System.out.println("--skip-scoring: no bare or naive run");
            scoring = EventJson.mapper().createObjectNode();
        } else {
            String loadBefore = loadAverage();
            runChild(layout, options, model, slides, warmBatches, mainBatches, childJson, work.resolve("scoring.log"));
            ObjectNode read = (ObjectNode) EventJson.mapper().readTree(childJson.toFile());
            read.put("loadAverageBefore", loadBefore);
            read.put("loadAverageAfter", loadAverage());
            scoring = read;
        }

        // ------------------------------------------------------------------ 3. the decode limit
        System.out.println("decode limit: libjpeg-turbo on the slide's tiles the reads touch, one thread ...");
        ObjectNode decode = decodeLimit(slide, main.manifest(), main.batches(), options.decodeTiles());

        // ------------------------------------------------------------------ figures
        JsonNode bare = scoring.path("bare");
        JsonNode naive = scoring.path("naive");
        double bareRate = bare.path("patchesPerSecond").asDouble(Double.NaN);
        double naiveRate = naive.path("patchesPerSecond").asDouble(Double.NaN);
        double readRate = scoring.path("readStage").path("readMpxPerCpuSecond").asDouble(Double.NaN);
        double readBesideScoring = bare.path("readMpxPerCpuSecond").asDouble(Double.NaN);
        double decodeRate = decode.path("mpxPerCpuSecond").asDouble(Double.NaN);
        double decodedRatio = bare.path("decodedPixelsRatio").asDouble(Double.NaN);

        figure(report, "pipeline_patches_per_s", pipelineRate, 1);
        figure(report, "bare_patches_per_s", bareRate, 1);
        figure(report, "naive_patches_per_s", naiveRate, 1);
        figure(report, "p1_ratio", pipelineRate / bareRate, 3);
        // CPU per patch of the worker in the pipeline and of the bare loop's whole JVM: where p1 is lost.
        double pipelineCpuPerPatch = pipeline.path("workerCpuSeconds").asDouble(Double.NaN) * 1000 / main.patchesScored();
        double bareCpuPerPatch = bare.path("processCpuSeconds").asDouble(Double.NaN) * 1000
                / bare.path("patchesScored").asDouble(Double.NaN);
        figure(report, "worker_cpu_ms_per_patch_pipeline", pipelineCpuPerPatch, 3);
        figure(report, "bare_cpu_ms_per_patch", bareCpuPerPatch, 3);
        figure(report, "read_mpx_per_s_per_core", readRate, 2);
        figure(report, "read_mpx_per_s_per_core_beside_scoring", readBesideScoring, 2);
        figure(report, "decode_limit_mpx_per_s_per_core", decodeRate, 2);
        figure(report, "read_to_decode_ratio", readRate / decodeRate, 3);
        figure(report, "decoded_pixels_ratio", decodedRatio, 3);

        ObjectNode goals = report.putObject("goals");
        goal(goals, "pipeline_patches_per_s", null, null, pipelineRate, "patches / (broker timestamp of the slide's "
                + "last score-batches record - that of its slide-manifests record), after a warm-up slide");
        goal(goals, "bare_patches_per_s", null, null, bareRate, "the same patch batches (read back from "
                + "patch-batches and patch-batches-urgent) fed to the in-process ScoringPipeline (REGION reads), no "
                + "Kafka, in one JVM: patches / (first submit to last batch scored), after warming it with the "
                + "warm-up slide's batches");
        goal(goals, "naive_patches_per_s", null, null, naiveRate, "as bare, with ReadStrategy.PER_PATCH (one read "
                + "per patch and per context patch)");
        goal(goals, "p1_ratio", ">=", P1_GOAL, pipelineRate / bareRate, "pipeline / bare");
        goal(goals, "worker_cpu_ms_per_patch_pipeline", null, null, pipelineCpuPerPatch, "CPU milliseconds the "
                + "inference service used per patch while the slide went through (from /proc, submit to COMPLETE): "
                + "against bare_cpu_ms_per_patch it says what Kafka costs the worker itself; the rest of the gap in "
                + "p1_ratio is the cores the broker, tiler and aggregator take on this machine "
                + "(pipeline.coresUsedBySlideSubmitToComplete)");
        goal(goals, "bare_cpu_ms_per_patch", null, null, bareCpuPerPatch, "CPU milliseconds per patch of the bare "
                + "run's JVM");
        goal(goals, "read_mpx_per_s_per_core", null, null, readRate, "the read stage alone, measured as the decode "
                + "limit is (one thread, nothing else running): the pipeline's PatchReader on every batch, megapixels "
                + "delivered by the reads (regionPixels) / that thread's CPU seconds");
        goal(goals, "read_mpx_per_s_per_core_beside_scoring", null, null, readBesideScoring, "bare run: the same, "
                + "/ CPU seconds of the reader threads while the model scores beside them on the same cores");
        goal(goals, "decode_limit_mpx_per_s_per_core", null, null, decodeRate, "libjpeg-turbo (TurboJPEG, "
                + "TJPF_RGB, flags 0) decoding the slide's JPEG tiles touched by the batches, straight from the "
                + "TIFF, one thread: megapixels / thread CPU seconds");
        goal(goals, "read_to_decode_ratio", ">=", READ_TO_DECODE_GOAL, readRate / decodeRate,
                "read_mpx_per_s_per_core / decode_limit_mpx_per_s_per_core");
        goal(goals, "decoded_pixels_ratio", "<=", DECODED_PIXELS_GOAL, decodedRatio, "bare run: pixels of the "
                + "JPEG tiles the reads decoded (decodedPixels) / pixels fed to the model, all inputs (scoredPixels)");

        report.set("machine", machine);
        ObjectNode slideNode = report.putObject("slide");
        slideNode.put("file", slide.toString());
        slideNode.put("width", spec.width());
        slideNode.put("height", spec.height());
        slideNode.put("mpp", spec.mpp());
        slideNode.put("tileSize", spec.tileSize());
        slideNode.put("jpegQuality", spec.jpegQuality());
        slideNode.put("levels", spec.levels().name());
        slideNode.put("generator", "slide-synth SyntheticSlideSpec.forBenchmark(" + options.seed() + ").withSize("
                + spec.width() + ", " + spec.height() + ")");
        slideNode.put("fileBytes", Files.size(slide));
        slideNode.put("meetsMinimumSize", spec.width() >= MIN_WIDTH && spec.height() >= MIN_HEIGHT);
        SlideDescription description = main.manifest().slide();
        slideNode.put("levelCount", description.levelCount());
        slideNode.put("patches", main.manifest().patchCount());
        slideNode.put("patchBatches", main.batches().size());
        slideNode.put("maxPatchesPerBatch", main.batches().stream().mapToInt(b -> b.patches().size()).max().orElse(0));
        ObjectNode inputs = slideNode.putObject("inputs");
        for (InputGeometry input : main.manifest().grid().inputs()) {
            inputs.putObject(input.name()).put("role", input.role().name()).put("size", input.size())
                    .put("mpp", input.mpp()).put("level", input.level()).put("levelDownsample", input.levelDownsample())
                    .put("readSize", input.readSize());
        }
        ObjectNode warmNode = report.putObject("warmupSlide");
        warmNode.put("file", warmSlide.toString()).put("width", warmSpec.width()).put("height", warmSpec.height())
                .put("patches", warm.manifest().patchCount()).put("patchBatches", warm.batches().size());

        report.set("pipeline", pipeline);
        report.set("bare", bare);
        report.set("naive", naive);
        report.set("engineSettings", scoring.path("settings"));
        if (scoring.has("loadAverageBefore")) {
            ObjectNode loads = report.putObject("scoringLoadAverage");
            loads.put("before", scoring.path("loadAverageBefore").asText());
            loads.put("after", scoring.path("loadAverageAfter").asText());
        }
        report.set("decode", decode);
        report.put("totalSeconds", round(seconds(benchStart), 1));
        machine.put("loadAverageAtEnd", loadAverage());

        Path json = out.resolve(RESULTS_FILE);
        Files.writeString(json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println();
        System.out.println(table(report));
        System.out.println("wrote " + json.toAbsolutePath());
    }

    // ---------------------------------------------------------------------------------------- slides

    private static Path generated(Path slides, String name, SyntheticSlideSpec spec) throws IOException {
        Path file = slides.resolve(String.format("%s-%dx%d-s%d.tiff", name, spec.width(), spec.height(), spec.seed()));
        if (Files.exists(file)) {
            System.out.printf("slide %s already generated%n", file);
            return file.toAbsolutePath();
        }
        System.out.printf("generating %s: %dx%d px at %.2f µm/px, 2x pyramid of %d px JPEG tiles ...%n", file,
                spec.width(), spec.height(), spec.mpp(), spec.tileSize());
        long start = System.nanoTime();
        SyntheticSlideGenerator.generate(spec, file);
        System.out.printf("generated in %.0f s%n", seconds(start));
        return file.toAbsolutePath();
    }

    private static void requireComplete(JsonNode status, String slideId) {
        String state = status.path("state").asText(status.path("status").asText());
        if (!"COMPLETE".equals(state)) {
            throw new IllegalStateException("slide " + slideId + " ended " + state + ": " + status.path("reason").asText());
        }
    }

    // ---------------------------------------------------------------------------------------- Kafka

    /** Every record of a topic, from the beginning to the end offsets at the time of the call. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return records;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 5 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** What Kafka holds of one slide: manifest, patch batches (both topics), score batches, with timestamps. */
    record Run(String slideId, SlideManifest manifest, long manifestAt, List<PatchBatch> batches, List<String> batchJson,
               long firstBatchAt, long lastBatchAt, int urgentBatches, long patchesScored, long patchesFailed,
               long duplicateScores, long firstScoreAt, long lastScoreAt, int scoreBatches) {

        static Run of(String slideId, Map<String, List<ConsumerRecord<String, String>>> records) {
            List<ConsumerRecord<String, String>> manifests = records.get(Topics.SLIDE_MANIFESTS).stream()
                    .filter(r -> slideId.equals(r.key())).toList();
            if (manifests.isEmpty()) {
                throw new IllegalStateException("no manifest of " + slideId + " on " + Topics.SLIDE_MANIFESTS);
            }
            ConsumerRecord<String, String> manifestRecord = manifests.getLast();
            SlideManifest manifest = EventJson.read(manifestRecord.value(), SlideManifest.class);

            Map<Integer, PatchBatch> batches = new TreeMap<>();
            Map<Integer, String> json = new TreeMap<>();
            long firstBatchAt = Long.MAX_VALUE;
            long lastBatchAt = Long.MIN_VALUE;
            int urgent = 0;
            for (String topic : List.of(Topics.PATCH_BATCHES, Topics.PATCH_BATCHES_URGENT)) {
                for (ConsumerRecord<String, String> record : records.get(topic)) {
                    if (!slideId.equals(record.key())) {
                        continue;
                    }
                    PatchBatch batch = EventJson.read(record.value(), PatchBatch.class);
                    if (batches.putIfAbsent(batch.batchIndex(), batch) == null) {
                        json.put(batch.batchIndex(), record.value());
                        if (topic.equals(Topics.PATCH_BATCHES_URGENT)) {
                            urgent++;
                        }
                    }
                    firstBatchAt = Math.min(firstBatchAt, record.timestamp());
                    lastBatchAt = Math.max(lastBatchAt, record.timestamp());
                }
            }
            if (batches.size() != manifest.batchCount()) {
                throw new IllegalStateException(slideId + ": " + batches.size() + " patch batches read back, the "
                        + "manifest says " + manifest.batchCount());
            }
            long patches = batches.values().stream().mapToLong(b -> b.patches().size()).sum();
            if (patches != manifest.patchCount()) {
                throw new IllegalStateException(slideId + ": " + patches + " patches in the batches read back, the "
                        + "manifest says " + manifest.patchCount());
            }

            Set<Long> scored = new HashSet<>();
            long duplicates = 0;
            long failed = 0;
            long firstScoreAt = Long.MAX_VALUE;
            long lastScoreAt = Long.MIN_VALUE;
            int scoreBatches = 0;
            for (ConsumerRecord<String, String> record : records.get(Topics.SCORE_BATCHES)) {
                if (!slideId.equals(record.key())) {
                    continue;
                }
                ScoreBatch scores = EventJson.read(record.value(), ScoreBatch.class);
                scoreBatches++;
                firstScoreAt = Math.min(firstScoreAt, record.timestamp());
                lastScoreAt = Math.max(lastScoreAt, record.timestamp());
                failed += scores.failed().size();
                for (ScoreBatch.PatchScore score : scores.scores()) {
                    if (!scored.add(((long) score.col() << 32) | score.row())) {
                        duplicates++;
                    }
                }
            }
            return new Run(slideId, manifest, manifestRecord.timestamp(), List.copyOf(batches.values()),
                    List.copyOf(json.values()), firstBatchAt, lastBatchAt, urgent, scored.size(), failed, duplicates,
                    firstScoreAt, lastScoreAt, scoreBatches);
        }

        double manifestToLastScoreSeconds() {
            return (lastScoreAt - manifestAt) / 1e3;
        }

        ObjectNode pipelineReport(JsonNode status) {
            ObjectNode node = EventJson.mapper().createObjectNode();
            node.put("slideId", slideId);
            node.put("patchesScored", patchesScored);
            node.put("patchesFailed", patchesFailed);
            node.put("duplicateScores", duplicateScores);
            node.put("patchBatches", batches.size());
            node.put("urgentPatchBatches", urgentBatches);
            node.put("scoreBatches", scoreBatches);
            node.put("intervalSeconds", round(manifestToLastScoreSeconds(), 3));
            node.put("interval", "broker timestamp (CreateTime, this machine's clock) of the slide's slide-manifests "
                    + "record (the tiler publishes it before the first patch batch) to that of its last "
                    + "score-batches record (the inference worker's last score)");
            node.put("patchesPerSecond", round(patchesScored / manifestToLastScoreSeconds(), 1));
            double fromFirstBatch = (lastScoreAt - firstBatchAt) / 1e3;
            node.put("firstPatchBatchToLastScoreSeconds", round(fromFirstBatch, 3));
            node.put("patchesPerSecondFromFirstPatchBatch", round(patchesScored / fromFirstBatch, 1));
            node.put("manifestToFirstScoreSeconds", round((firstScoreAt - manifestAt) / 1e3, 3));
            node.put("tilerPublishingSeconds", round((lastBatchAt - firstBatchAt) / 1e3, 3));
            JsonNode timings = status.path("timings");
            node.set("aggregatorTimings", timings);
            Instant scoring = instant(timings.path("scoringAt"));
            Instant completed = instant(timings.path("completedAt"));
            Instant queued = instant(timings.path("queuedAt"));
            if (queued != null && completed != null) {
                double queuedToComplete = Duration.between(queued, completed).toNanos() / 1e9;
                node.put("queuedToCompleteSeconds", round(queuedToComplete, 3));
                node.put("patchesPerSecondQueuedToComplete", round(patchesScored / queuedToComplete, 1));
            }
            if (scoring != null && completed != null) {
                node.put("scoringToCompleteSeconds", round(Duration.between(scoring, completed).toNanos() / 1e9, 3));
            }
            return node;
        }

        private static Instant instant(JsonNode node) {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        }
    }

    // ---------------------------------------------------------------------------------------- child JVM

    private static void runChild(StackLayout layout, Options options, Path model, Path slides, Path warmBatches,
                                 Path mainBatches, Path childJson, Path log) throws IOException, InterruptedException {
        Path inference = layout.home().resolve("inference-service");
        Path testClasses = inference.resolve("target/test-classes");
        Path app = inference.resolve("target/quarkus-app");
        for (Path needed : List.of(testClasses.resolve(CHILD_MAIN.replace('.', '/') + ".class"), app.resolve("app"),
                app.resolve("lib/boot"), app.resolve("lib/main"))) {
            if (!Files.exists(needed)) {
                throw new IllegalStateException(needed + " is missing: build inference-service with its tests' classes "
                        + "(./mvnw -DskipTests package -pl inference-service -am)");
            }
        }
        // The packaged service's own jars: its classes, then Quarkus's boot jars (JBoss Logging) and every dependency.
        String classpath = String.join(java.io.File.pathSeparator, testClasses.toString(),
                app.resolve("app").resolve("*").toString(), app.resolve("lib/boot").resolve("*").toString(),
                app.resolve("lib/main").resolve("*").toString());
        Path natives = layout.tensorflowNatives();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + options.childHeap(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.library.path=" + natives, "-Dai.djl.offline=true",
                "-Dorg.bytedeco.javacpp.cachedir=" + layout.home().resolve(".build/javacpp-cache"),
                "-Djava.util.logging.SimpleFormatter.format=%5$s%6$s%n",
                "-cp", classpath, CHILD_MAIN,
                "--model", model.toString(), "--slide-root", slides.toString(),
                "--warmup", warmBatches.toString(), "--batches", mainBatches.toString(), "--out", childJson.toString()));
        if (options.naiveBatches() > 0) {
            command.addAll(List.of("--naive-batches", Integer.toString(options.naiveBatches())));
        }
        System.out.println("bare and naive scoring in a child JVM (inference-service's class path), log " + log + " ...");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("TENSORFLOW_LIBRARY_PATH", natives.toString());
        Files.writeString(log, String.join(" ", command) + System.lineSeparator());
        Process child = builder.start();
        Thread stopChild = new Thread(child::destroy, "bench-child-cleanup");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            if (!child.waitFor(CHILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                child.destroyForcibly();
                throw new IllegalStateException("the scoring benchmark did not finish within " + CHILD_TIMEOUT);
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopChild);
        }
        if (child.exitValue() != 0 || !Files.exists(childJson)) {
            throw new IllegalStateException("the scoring benchmark (" + CHILD_MAIN + ") failed with exit code "
                    + child.exitValue());
        }
    }

    // ---------------------------------------------------------------------------------------- decode limit

    /**
     * TurboJPEG decodes, on this thread, the tiles of every input's level that the batches' reads touch (all of
     * them, or {@code maxTilesPerLevel} evenly spaced), loaded into native memory first so that only decoding
     * is timed; megapixels per second of this thread's CPU time.
     */
    static ObjectNode decodeLimit(Path file, SlideManifest manifest, List<PatchBatch> batches, int maxTilesPerLevel)
            throws IOException {
        GridGeometry grid = manifest.grid();
        SlideDescription description = manifest.slide();
        ObjectNode report = EventJson.mapper().createObjectNode();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long totalPixels = 0;
        long totalCpu = 0;
        long totalWall = 0;
        long totalTiles = 0;
        long totalBytes = 0;
        try (TiffTiles tiff = TiffTiles.open(file); TurboJpeg tj = TurboJpeg.decompressor(); Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(DECODE_CHUNK_BYTES);
            MemorySegment rgb = arena.allocate(3L * 4096 * 4096);
            Map<Integer, BitSet> touched = new TreeMap<>();
            Map<Integer, TiffTiles.TiledImage> images = new TreeMap<>();
            for (int input = 0; input < grid.inputs().size(); input++) {
                InputGeometry in = grid.inputs().get(input);
                SlideDescription.Level level = description.level(in.level());
                TiffTiles.TiledImage image = images.computeIfAbsent(in.level(),
                        l -> tiff.image(level.width(), level.height()));
                BitSet tiles = touched.computeIfAbsent(in.level(), l -> new BitSet(image.tileCount()));
                for (PatchBatch batch : batches) {
                    for (PatchBatch.PatchRef patch : batch.patches()) {
                        long left = grid.inputLeft(input, patch.col());
                        long top = grid.inputTop(input, patch.row());
                        int c0 = (int) Math.max(0, Math.floorDiv(left, image.tileWidth()));
                        int c1 = (int) Math.min(image.tilesAcross() - 1, Math.floorDiv(left + in.readSize() - 1, image.tileWidth()));
                        int r0 = (int) Math.max(0, Math.floorDiv(top, image.tileHeight()));
                        int r1 = (int) Math.min(image.tilesDown() - 1, Math.floorDiv(top + in.readSize() - 1, image.tileHeight()));
                        for (int r = r0; r <= r1; r++) {
                            for (int c = c0; c <= c1; c++) {
                                tiles.set(image.index(c, r));
                            }
                        }
                    }
                }
            }
            ObjectNode levels = report.putObject("levels");
            for (Map.Entry<Integer, BitSet> entry : touched.entrySet()) {
                TiffTiles.TiledImage image = images.get(entry.getKey());
                int[] all = entry.getValue().stream().toArray();
                int[] chosen = sample(all, maxTilesPerLevel);
                // Warm the decoder (and the page cache) on a few tiles, untimed.
                decodeTiles(tiff, tj, image, java.util.Arrays.copyOf(chosen, Math.min(16, chosen.length)), chunk, rgb,
                        threads);
                long[] result = decodeTiles(tiff, tj, image, chosen, chunk, rgb, threads);
                long pixels = result[0];
                long cpu = result[1];
                long wall = result[2];
                long bytes = result[3];
                levels.putObject("level" + entry.getKey())
                        .put("width", image.width()).put("height", image.height())
                        .put("tilesInLevel", image.tileCount()).put("tilesTouchedByReads", all.length)
                        .put("tilesDecoded", chosen.length).put("jpegBytes", bytes).put("megapixels", round(pixels / 1e6, 2))
                        .put("cpuSeconds", round(cpu / 1e9, 3)).put("wallSeconds", round(wall / 1e9, 3))
                        .put("mpxPerCpuSecond", round(pixels / 1e6 / (cpu / 1e9), 2));
                totalPixels += pixels;
                totalCpu += cpu;
                totalWall += wall;
                totalTiles += chosen.length;
                totalBytes += bytes;
            }
        }
        report.put("tilesDecoded", totalTiles);
        report.put("jpegBytes", totalBytes);
        report.put("megapixels", round(totalPixels / 1e6, 2));
        report.put("cpuSeconds", round(totalCpu / 1e9, 3));
        report.put("wallSeconds", round(totalWall / 1e9, 3));
        report.put("mpxPerCpuSecond", round(totalPixels / 1e6 / (totalCpu / 1e9), 3));
        report.put("library", TurboJpeg.LIBRARY + " " + packageVersion("libturbojpeg0"));
        report.put("loadAverageAfter", loadAverage());
        report.put("measured", "tjDecompressHeader3 + tjDecompress2 (TJPF_RGB, flags 0) of each tile's JPEG stream "
                + "(TileOffsets/TileByteCounts of the level's TIFF directory), tiles loaded into memory first, one "
                + "thread; CPU time of that thread");
        return report;
    }

    /** {pixels, thread CPU nanos, wall nanos, bytes} of decoding {@code tiles} of {@code image}. */
    private static long[] decodeTiles(TiffTiles tiff, TurboJpeg tj, TiffTiles.TiledImage image, int[] tiles,
                                      MemorySegment chunk, MemorySegment rgb, ThreadMXBean threads) throws IOException {
        long pixels = 0;
        long cpu = 0;
        long wall = 0;
        long bytes = 0;
        ByteBuffer buffer = chunk.asByteBuffer();
        int next = 0;
        long[] starts = new long[tiles.length];
        long[] sizes = new long[tiles.length];
        while (next < tiles.length) {
            buffer.clear();
            int first = next;
            while (next < tiles.length && image.byteCounts()[tiles[next]] <= buffer.remaining()) {
                starts[next] = buffer.position();
                sizes[next] = image.byteCounts()[tiles[next]];
                tiff.tile(image, tiles[next], buffer);
                next++;
            }
            if (next == first) {
                throw new IOException("tile " + tiles[next] + " is larger than " + chunk.byteSize() + " bytes");
            }
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            for (int i = first; i < next; i++) {
                MemorySegment jpeg = chunk.asSlice(starts[i], sizes[i]);
                TurboJpeg.Header header = tj.header(jpeg, sizes[i]);
                tj.decompress(jpeg, sizes[i], header, rgb);
                pixels += header.pixels();
            }
            cpu += threads.getCurrentThreadCpuTime() - cpuStart;
            wall += System.nanoTime() - wallStart;
            for (int i = first; i < next; i++) {
                bytes += sizes[i];
            }
        }
        return new long[] {pixels, cpu, wall, bytes};
    }

    /** All of {@code values}, or {@code max} of them evenly spaced. */
    static int[] sample(int[] values, int max) {
        if (values.length <= max) {
            return values;
        }
        int[] chosen = new int[max];
        for (int i = 0; i < max; i++) {
            chosen[i] = values[(int) ((long) i * values.length / max)];
        }
        return chosen;
    }

    // ---------------------------------------------------------------------------------------- report

    /** A figure as a JSON number; null when it could not be measured (a run with --skip-scoring). */
    /** CPU seconds (user + system) each process of the stack has used so far, from /proc/PID/stat. */
    static Map<String, Double> cpuSeconds(LocalStack stack) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (var process : stack.processes()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
                seconds.put(process.name(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
            } catch (IOException | RuntimeException e) {
                seconds.put(process.name(), Double.NaN);
            }
        }
        return seconds;
    }

    private static void figure(ObjectNode report, String name, double value, int digits) {
        if (Double.isFinite(value)) {
            report.put(name, round(value, digits));
        } else {
            report.putNull(name);
        }
    }

    private static void goal(ObjectNode goals, String figure, String comparison, Double threshold, double value,
                             String measures) {
        ObjectNode node = goals.putObject(figure);
        if (threshold == null) {
            node.putNull("goal");
            node.putNull("met");
        } else {
            node.put("goal", comparison + " " + threshold);
            node.put("threshold", threshold);
            if (Double.isFinite(value)) {
                node.put("met", comparison.equals(">=") ? value >= threshold : value <= threshold);
            } else {
                node.putNull("met");
            }
        }
        node.put("measures", measures);
    }

    static String table(JsonNode report) {
        StringBuilder out = new StringBuilder();
        JsonNode slide = report.path("slide");
        JsonNode machine = report.path("machine");
        out.append(String.format(Locale.ROOT, "SlideStream inference throughput: %s, %d cores, Java %s, OpenSlide %s%n",
                machine.path("cpuModel").asText(), machine.path("cores").asInt(), machine.path("java").asText(),
                machine.path("openSlide").asText()));
        out.append(String.format(Locale.ROOT, "slide %dx%d px (%.2f µm/px), %,d patches in %,d batches, demo model, "
                        + "model batch size %s, readers %s, workers %s%n", slide.path("width").asInt(),
                slide.path("height").asInt(), slide.path("mpp").asDouble(), slide.path("patches").asLong(),
                slide.path("patchBatches").asLong(), report.path("engineSettings").path("batchSize").asText("?"),
                report.path("engineSettings").path("readers").asText("?"),
                report.path("engineSettings").path("workersPerDevice").asText("?")));
        out.append(String.format(Locale.ROOT, "%-34s %12s %10s %5s%n", "figure", "value", "goal", "met"));
        report.path("goals").fields().forEachRemaining(e -> {
            JsonNode goal = e.getValue();
            JsonNode value = report.path(e.getKey());
            out.append(String.format(Locale.ROOT, "%-34s %12s %10s %5s%n", e.getKey(),
                    value.isNumber() ? String.format(Locale.ROOT, "%.3f", value.asDouble()) : "-",
                    goal.path("goal").isNull() ? "-" : goal.path("goal").asText(),
                    goal.path("met").isNull() ? "-" : goal.path("met").asBoolean() ? "yes" : "NO"));
        });
        return out.toString();
    }

    private static ObjectNode machine() {
        ObjectNode machine = EventJson.mapper().createObjectNode();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpuModel", cpuModel());
        machine.put("java", Runtime.version().toString());
        machine.put("javaVendor", System.getProperty("java.vendor"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        String openSlide;
        try {
            openSlide = Slide.openSlideVersion();
        } catch (RuntimeException e) {
            openSlide = "unavailable: " + e.getMessage();
        }
        machine.put("openSlide", openSlide);
        machine.put("libturbojpeg", packageVersion("libturbojpeg0"));
        machine.put("loadAverageAtStart", loadAverage());
        return machine;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A Debian package's version (dpkg-query), or "unknown". */
    private static String packageVersion(String name) {
        try {
            Process dpkg = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", name).redirectErrorStream(true).start();
            String version = new String(dpkg.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return dpkg.waitFor(10, TimeUnit.SECONDS) && dpkg.exitValue() == 0 ? version : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
