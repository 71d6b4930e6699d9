package io.slidestream.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.GridGeometry;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.Topics;
import io.slidestream.core.model.InputRole;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.launcher.LocalStack;
import io.slidestream.launcher.ServiceProcess;
import io.slidestream.launcher.SlideStreamClient;
import io.slidestream.launcher.StackLayout;
import io.slidestream.launcher.StackPorts;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./slidestream bench-aggregator}: prints and writes (bench-aggregator.json) the aggregator's figures.
 * <ol>
 *   <li><b>First scores over SSE.</b> A local stack (embedded KRaft broker, tiler, inference with the demo
 *   model, aggregator, each in its own JVM as {@code analyze} runs them); for each of three generated
 *   tests-size slides a {@code SlideReady} goes to {@code slide-ready} and the time until the aggregator's
 *   {@code GET /api/events} stream shows that slide with {@code patchesScored > 0} is taken, with the first
 *   event of the slide at all (its manifest) and its completion beside it.</li>
 *   <li><b>Heap per grid cell, 20 slides in flight.</b> Tiler, inference and the stack's aggregator are
 *   stopped; a fresh aggregator JVM (own application id, state and results folders, same heap limit as in
 *   the stack) runs on the same broker. Manifests of N large slides (every cell tissue) go out, then score
 *   batches of 8×8 cells for all slides interleaved, from one producer with batching, as the workers send
 *   them. When half of every slide is scored the aggregator's live heap is taken (a full GC by
 *   {@code jcmd GC.class_histogram}, which also says which classes hold it) against its live heap before the
 *   manifests; then the rest goes out and every slide must reach COMPLETE.</li>
 * </ol>
 */
