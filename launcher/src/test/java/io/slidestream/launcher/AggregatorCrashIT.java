package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.core.model.InputRole;
import io.slidestream.kafka.KraftBroker;
import io.slidestream.kafka.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stitching survives a crash: two aggregator instances share four slides by partition; one of them is
 * killed with SIGKILL while score batches are streaming in (some sent twice, as a worker retrying would),
 * then started again. Every output of every slide, asked of either instance, and every file in the results
 * directory, must be byte for byte what a third aggregator that was never interrupted makes of the same
 * records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatorCrashIT {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final List<String> FILES = List.of("heatmap.png", "mask.png", "mask.tiff", "regions.geojson",
            "scores.csv", "run.json", "verdict");
    private static final int COLS = 48;
    private static final int ROWS = 40;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private StackLayout layout;
    private Path work;
    private KraftBroker broker;
    private TopicProbe kafka;

    @BeforeAll
    void startBroker() throws IOException {
        layout = StackLayout.fromSystemProperty();
        layout.requireBuilt();
        work = layout.home().resolve("launcher/target/crash-it");
        LocalStack.deleteRecursively(work);
        Files.createDirectories(work);
        broker = KraftBroker.start(0, work.resolve("kafka"), KraftBroker.DEFAULT_PARTITIONS);
        kafka = new TopicProbe(broker.bootstrapServers());
    }

    @AfterAll
    void stopAll() {
        processes.forEach(ServiceProcess::stop);
        if (kafka != null) {
            kafka.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void a_killed_instance_restarted_ends_with_exactly_the_outputs_of_an_uninterrupted_run() throws Exception {
        List<Slide> slides = List.of(new Slide("slide-crash-a", 1), new Slide("slide-crash-b", 2),
                new Slide("slide-crash-c", 3), new Slide("slide-crash-d", 4));
        for (Slide slide : slides) {
            kafka.send(Topics.SLIDE_STATUS, slide.id, EventJson.write(SlideStatus.of(slide.id, SlideState.TILING, "tiler")));
            kafka.send(Topics.SLIDE_MANIFESTS, slide.id, EventJson.write(slide.manifest()));
        }
        List<Send> firstHalf = new ArrayList<>();
        List<Send> rest = new ArrayList<>();
        for (Slide slide : slides) {
            List<ScoreBatch> batches = slide.batches();
            batches.subList(0, batches.size() / 2).forEach(b -> firstHalf.add(new Send(slide.id, b)));
            // A worker that retried: the first batches of each slide come again, before the slide completes.
            batches.subList(0, 3).forEach(b -> rest.add(new Send(slide.id, b)));
            batches.subList(batches.size() / 2, batches.size()).forEach(b -> rest.add(new Send(slide.id, b)));
        }
        firstHalf.forEach(this::send);

        int port1 = StackPorts.freePort();
        int port2 = StackPorts.freePort();
        Path pairResults = work.resolve("pair-results");
        ServiceProcess first = aggregator("pair-1", port1, "pair", pairResults, true);
        ServiceProcess second = aggregator("pair-2", port2, "pair", pairResults, true);
        first.awaitReady(port1, PATIENCE);
        second.awaitReady(port2, PATIENCE);
        for (Slide slide : slides) {
            awaitSlide(port2, slide.id, json -> json.path("patchesScored").asInt() > 0);
        }

        // The victim: an instance that holds slides now (partitions may all have gone to one of them).
        boolean firstHolds = false;
        for (Slide slide : slides) {
            firstHolds |= holds(port1, slide.id);
        }
        ServiceProcess victim = firstHolds ? first : second;
        int victimPort = firstHolds ? port1 : port2;
        int survivorPort = firstHolds ? port2 : port1;

        // The rest streams in (about a second) while the victim dies: no slide can be complete yet.
        CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> rest.forEach(send -> {
            send(send);
            ServiceProcess.sleep(15);
        }));
        Thread.sleep(300);
        victim.kill();
        processes.remove(victim);
        streaming.get();
        ServiceProcess restarted = aggregator(victim.name() + "-restarted", victimPort, "pair", pairResults, true);
        restarted.awaitReady(victimPort, PATIENCE);
        for (Slide slide : slides) {
            awaitSlide(victimPort, slide.id, json -> "COMPLETE".equals(json.path("state").asText()));
        }

        // The reference: one instance that reads the same records without interruption.
        int reference = StackPorts.freePort();
        Path referenceResults = work.resolve("reference-results");
        aggregator("reference", reference, "reference", referenceResults, false).awaitReady(reference, PATIENCE);
        for (Slide slide : slides) {
            JsonNode done = awaitSlide(reference, slide.id, json -> "COMPLETE".equals(json.path("state").asText()));
            assertEquals(slide.patchCount, done.path("patchesScored").asInt());
            assertEquals(slide.batches().subList(0, 3).stream().mapToInt(b -> b.scores().size()).sum(),
                    done.path("duplicateScores").asInt(), "the re-sent batches count as duplicates, not as new patches");
        }

        for (Slide slide : slides) {
            for (String file : FILES) {
                byte[] expected = get(reference, slide.id, file);
                assertArrayEquals(expected, get(victimPort, slide.id, file), slide.id + " " + file + " from the restarted instance");
                assertArrayEquals(expected, get(survivorPort, slide.id, file), slide.id + " " + file + " from the other instance");
                if (!file.equals("verdict")) {
                    assertArrayEquals(Files.readAllBytes(referenceResults.resolve(slide.id).resolve(file)),
                            Files.readAllBytes(pairResults.resolve(slide.id).resolve(file)), slide.id + " " + file + " on disk");
                }
            }
            assertTrue(new String(get(victimPort, slide.id, "verdict")).contains("\"category\""));
        }
        for (Slide slide : slides) {
            for (int port : new int[] {victimPort, survivorPort}) {
                JsonNode opening = firstEvent(port, slide.id);
                assertEquals("COMPLETE", opening.path("state").asText(), "a slide's event stream starts with it as it is, on either instance");
                assertEquals(slide.patchCount, opening.path("patchesScored").asInt());
            }
        }
        JsonNode list = EventJson.mapper().readTree(get(survivorPort, null, null));
        assertEquals(slides.stream().map(s -> s.id).sorted().toList(),
                java.util.stream.StreamSupport.stream(list.spliterator(), false).map(n -> n.path("slideId").asText())
                        .filter(id -> id.startsWith("slide-crash-")).sorted().toList(),
                "either instance lists every slide");
    }

    private record Send(String slideId, ScoreBatch batch) {
    }

    private void send(Send send) {
        kafka.send(Topics.SCORE_BATCHES, send.slideId, EventJson.write(send.batch));
    }

    private ServiceProcess aggregator(String name, int port, String applicationId, Path results, boolean shared)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dslidestream.aggregator.application-id=" + applicationId,
                "-Dslidestream.aggregator.state-dir=" + work.resolve("state-" + port + "-" + applicationId),
                "-Dslidestream.aggregator.results-dir=" + results));
        if (shared) {
            command.add("-Dslidestream.aggregator.instance-url=http://127.0.0.1:" + port);
        }
        command.addAll(List.of("-jar", layout.serviceJar("aggregator-service").toString()));
        ServiceProcess process = ServiceProcess.start(name, command, java.util.Map.of(), work.resolve("logs/" + name + ".log"));
        processes.add(process);
        return process;
    }

    private JsonNode awaitSlide(int port, String slideId, java.util.function.Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        String last = "(no answer)";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/slides/" + slideId)).build(), HttpResponse.BodyHandlers.ofString());
            last = answer.statusCode() + " " + answer.body();
            if (answer.statusCode() == 200) {
                JsonNode json = EventJson.mapper().readTree(answer.body());
                if (condition.test(json)) {
                    return json;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("slide " + slideId + " on port " + port + " did not get there; last answer " + last);
    }

    /** The first server-sent event of the slide's stream on that instance. */
    private JsonNode firstEvent(int port, String slideId) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> answer = http.sendAsync(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/slides/" + slideId + "/events")).build(),
                HttpResponse.BodyHandlers.ofLines()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        try (java.util.stream.Stream<String> lines = answer.body()) {
            String data = CompletableFuture.supplyAsync(() -> lines.filter(line -> line.startsWith("data:")).findFirst().orElseThrow())
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            return EventJson.mapper().readTree(data.substring("data:".length()));
        }
    }

    /** Whether the instance holds the slide itself: a request marked as passed on is answered locally only. */
    private boolean holds(int port, String slideId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slides/" + slideId))
                .header("X-SlideStream-Forwarded", "true").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private byte[] get(int port, String slideId, String file) throws Exception {
        String path = slideId == null ? "/api/slides" : "/api/slides/" + slideId + "/" + file;
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode(), () -> path + " on port " + port + ": " + new String(answer.body()));
        return answer.body();
    }

    /** A made-up slide: an elliptic tissue region with two tumour deposits, scored in 8×8-cell batches. */
    private static final class Slide {
        final String id;
        final long seed;
        final boolean[] tissue = new boolean[COLS * ROWS];
        final int patchCount;

        Slide(String id, long seed) {
            this.id = id;
            this.seed = seed;
            int count = 0;
            for (int row = 0; row < ROWS; row++) {
                for (int col = 0; col < COLS; col++) {
                    double dx = (col - COLS / 2.0) / (COLS / 2.2);
                    double dy = (row - ROWS / 2.0) / (ROWS / 2.2);
                    tissue[row * COLS + col] = dx * dx + dy * dy <= 1;
                    count += tissue[row * COLS + col] ? 1 : 0;
                }
            }
            patchCount = count;
        }

        SlideManifest manifest() {
            GridGeometry grid = new GridGeometry("demo", 256, COLS, ROWS, List.of(
                    new InputGeometry("patch", InputRole.PATCH, 64, 1.0, 4.0, 1, 4.0, 64),
                    new InputGeometry("context", InputRole.CONTEXT, 64, 4.0, 16.0, 2, 16.0, 64)));
            SlideDescription description = new SlideDescription("aperio", COLS * 256L, ROWS * 256L,
                    List.of(new SlideDescription.Level(COLS * 256L, ROWS * 256L, 1)), 0.25, MppSource.SLIDE, 40, 256, 256);
            return new SlideManifest(Contract.SCHEMA_VERSION, id, id + ".svs", description, grid, patchCount,
                    batches().size(), new SlideManifest.TissueSummary("test", 10, 0.7), Priority.ROUTINE,
                    Instant.parse("2026-11-26T10:00:00Z"));
        }

        List<ScoreBatch> batches() {
            Random random = new Random(seed);
            List<ScoreBatch> batches = new ArrayList<>();
            for (int top = 0; top < ROWS; top += 8) {
                for (int left = 0; left < COLS; left += 8) {
                    List<PatchScore> scores = new ArrayList<>();
                    for (int row = top; row < Math.min(ROWS, top + 8); row++) {
                        for (int col = left; col < Math.min(COLS, left + 8); col++) {
                            if (tissue[row * COLS + col]) {
                                scores.add(new PatchScore(col, row, score(col, row, random)));
                            }
                        }
                    }
                    if (!scores.isEmpty()) {
                        batches.add(new ScoreBatch(Contract.SCHEMA_VERSION, id, batches.size(), "crash-test-model", scores));
                    }
                }
            }
            return batches;
        }

        private float score(int col, int row, Random random) {
            double deposit1 = Math.hypot(col - 14 - seed, row - 12);
            double deposit2 = Math.hypot(col - 32, row - 26 + seed);
            double tumour = deposit1 < 5 ? 0.9 : deposit2 < 2 + seed ? 0.8 : 0.05;
            return (float) Math.clamp(tumour + (random.nextDouble() - 0.5) * 0.1, 0, 1);
        }
    }
}
