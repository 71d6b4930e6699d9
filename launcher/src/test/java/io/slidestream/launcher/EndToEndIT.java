package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.Lesion;
import io.slidestream.synth.LevelLayout;
import io.slidestream.synth.SlideFormat;
import io.slidestream.synth.SyntheticSlideGenerator;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.trainer.DemoModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole system as it runs in production, on one machine: a real KRaft broker and the three packaged
 * services in their own JVMs, OpenSlide reading a generated slide, the demo model scoring it through
 * DJL's TensorFlow engine. A scanner's slide-ready event goes in on Kafka; the test reads the topics and
 * the aggregator's REST API like any outside client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    private static final Duration SLIDE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(5);

    private LocalStack stack;
    private TopicProbe kafka;
    private SlideStreamClient client;
    private Path slides;
    private Path home;
    private Path work;
    private GroundTruth truth;

    @BeforeAll
    void startStack() throws Exception {
        StackLayout layout = StackLayout.fromSystemProperty();
        Path model = DemoModel.ensure(Path.of(System.getProperty("slidestream.cache"), "demo-model"));
        home = layout.home();
        work = Files.createDirectories(home.resolve("launcher/target/e2e"));
        slides = Files.createDirectories(work.resolve("slides"));
        truth = SyntheticSlideGenerator.generate(SyntheticSlideSpec.forTests(4242), slides.resolve("e2e-slide.tiff"));
        Path fixtures = Path.of(System.getProperty("slidestream.testdata"), "slides").toAbsolutePath();
        stack = LocalStack.start(layout, StackPorts.free(), work, List.of(slides, fixtures), model);
        kafka = new TopicProbe(stack.ports().bootstrapServers());
        client = new SlideStreamClient(stack.ports());
    }

    @AfterAll
    void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void scannerSlideIsTiledScoredOnceEachAndStitchedIntoAMaskThatMatchesTheGroundTruth() throws Exception {
        String slideId = "e2e-scanner-slide";
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(
                SlideReady.of(slideId, slides.resolve("e2e-slide.tiff").toString(), "e2e-scanner")));

        long start = System.nanoTime();
        JsonNode status = client.awaitFinal(slideId, SLIDE_TIMEOUT, s -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("COMPLETE", status.path("state").asText(), status.toString());

        // Every tissue patch the tiler published was scored exactly once.
        int total = status.path("patchesTotal").asInt();
        List<PatchBatch> batches = kafka.readValues(Topics.PATCH_BATCHES, slideId, Integer.MAX_VALUE, READ_TIMEOUT)
                .stream().map(json -> EventJson.read(json, PatchBatch.class)).toList();
        Map<Long, Integer> scoresPerCell = new HashMap<>();
        batches.forEach(b -> b.patches().forEach(p -> scoresPerCell.put(cell(p.col(), p.row()), 0)));
        assertEquals(total, scoresPerCell.size(), "distinct patches published vs manifest");
        assertTrue(total > 100, "a 4k test slide has hundreds of tissue patches: " + total);
        List<ScoreBatch> scores = kafka.readValues(Topics.SCORE_BATCHES, slideId, batches.size(), READ_TIMEOUT)
                .stream().map(json -> EventJson.read(json, ScoreBatch.class)).toList();
        assertEquals(batches.size(), scores.size(), "one score batch per patch batch");
        for (ScoreBatch batch : scores) {
            for (ScoreBatch.PatchScore score : batch.scores()) {
                Integer seen = scoresPerCell.computeIfPresent(cell(score.col(), score.row()), (k, v) -> v + 1);
                assertTrue(seen != null, "score for a cell that was never published: " + score);
                assertTrue(score.score() >= 0 && score.score() <= 1, "probability " + score.score());
            }
        }
        Map<Integer, Long> histogram = scoresPerCell.values().stream()
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        assertEquals(Map.of(1, (long) total), histogram, "cells by number of scores: each patch scored exactly once");
        assertEquals(total, status.path("patchesScored").asInt());
        assertEquals(0, status.path("duplicateScores").asInt());

        // The stitched mask has the grid's size and agrees with the generator's ground truth.
        byte[] maskPng = client.output(slideId, "mask.png");
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(maskPng));
        assertEquals(status.path("grid").path("cols").asInt(), mask.getWidth());
        assertEquals(status.path("grid").path("rows").asInt(), mask.getHeight());
        byte[] scoresCsv = client.output(slideId, "scores.csv");
        assertEquals(total + 1, new String(scoresCsv, StandardCharsets.UTF_8).strip().lines().count(),
                "scores.csv: a header and one row per scored patch");
        GridAgreement agreement = GridAgreement.ofOutputs(truth, maskPng, scoresCsv,
                status.path("grid").path("cellSize").asDouble());
        System.out.printf("end-to-end: %d patches in %.1f s (%.1f patches/s); %s%n", total, seconds,
                total / seconds, agreement);
        assertTrue(agreement.truePositives() > 0, agreement.toString());
        assertTrue(agreement.kappa() >= 0.6, "agreement with ground truth far above chance (kappa 0): " + agreement);
        assertTrue(agreement.dice() >= 0.6, agreement.toString());

        // mask.tiff is a pyramidal TIFF that OpenSlide opens, in the slide's frame, with tumour in it.
        Path maskTiff = Files.write(work.resolve("e2e-mask.tiff"), client.output(slideId, "mask.tiff"));
        try (Slide tiff = Slide.open(maskTiff)) {
            assertEquals("generic-tiff", tiff.property("openslide.vendor").orElse(null),
                    "OpenSlide opens mask.tiff as a generic tiled TIFF: " + tiff.properties());
            double downsample = (double) truth.width() / tiff.width();
            assertEquals(truth.height() / downsample, tiff.height(), 1.0 + truth.height() / downsample * 0.01,
                    "mask.tiff keeps the slide's aspect: " + tiff.width() + "x" + tiff.height());
            int top = tiff.levelCount() - 1;
            RgbImage coarsest = tiff.read(new RegionRequest(top, 0, 0, (int) tiff.levelWidth(top),
                    (int) tiff.levelHeight(top)));
            int tumourPixels = 0;
            for (int y = 0; y < coarsest.height(); y++) {
                for (int x = 0; x < coarsest.width(); x++) {
                    tumourPixels += (coarsest.rgbAt(x, y) & 0xff) == 0xff ? 1 : 0;
                }
            }
            assertTrue(tumourPixels > 0, "mask.tiff's coarsest level shows the tumour");
        }

        // regions.geojson covers the ground-truth lesions: each lesion larger than one grid cell has its
        // centre inside some tumour polygon (level-0 pixels).
        JsonNode regions = EventJson.mapper().readTree(client.output(slideId, "regions.geojson"));
        assertEquals("FeatureCollection", regions.path("type").asText(), regions.toString());
        List<Geometry> polygons = new ArrayList<>();
        regions.path("features").forEach(f -> polygons.add(geometry(f.path("geometry"))));
        double cellEdgeUm = status.path("grid").path("cellEdgeUm").asDouble();
        List<Lesion> larger = truth.lesions().stream().filter(l -> l.diameterUm() > cellEdgeUm).toList();
        assertFalse(larger.isEmpty(), "the test slide has lesions larger than a cell: " + truth.lesions());
        GeometryFactory geometries = new GeometryFactory();
        for (Lesion lesion : larger) {
            Point centre = geometries.createPoint(new Coordinate(lesion.centreX(), lesion.centreY()));
            assertTrue(polygons.stream().anyMatch(p -> p.covers(centre)),
                    "lesion " + lesion + " has its centre in no region of regions.geojson (" + polygons.size()
                            + " regions)");
        }
    }

    /** A GeoJSON Polygon or MultiPolygon as a JTS geometry. */
    private static Geometry geometry(JsonNode geoJson) {
        GeometryFactory factory = new GeometryFactory();
        return switch (geoJson.path("type").asText()) {
            case "Polygon" -> polygon(factory, geoJson.path("coordinates"));
            case "MultiPolygon" -> {
                List<Polygon> parts = new ArrayList<>();
                geoJson.path("coordinates").forEach(rings -> parts.add(polygon(factory, rings)));
                yield factory.createMultiPolygon(parts.toArray(Polygon[]::new));
            }
            default -> throw new AssertionError("not a (Multi)Polygon: " + geoJson);
        };
    }

    private static Polygon polygon(GeometryFactory factory, JsonNode rings) {
        List<LinearRing> linear = new ArrayList<>();
        for (JsonNode ring : rings) {
            List<Coordinate> coordinates = new ArrayList<>();
            ring.forEach(point -> coordinates.add(new Coordinate(point.get(0).asDouble(), point.get(1).asDouble())));
            linear.add(factory.createLinearRing(coordinates.toArray(Coordinate[]::new)));
        }
        return factory.createPolygon(linear.get(0), linear.subList(1, linear.size()).toArray(LinearRing[]::new));
    }

    @Test
    void unreadableSlideEndsFailedWithOpenSlidesReasonOnTheAggregator() {
        String slideId = "e2e-unreadable";
        Path unreadable = Path.of(System.getProperty("slidestream.testdata"), "slides", "unreadable.svs").toAbsolutePath();
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(SlideReady.of(slideId, unreadable.toString(), "e2e")));
        JsonNode status = client.awaitFinal(slideId, Duration.ofMinutes(2), s -> { });
        assertEquals("FAILED", status.path("state").asText());
        assertTrue(status.path("reason").asText().contains("unreadable.svs"), status.toString());
    }

    @Test
    void fortyXAperioAndOneLevelSlidesCompleteAndNoEventOrLogCarriesTheirPersonalData() throws Exception {
        SyntheticSlideSpec tissue = SyntheticSlideSpec.forTests(4343);
        Path aperio = slides.resolve("e2e-aperio.svs");
        GroundTruth aperioTruth = SyntheticSlideGenerator.generate(tissue.withMppKeepingArea(0.25)
                .withLevels(LevelLayout.FOUR_X).withFormat(SlideFormat.APERIO_SVS), aperio);
        Path flat = slides.resolve("e2e-flat.tiff");
        SyntheticSlideGenerator.generate(tissue.withLevels(LevelLayout.SINGLE), flat);

        String aperioId = client.submit(aperio.toString());
        String flatId = client.submit(flat.toString());
        JsonNode aperioStatus = client.awaitFinal(aperioId, SLIDE_TIMEOUT, s -> { });
        JsonNode flatStatus = client.awaitFinal(flatId, SLIDE_TIMEOUT, s -> { });
        for (JsonNode status : List.of(aperioStatus, flatStatus)) {
            assertEquals("COMPLETE", status.path("state").asText(), status.toString());
            assertEquals(status.path("patchesTotal").asInt(), status.path("patchesScored").asInt());
            assertEquals(32, status.path("grid").path("cols").asInt(), "64 µm cells on a 2 mm slide");
        }
        assertEquals(4.0, aperioStatus.path("slide").path("levels").get(1).path("downsample").asDouble(), 1e-9);
        assertEquals(1, flatStatus.path("slide").path("levels").size());
        // Same tissue, same cells: the 40x scan and the flat 20x one agree on nearly every patch.
        int a = aperioStatus.path("patchesTotal").asInt();
        int f = flatStatus.path("patchesTotal").asInt();
        assertTrue(Math.abs(a - f) <= 0.03 * a, a + " vs " + f + " tissue patches");

        List<String> forbidden = new ArrayList<>(aperioTruth.phiValues());
        forbidden.add(slides.toString());
        List<String> events = new ArrayList<>();
        for (String topic : List.of(Topics.SLIDE_MANIFESTS, Topics.PATCH_BATCHES, Topics.SCORE_BATCHES, Topics.SLIDE_STATUS)) {
            events.addAll(kafka.readValues(topic, aperioId, Integer.MAX_VALUE, Duration.ofSeconds(5)));
        }
        assertTrue(events.size() > 10, events.size() + " events of the Aperio slide");
        for (String event : events) {
            for (String value : forbidden) {
                assertFalse(event.contains(value), "an event carries '" + value + "': " + event);
            }
        }
        for (ServiceProcess service : stack.processes()) {
            String log = Files.readString(service.log());
            for (String value : aperioTruth.phiValues()) {
                assertFalse(log.contains(value), service.name() + "'s log carries '" + value + "'");
            }
        }
    }

    /**
     * The dashboard in real headless Chromium: launcher/src/test/browser/dashboard-check.mjs (playwright-core
     * driving Debian's /usr/bin/chromium) loads the aggregator's page, follows the slide to COMPLETE and its
     * verdict, opens the OpenSeadragon view, checks tiles, overlay and opacity slider, the lesion list and a
     * click-to-zoom, the six downloads, and leaves launcher/target/e2e/dashboard.png. ./slidestream test
     * installs Chromium and the script's npm packages first; here their absence fails the test.
     */
    @Test
    void dashboardShowsTheSlideWithItsOverlayLesionsAndDownloadsInHeadlessChromium() throws Exception {
        Path browser = home.resolve("launcher/src/test/browser");
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assertTrue(Files.isExecutable(chromium), "no Chromium at " + chromium
                + ": install Debian's chromium package (apt-get install -y chromium; ./slidestream test does it as root)");
        assertTrue(Files.isDirectory(browser.resolve("node_modules/playwright-core")),
                "playwright-core is not installed: run 'npm ci' in " + browser + " (./slidestream test does)");

        String slideId = client.submit(slides.resolve("e2e-slide.tiff").toString());
        JsonNode status = client.awaitFinal(slideId, SLIDE_TIMEOUT, s -> { });
        assertEquals("COMPLETE", status.path("state").asText(), status.toString());
        JsonNode verdict = EventJson.mapper().readTree(client.output(slideId, "verdict"));
        int lesions = verdict.path("lesions").size();
        assertTrue(lesions > 0, "the test slide has tumour, so the verdict lists lesions to click: " + verdict);

        // The slide's own event stream (the dashboard's slide view follows it) answers as server-sent events.
        HttpResponse<java.io.InputStream> events = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.ports().aggregator() + "/api/slides/" + slideId + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = events.body()) {
            assertEquals(200, events.statusCode(), "GET /api/slides/{id}/events");
            assertTrue(events.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    events.headers().map().toString());
        }

        Path screenshot = work.resolve("dashboard.png");
        Files.deleteIfExists(screenshot);
        Path log = work.resolve("dashboard-check.log");
        Process node;
        try {
            node = new ProcessBuilder("node", browser.resolve("dashboard-check.mjs").toString(),
                    "http://127.0.0.1:" + stack.ports().aggregator(), slideId, Integer.toString(lesions),
                    screenshot.toString())
                    .directory(browser.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node (Node.js 18+ must be on PATH): " + e.getMessage(), e);
        }
        boolean exited = node.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            node.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertTrue(exited, "dashboard-check.mjs still running after " + BROWSER_TIMEOUT + ":\n" + output);
        assertEquals(0, node.exitValue(), "dashboard-check.mjs failed:\n" + output);
        assertTrue(Files.size(screenshot) > 10_000, "screenshot " + screenshot);
    }

    private static long cell(int col, int row) {
        return ((long) row << 32) | col;
    }
}