public final class AggregatorBenchmark {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration FIRST_SCORES_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SLIDE_TIMEOUT = Duration.ofMinutes(5);
    private static final double FIRST_SCORES_TARGET_S = 2.0;
    private static final double BYTES_PER_CELL_TARGET = 8.0;
    private static final int BLOCK = 8;
    /** Heap of the aggregator, as LocalStack gives it. */
    private static final String AGGREGATOR_HEAP = "-Xmx512m";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path out = Files.createDirectories(Path.of(options.getOrDefault("--out", "bench-out")));
        int sseSlides = Integer.parseInt(options.getOrDefault("--sse-slides", "3"));
        int slides = Integer.parseInt(options.getOrDefault("--slides", "20"));
        int side = Integer.parseInt(options.getOrDefault("--grid", "256"));
        new AggregatorBenchmark().run(out, sseSlides, slides, side);
    }

    private void run(Path out, int sseSlides, int slideCount, int side) throws Exception {
        long benchStart = System.nanoTime();
        StackLayout layout = StackLayout.fromSystemProperty();
        Path work = layout.runDir().resolve("bench-aggregator");
        LocalStack.deleteRecursively(work);
        Path slides = Files.createDirectories(work.resolve("slides"));
        ObjectNode report = EventJson.mapper().createObjectNode();
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores ("
                + System.getProperty("os.arch") + ", " + Runtime.version() + ")");
        report.put("startedAt", Instant.now().toString());

        System.out.println("model: " + layout.demoModelDir());
        Path model = DemoModel.ensure(layout.demoModelDir());
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < sseSlides; i++) {
            Path file = slides.resolve("bench-" + (i + 1) + ".tiff");
            SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(7001 + i), file);
            files.add(file);
        }
        StackPorts ports = StackPorts.free();
        System.out.println("starting the local stack (broker, aggregator, tiler, inference) in " + work + " ...");
        long stackStart = System.nanoTime();
        try (LocalStack stack = LocalStack.start(layout, ports, work, List.of(slides), model);
             TopicProbe kafka = new TopicProbe(ports.bootstrapServers())) {
            // Ctrl-C must not leave the child JVMs running.
            Thread cleanup = new Thread(stack::close, "bench-stack-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            report.put("stackStartSeconds", round(seconds(stackStart), 1));
            firstScores(stack, kafka, files, report.putObject("firstScoresOverSse"));

            // Part 2 on the same broker only: nothing else may take the CPU or the aggregator's input.
            for (int i = stack.processes().size() - 1; i >= 1; i--) {
                stack.processes().get(i).stop();
            }
            inFlight(layout, ports, work, slideCount, side, report.putObject("slidesInFlight"));
        }
        report.put("totalSeconds", round(seconds(benchStart), 1));
        Path json = out.resolve("bench-aggregator.json");
        Files.writeString(json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println("wrote " + json.toAbsolutePath());
    }

    // ---------------------------------------------------------------------------------------- part 1

    private void firstScores(LocalStack stack, TopicProbe kafka, List<Path> files, ObjectNode report) throws Exception {
        SlideStreamClient client = new SlideStreamClient(stack.ports());
        SseWatch sse = SseWatch.open(http, URI.create("http://127.0.0.1:" + stack.ports().aggregator() + "/api/events"));
        try {
            ArrayNode runs = report.putArray("slides");
            double max = 0;
            for (int i = 0; i < files.size(); i++) {
                String slideId = "bench-sse-" + (i + 1);
                SseWatch.Slide watch = sse.watch(slideId);
                long sentMillis = System.currentTimeMillis();
                long sent = System.nanoTime();
                kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(
                        SlideReady.of(slideId, files.get(i).toString(), "bench")));
                long seen = watch.firstEvent.get(FIRST_SCORES_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                long scored = watch.firstScored.get(FIRST_SCORES_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                JsonNode firstScored = watch.firstScoredSummary.get();
                JsonNode status = awaitFinal(client, slideId, SLIDE_TIMEOUT);
                double latency = (scored - sent) / 1e9;
                max = Math.max(max, latency);
                ObjectNode run = runs.addObject();
                run.put("slideId", slideId);
                run.put("firstEventSeconds", round((seen - sent) / 1e9, 3));
                run.put("firstScoresSeconds", round(latency, 3));
                run.put("patchesScoredInFirstEvent", firstScored.path("patchesScored").asInt());
                run.put("patchesTotal", status.path("patchesTotal").asInt());
                run.put("finalState", stateOf(status));
                run.put("completeSeconds", round(seconds(sent), 1));
                run.set("firstRecordAfterSendSeconds", stages(kafka, slideId, sentMillis));
                System.out.printf("SSE %s: first event (any state) %.3f s, first scores %.3f s (%d of %d patches), "
                                + "%s after %.1f s; first records after send: %s%n", slideId, (seen - sent) / 1e9, latency,
                        firstScored.path("patchesScored").asInt(), status.path("patchesTotal").asInt(),
                        stateOf(status), seconds(sent), run.get("firstRecordAfterSendSeconds"));
            }
            report.put("maxFirstScoresSeconds", round(max, 3));
            report.put("targetSeconds", FIRST_SCORES_TARGET_S);
            report.put("meetsTarget", max <= FIRST_SCORES_TARGET_S);
            report.put("measured", "from sending SlideReady (acked) on slide-ready to the first data: line of "
                    + "GET /api/events for that slide with patchesScored > 0; one slide at a time, each run to COMPLETE");
        } finally {
            sse.close();
        }
    }

    /**
     * Where the time to first scores goes: the broker timestamp (producer's clock, this machine) of the
     * slide's first manifest, patch batch, score batch and scored progress record, after SlideReady was sent.
     */
    private static ObjectNode stages(TopicProbe kafka, String slideId, long sentMillis) {
        ObjectNode stages = EventJson.mapper().createObjectNode();
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("manifest (tiler)", Topics.SLIDE_MANIFESTS);
        topics.put("patchBatch (tiler)", Topics.PATCH_BATCHES);
        topics.put("scoreBatch (inference)", Topics.SCORE_BATCHES);
        topics.put("scoredProgress (aggregator)", "slide-progress");
        topics.forEach((stage, topic) -> {
            var first = kafka.read(topic, r -> slideId.equals(r.key())
                    && (!topic.equals("slide-progress") || !r.value().contains("\"patchesScored\":0,")), 1, Duration.ofSeconds(10));
            if (!first.isEmpty()) {
                stages.put(stage, round((first.getFirst().timestamp() - sentMillis) / 1e3, 3));
            }
        });
        return stages;
    }

    /** One streaming {@code GET /api/events}: when each watched slide first shows up, and first with scores. */
    private static final class SseWatch {
        private static final Pattern DATA = Pattern.compile("^data:\\s?(.*)$");

        static final class Slide {
            final CompletableFuture<Long> firstEvent = new CompletableFuture<>();
            final CompletableFuture<Long> firstScored = new CompletableFuture<>();
            final AtomicReference<JsonNode> firstScoredSummary = new AtomicReference<>();
        }

        private final Map<String, Slide> watched = new ConcurrentHashMap<>();
        private volatile CompletableFuture<?> response;

        static SseWatch open(HttpClient http, URI uri) throws Exception {
            SseWatch watch = new SseWatch();
            CompletableFuture<Void> connected = new CompletableFuture<>();
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
            watch.response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                if (response.statusCode() != 200) {
                    connected.completeExceptionally(new IllegalStateException("GET " + uri + ": HTTP " + response.statusCode()));
                    return;
                }
                connected.complete(null);
                response.body().forEach(watch::line);
            });
            connected.get(30, TimeUnit.SECONDS);
            return watch;
        }

        Slide watch(String slideId) {
            return watched.computeIfAbsent(slideId, id -> new Slide());
        }

        private void line(String line) {
            long now = System.nanoTime();
            Matcher data = DATA.matcher(line);
            if (!data.matches() || data.group(1).isBlank()) {
                return;
            }
            JsonNode summary;
            try {
                summary = EventJson.mapper().readTree(data.group(1));
            } catch (IOException e) {
                return;
            }
            Slide slide = watched.get(summary.path("slideId").asText());
            if (slide == null) {
                return;
            }
            slide.firstEvent.complete(now);
            if (summary.path("patchesScored").asInt() > 0 && slide.firstScoredSummary.compareAndSet(null, summary)) {
                slide.firstScored.complete(now);
            }
        }

        void close() {
            response.cancel(true);
        }
    }

    // ---------------------------------------------------------------------------------------- part 2

    private void inFlight(StackLayout layout, StackPorts stackPorts, Path work, int slideCount, int side,
                          ObjectNode report) throws Exception {
        int port = StackPorts.freePort();
        Path logs = work.resolve("logs");
        List<String> command = List.of(java(), AGGREGATOR_HEAP, "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + stackPorts.bootstrapServers(),
                "-Dslidestream.aggregator.application-id=bench-agg",
                "-Dslidestream.aggregator.state-dir=" + work.resolve("bench-agg-state"),
                "-Dslidestream.aggregator.results-dir=" + work.resolve("bench-agg-results"),
                "-jar", layout.serviceJar("aggregator-service").toString());
        System.out.printf("starting a separate aggregator (application id bench-agg, %s) on port %d ...%n",
                AGGREGATOR_HEAP, port);
        ServiceProcess aggregator = ServiceProcess.start("bench-aggregator", command, Map.of(),
                logs.resolve("bench-aggregator.log"));
        StackPorts ports = new StackPorts(stackPorts.kafka(), port, 0, 0);
        SlideStreamClient client = new SlideStreamClient(ports);
        long cellsPerSlide = (long) side * side;
        long totalCells = cellsPerSlide * slideCount;
        Thread cleanup = new Thread(aggregator::stop, "bench-aggregator-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            aggregator.awaitReady(port, START_TIMEOUT);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < slideCount; i++) {
                ids.add("bench-flight-" + (i + 1));
            }
            // The part-1 slides (this new application id reads the topics from the start) settle first.
            sleep(5_000);
            Heap before = Heap.of(aggregator.pid());
            System.out.printf("aggregator live heap before the slides: %s%n", mib(before.liveBytes));

            report.put("slides", slideCount);
            report.put("gridPerSlide", side + "x" + side);
            report.put("cellsPerSlide", cellsPerSlide);
            report.put("totalCells", totalCells);
            report.put("cellsPerBatch", BLOCK * BLOCK);
            report.put("aggregatorHeapLimit", AGGREGATOR_HEAP);

            try (KafkaProducer<String, String> producer = producer(ports.bootstrapServers())) {
                Instant created = Instant.now();
                for (String id : ids) {
                    producer.send(new ProducerRecord<>(Topics.SLIDE_MANIFESTS, id,
                            EventJson.write(manifest(id, side, side, created))));
                }
                producer.flush();
                int blocksPerSide = (side + BLOCK - 1) / BLOCK;
                int blocks = blocksPerSide * blocksPerSide;
                int half = blocks / 2;
                long halfCells = (long) slideCount * cellsIn(0, half, blocksPerSide, side);

                long start = System.nanoTime();
                long sent = send(producer, ids, 0, half, blocksPerSide, side);
                double produceHalf = seconds(start);
                awaitScored(client, ids, halfCells, SLIDE_TIMEOUT);
                double phase1 = seconds(start);
                System.out.printf("half scored: %,d cells (%,d batches) in %.1f s (producer done after %.1f s)%n",
                        halfCells, sent, phase1, produceHalf);

                Heap half1 = Heap.of(aggregator.pid());
                long rss = rssBytes(aggregator.pid());
                long perSlideBytes = (half1.liveBytes - before.liveBytes) / slideCount;
                double perCell = (double) (half1.liveBytes - before.liveBytes) / totalCells;
                System.out.printf("live heap with %d slides half scored: %s (+%s, %.3f bytes per grid cell); RSS %s%n",
                        slideCount, mib(half1.liveBytes), mib(half1.liveBytes - before.liveBytes), perCell, mib(rss));

                long resume = System.nanoTime();
                sent += send(producer, ids, half, blocks, blocksPerSide, side);
                double produceRest = seconds(resume);
                List<JsonNode> finals = new ArrayList<>();
                for (String id : ids) {
                    finals.add(awaitFinal(client, id, SLIDE_TIMEOUT));
                }
                double phase2 = seconds(resume);
                long complete = finals.stream().filter(s -> stateOf(s).equals("COMPLETE")).count();
                long scored = finals.stream().mapToLong(s -> s.path("patchesScored").asLong()).sum();
                long duplicates = finals.stream().mapToLong(s -> s.path("duplicateScores").asLong()).sum();
                long rssEnd = rssBytes(aggregator.pid());
                double scoring = phase1 + phase2;
                System.out.printf("all %d slides final (%d COMPLETE) %.1f s after the second half began; "
                                + "%,d patches scored in %.1f s of scoring = %,.0f patches/s; RSS at the end %s%n",
                        slideCount, complete, phase2, scored, scoring, scored / scoring, mib(rssEnd));

                ObjectNode heap = report.putObject("heap");
                heap.put("liveHeapBeforeBytes", before.liveBytes);
                heap.put("liveHeapHalfScoredBytes", half1.liveBytes);
                heap.put("deltaBytes", half1.liveBytes - before.liveBytes);
                heap.put("deltaBytesPerSlide", perSlideBytes);
                heap.put("bytesPerGridCell", round(perCell, 4));
                heap.put("targetBytesPerGridCell", BYTES_PER_CELL_TARGET);
                heap.put("meetsTarget", perCell <= BYTES_PER_CELL_TARGET);
                heap.put("measured", "jcmd GC.class_histogram (full GC first) total of live objects, with every slide "
                        + "half scored, minus the same before the manifests, over all cells of all slides' grids");
                heap.set("topClassesHalfScored", half1.top);
                heap.put("heapInfoHalfScored", half1.heapInfo);
                ObjectNode memory = report.putObject("process");
                memory.put("rssBeforeBytes", before.rss);
                memory.put("rssHalfScoredBytes", rss);
                memory.put("rssAtEndBytes", rssEnd);
                memory.put("note", "RSS includes RocksDB (score chunks off-heap, block cache, memtables) and the JVM's "
                        + "committed heap, metaspace and code");
                ObjectNode run = report.putObject("throughput");
                run.put("batchesSent", sent);
                run.put("producerSecondsFirstHalf", round(produceHalf, 1));
                run.put("producerSecondsSecondHalf", round(produceRest, 1));
                run.put("firstHalfSeconds", round(phase1, 1));
                run.put("secondHalfToAllCompleteSeconds", round(phase2, 1));
                run.put("scoringSeconds", round(scoring, 1));
                run.put("scoredPatchesPerSecond", Math.round(scored / scoring));
                run.put("patchesScored", scored);
                run.put("duplicateScores", duplicates);
                run.put("slidesComplete", complete);
                run.put("allComplete", complete == slideCount && scored == totalCells);
            }
        } finally {
            aggregator.stop();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Blocks [from, to) of every slide, slide after slide for each block (the workers' interleaving). */
    private static long send(KafkaProducer<String, String> producer, List<String> ids, int from, int to,
                             int blocksPerSide, int side) {
        long sent = 0;
        for (int block = from; block < to; block++) {
            int bx = block % blocksPerSide;
            int by = block / blocksPerSide;
            for (int s = 0; s < ids.size(); s++) {
                List<PatchScore> scores = new ArrayList<>(BLOCK * BLOCK);
                for (int row = by * BLOCK; row < Math.min(side, by * BLOCK + BLOCK); row++) {
                    for (int col = bx * BLOCK; col < Math.min(side, bx * BLOCK + BLOCK); col++) {
                        scores.add(new PatchScore(col, row, score(s, col, row, side)));
                    }
                }
                String id = ids.get(s);
                producer.send(new ProducerRecord<>(Topics.SCORE_BATCHES, id,
                        EventJson.write(new ScoreBatch(Contract.SCHEMA_VERSION, id, block, "bench-model-1", scores))));
                sent++;
            }
        }
        producer.flush();
        return sent;
    }

    private static long cellsIn(int from, int to, int blocksPerSide, int side) {
        long cells = 0;
        for (int block = from; block < to; block++) {
            int bx = block % blocksPerSide;
            int by = block / blocksPerSide;
            cells += (long) (Math.min(side, bx * BLOCK + BLOCK) - bx * BLOCK) * (Math.min(side, by * BLOCK + BLOCK) - by * BLOCK);
        }
        return cells;
    }

    /** Low scores with one round tumour per slide (so each verdict has one lesion), deterministic. */
    private static float score(int slide, int col, int row, int side) {
        double cx = side * (0.3 + 0.02 * slide);
        double cy = side * 0.6;
        double r = side * 0.05;
        if ((col - cx) * (col - cx) + (row - cy) * (row - cy) <= r * r) {
            return 0.9f;
        }
        int hash = (col * 73_856_093) ^ (row * 19_349_663) ^ (slide * 83_492_791);
        return 0.02f + (Math.floorMod(hash, 1000) / 1000f) * 0.3f;
    }

    private static SlideManifest manifest(String slideId, int cols, int rows, Instant createdAt) {
        GridGeometry grid = new GridGeometry("demo", 256, cols, rows, List.of(
                new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 4.0, 1, 4.0, 64),
                new InputGeometry("context", InputRole.CONTEXT, 64, 4.0, 16.0, 2, 16.0, 64)));
        SlideDescription slide = new SlideDescription("aperio", cols * 256L, rows * 256L, List.of(
                new SlideDescription.Level(cols * 256L, rows * 256L, 1)), 0.2425, MppSource.SLIDE, 40, 256, 256);
        return new SlideManifest(Contract.SCHEMA_VERSION, slideId, slideId + ".svs", slide, grid, cols * rows,
                (cols + BLOCK - 1) / BLOCK * ((rows + BLOCK - 1) / BLOCK),
                new SlideManifest.TissueSummary("bench", 1.0, 1.0), Priority.ROUTINE, createdAt);
    }

    /**
     * Polls {@code GET /api/slides/{id}} until COMPLETE or FAILED. The aggregator's summary names the field
     * {@code state} ({@link SlideStreamClient#awaitFinal} still looks for {@code status}).
     */
    private static JsonNode awaitFinal(SlideStreamClient client, String slideId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode status = client.status(slideId);
            if (status != null && (stateOf(status).equals("COMPLETE") || stateOf(status).equals("FAILED"))) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("slide " + slideId + " not finished within " + timeout + ": " + status);
            }
            sleep(200);
        }
    }

    private static String stateOf(JsonNode status) {
        return status.path("state").asText(status.path("status").asText());
    }

    private static void awaitScored(SlideStreamClient client, List<String> ids, long cells, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            long scored = 0;
            for (String id : ids) {
                JsonNode status = client.status(id);
                scored += status == null ? 0 : status.path("patchesScored").asLong();
            }
            if (scored >= cells) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(scored + " of " + cells + " cells scored after " + timeout);
            }
            sleep(200);
        }
    }

    // ---------------------------------------------------------------------------------------- memory

    /** Live heap after a full GC (jcmd GC.class_histogram), its largest classes, and GC.heap_info. */
    private record Heap(long liveBytes, ArrayNode top, String heapInfo, long rss) {
        private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);
        private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

        static Heap of(long pid) throws IOException, InterruptedException {
            String histogram = jcmd(pid, "GC.class_histogram");
            Matcher total = TOTAL.matcher(histogram);
            if (!total.find()) {
                throw new IllegalStateException("no Total in jcmd GC.class_histogram:\n" + histogram);
            }
            ArrayNode top = EventJson.mapper().createArrayNode();
            Matcher row = ROW.matcher(histogram);
            for (int i = 0; i < 8 && row.find(); i++) {
                top.addObject().put("class", row.group(3)).put("instances", Long.parseLong(row.group(1)))
                        .put("bytes", Long.parseLong(row.group(2)));
            }
            return new Heap(Long.parseLong(total.group(2)), top, jcmd(pid, "GC.heap_info").strip(), rssBytes(pid));
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + output);
        }
        return output;
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: bench-aggregator [--out DIR] [--slides N] [--grid CELLS_PER_SIDE]"
                        + " [--sse-slides N]; got " + args[i]);
            }
            options.put(args[i], args[++i]);
        }
        return options;
    }


    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
