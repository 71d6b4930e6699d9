package io.slidestream.tiler;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.InputGeometry;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.GroundTruth;
import io.slidestream.synth.LevelLayout;
import io.slidestream.synth.ResolutionMetadata;
import io.slidestream.synth.SlideFormat;
import io.slidestream.synth.SyntheticSlideSpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestModelResource.class, scope = TestResourceScope.GLOBAL)
class TilerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TopicProbe kafka;

    @BeforeAll
    static void connect() {
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** A 4096² px, 0.5 µm/px slide with 2× steps, as most generic TIFFs are. */
    private static Path twentyX() {
        return TestSlides.generated("twenty-x.tiff", SyntheticSlideSpec.forTests(5001));
    }

    private static String submit(String body, int status) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/slides")
                .then().statusCode(status).extract().path("slideId");
    }

    private static String pathBody(Path path) {
        return "{\"path\":\"" + path + "\"}";
    }

    private static SlideManifest manifest(String slideId) {
        List<String> manifests = kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT);
        assertEquals(1, manifests.size(), "one manifest for " + slideId);
        return EventJson.read(manifests.getFirst(), SlideManifest.class);
    }

    private static List<SlideStatus> statuses(String slideId, int expected) {
        return kafka.readValues(Topics.SLIDE_STATUS, slideId, expected, WAIT).stream()
                .map(json -> EventJson.read(json, SlideStatus.class)).toList();
    }

    /** The slide's FAILED status, waited for. */
    private static SlideStatus failure(String slideId) {
        List<SlideStatus> failed = kafka.read(Topics.SLIDE_STATUS, r -> slideId.equals(r.key())
                && EventJson.read(r.value(), SlideStatus.class).state() == SlideState.FAILED, 1, WAIT).stream()
                .map(r -> EventJson.read(r.value(), SlideStatus.class)).toList();
        assertEquals(1, failed.size(), "slide " + slideId + " ended FAILED");
        return failed.getFirst();
    }

    private static void scanner(String slideId, Path path) {
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(SlideReady.of(slideId, path.toString(), "scanner-7")));
    }

    @Test
    void slideSubmittedOverRestIsPlannedAtTheModelsResolutionAndNoEventShowsAHostPath() {
        String slideId = submit(pathBody(twentyX()), 202);
        assertTrue(slideId.matches("slide-[0-9a-f]{16}"), slideId);

        SlideManifest manifest = manifest(slideId);
        assertEquals("twenty-x.tiff", manifest.slideRef());
        assertEquals(MppSource.SLIDE, manifest.slide().mppSource());
        assertEquals(0.5, manifest.slide().mpp(), 1e-6);
        assertEquals(TestModelResource.MODEL, manifest.grid().profile());
        // 64 µm cells of 128 px; the patch input is level 1 as it is, the context level 3 as it is.
        assertEquals(128, manifest.grid().cellSize(), 1e-9);
        assertEquals(32, manifest.grid().cols());
        assertEquals(1, manifest.grid().inputs().get(0).level());
        assertEquals(3, manifest.grid().inputs().get(1).level());
        assertEquals(64, manifest.grid().inputs().get(1).readSize());
        assertTrue(manifest.tissue().method().startsWith("otsu-saturation"), manifest.tissue().method());
        // Half of a 2 x 2 mm slide is tissue.
        assertTrue(manifest.tissue().areaMm2() > 1 && manifest.tissue().areaMm2() < 3, manifest.tissue().toString());
        assertEquals(Priority.ROUTINE, manifest.priority());

        List<String> batchJson = kafka.readValues(Topics.PATCH_BATCHES, slideId, manifest.batchCount(), WAIT);
        assertEquals(manifest.batchCount(), batchJson.size());
        Set<Integer> cells = new HashSet<>();
        for (String json : batchJson) {
            PatchBatch batch = EventJson.read(json, PatchBatch.class);
            assertEquals("twenty-x.tiff", batch.slideRef());
            for (PatchBatch.PatchRef patch : batch.patches()) {
                assertTrue(cells.add(manifest.grid().cellIndex(patch.col(), patch.row())), "patch listed twice");
                assertEquals(manifest.grid().originX(patch.col()), patch.x());
            }
        }
        assertEquals(manifest.patchCount(), cells.size());
        assertTrue(manifest.patchCount() > 300 && manifest.patchCount() < manifest.grid().cellCount(),
                manifest.patchCount() + " tissue patches");

        List<String> statusJson = kafka.readValues(Topics.SLIDE_STATUS, slideId, 3, WAIT);
        assertEquals(List.of(SlideState.QUEUED, SlideState.TILING, SlideState.SCORING),
                statusJson.stream().map(j -> EventJson.read(j, SlideStatus.class).state()).toList());
        String hostRoot = TestSlides.GENERATED_ROOT.toString();
        for (String json : concat(batchJson, statusJson, kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT))) {
            assertFalse(json.contains(hostRoot), "an event shows where the tiler mounts its slides: " + json);
        }
    }

    @Test
    void sameFileAndProfileAgainGiveTheKnownSlideAndForceAnalysesItAgain() {
        Path slide = TestSlides.generated("again.tiff", SyntheticSlideSpec.forTests(5002));
        String first = submit(pathBody(slide), 202);
        manifest(first);

        given().contentType(ContentType.JSON).body(pathBody(slide)).when().post("/api/slides")
                .then().statusCode(200).body("slideId", is(first)).body("existing", is(true));
        assertEquals(1, kafka.readValues(Topics.SLIDE_MANIFESTS, first, 2, Duration.ofSeconds(3)).size(),
                "not tiled again");

        String forced = submit("{\"path\":\"" + slide + "\",\"force\":true}", 202);
        assertEquals(first, forced);
        assertEquals(2, kafka.readValues(Topics.SLIDE_MANIFESTS, first, 2, WAIT).size(), "tiled again on request");

        String otherProfile = submit("{\"path\":\"" + slide + "\",\"profile\":\"tiny\"}", 202);
        assertFalse(first.equals(otherProfile), "another profile is another analysis");
    }

    @Test
    void scannerSendingTheSameFileAgainIsNotTiledTwice() {
        Path slide = TestSlides.generated("rescanned.tiff", SyntheticSlideSpec.forTests(5003));
        kafka.send(Topics.SLIDE_READY, "", EventJson.write(SlideReady.of("", slide.toString(), "scanner-7")));
        String id = given().contentType(ContentType.JSON).body(pathBody(slide)).when().post("/api/slides")
                .then().extract().path("slideId");
        assertEquals(1, kafka.readValues(Topics.SLIDE_MANIFESTS, id, 2, Duration.ofSeconds(5)).size());
        kafka.send(Topics.SLIDE_READY, "", EventJson.write(SlideReady.of("", slide.toString(), "scanner-7")));
        assertEquals(1, kafka.readValues(Topics.SLIDE_MANIFESTS, id, 2, Duration.ofSeconds(5)).size(),
                "the stable id is known: the second event is skipped");
    }

    @Test
    void plainImageIsAOneLevelSlideWhoseResolutionTheRequestMustGive() throws IOException {
        Path png = TestSlides.GENERATED_ROOT.resolve("photograph.png");
        try (Slide slide = Slide.open(twentyX())) {
            ImageIO.write(slide.read(new RegionRequest(0, 1024, 1024, 1024, 768)).toBufferedImage(), "png", png.toFile());
        }
        String withoutMpp = submit(pathBody(png), 202);
        assertTrue(failure(withoutMpp).reason().contains("give \"mpp\""), "reason names what is missing");

        String withMpp = submit("{\"path\":\"" + png + "\",\"mpp\":0.5,\"profile\":\"tiny\"}", 202);
        SlideManifest manifest = manifest(withMpp);
        assertEquals(MppSource.REQUEST, manifest.slide().mppSource());
        assertEquals(1, manifest.slide().levelCount());
        assertEquals("image/png", manifest.slide().vendor());
        assertEquals(32, manifest.grid().inputs().getFirst().readSize(), "16 px at 1 µm from 0.5 µm pixels");
        assertTrue(manifest.patchCount() > 0);
    }

    @Test
    void oneLevelTwoTimesAndFourTimesPyramidsOfTheSameTissueGiveTheSameCellsAtTheirOwnLevels() {
        SyntheticSlideSpec tissue = SyntheticSlideSpec.forTests(5010);
        SlideManifest twoX = manifest(submit(pathBody(TestSlides.generated("layout-2x.tiff", tissue)), 202));
        SlideManifest single = manifest(submit(pathBody(TestSlides.generated("layout-single.tiff",
                tissue.withLevels(LevelLayout.SINGLE))), 202));
        // A 40x Aperio scan of the same tissue: 0.25 µm/px, levels 4x apart.
        SlideManifest fourX = manifest(submit(pathBody(TestSlides.generated("layout-4x.svs",
                tissue.withMppKeepingArea(0.25).withLevels(LevelLayout.FOUR_X).withFormat(SlideFormat.APERIO_SVS))), 202));

        assertEquals(List.of(1.0, 2.0, 4.0, 8.0), twoX.slide().levels().stream()
                .map(SlideDescription.Level::downsample).toList());
        assertEquals(1, single.slide().levelCount());
        assertEquals("aperio", fourX.slide().vendor());
        assertEquals(4.0, fourX.slide().level(1).downsample(), 1e-9);
        for (SlideManifest m : List.of(twoX, single, fourX)) {
            assertEquals(32, m.grid().cols(), m.slide().vendor());
            assertEquals(32, m.grid().rows());
            assertEquals(64.0, m.grid().cellSize() * m.slide().mpp(), 1e-9, "64 µm cells");
        }
        // Where each input is read: as it is where a level matches, else resampled from a finer one.
        assertInput(twoX.grid().inputs().get(0), 1, 64);
        assertInput(twoX.grid().inputs().get(1), 3, 64);
        assertInput(single.grid().inputs().get(0), 0, 128);
        assertInput(single.grid().inputs().get(1), 0, 512);
        assertInput(fourX.grid().inputs().get(0), 1, 64);
        assertInput(fourX.grid().inputs().get(1), 2, 64);

        Set<Long> twoXCells = tissueCells(twoX);
        for (SlideManifest other : List.of(single, fourX)) {
            Set<Long> cells = tissueCells(other);
            Set<Long> both = new HashSet<>(cells);
            both.retainAll(twoXCells);
            Set<Long> either = new HashSet<>(cells);
            either.addAll(twoXCells);
            assertTrue(both.size() >= 0.95 * either.size(), "tissue cells agree: " + both.size() + " of " + either.size());
        }
    }

    @Test
    void slideWithOnlyAnObjectivePowerIsAnalysedAtTenMicronsOverTheMagnification() {
        Path slide = TestSlides.generated("objective-only.svs", SyntheticSlideSpec.forTests(5011).withMppKeepingArea(0.25)
                .withFormat(SlideFormat.APERIO_SVS).withResolution(ResolutionMetadata.OBJECTIVE_ONLY));
        SlideManifest manifest = manifest(submit(pathBody(slide), 202));
        assertEquals(MppSource.OBJECTIVE_POWER, manifest.slide().mppSource());
        assertEquals(40, manifest.slide().objectivePower(), 1e-9);
        assertEquals(0.25, manifest.slide().mpp(), 1e-9);
        assertEquals(32, manifest.grid().cols());
    }

    @Test
    void slideWithoutAnyResolutionUsesTheRequestsOrTheConfiguredDefault() {
        Path slide = TestSlides.generated("no-resolution.tiff", SyntheticSlideSpec.forTests(5012)
                .withResolution(ResolutionMetadata.NONE));
        SlideManifest defaulted = manifest(submit(pathBody(slide), 202));
        assertEquals(MppSource.CONFIGURED_DEFAULT, defaulted.slide().mppSource());
        assertEquals(0.25, defaulted.slide().mpp(), 1e-9);
        String again = submit("{\"path\":\"" + slide + "\",\"mpp\":0.5,\"force\":true}", 202);
        SlideManifest told = EventJson.read(kafka.readValues(Topics.SLIDE_MANIFESTS, again, 2, WAIT).getLast(),
                SlideManifest.class);
        assertEquals(MppSource.REQUEST, told.slide().mppSource());
        assertEquals(32, told.grid().cols());
    }

    @Test
    void noEventOfAnAperioSlideCarriesItsPersonalDataItsLabelOrAHostPath() {
        Path slide = TestSlides.generated("phi.svs", SyntheticSlideSpec.forTests(5013).withFormat(SlideFormat.APERIO_SVS));
        GroundTruth truth = TestSlides.truth("phi.svs");
        assertTrue(truth.phiValues().size() >= 5, truth.phiValues().toString());
        try (Slide open = Slide.open(slide)) {
            assertTrue(open.associatedImageNames().containsAll(List.of("label", "macro")), "the file has a label");
        }
        String slideId = submit("{\"path\":\"" + slide + "\",\"priority\":\"urgent\"}", 202);
        SlideManifest manifest = manifest(slideId);
        List<String> events = concat(kafka.readValues(Topics.SLIDE_STATUS, slideId, 3, WAIT),
                kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT),
                kafka.readValues(Topics.PATCH_BATCHES_URGENT, slideId, manifest.batchCount(), WAIT),
                kafka.readValues(Topics.SLIDE_READY, slideId, 1, WAIT));
        assertEquals(3 + 1 + manifest.batchCount() + 1, events.size());
        List<String> forbidden = new java.util.ArrayList<>(truth.phiValues());
        forbidden.add(TestSlides.GENERATED_ROOT.toString());
        for (String event : events.subList(0, events.size() - 1)) { // the slide-ready is the client's own request
            for (String value : forbidden) {
                assertFalse(event.contains(value), "an event carries '" + value + "': " + event);
            }
            assertFalse(event.contains("label") || event.contains("macro") || event.contains("ImageDescription"),
                    "associated images and raw properties stay in the tiler: " + event);
        }
        assertEquals("aperio", manifest.slide().vendor());
    }

    private static void assertInput(InputGeometry input, int level, int readSize) {
        assertEquals(level, input.level(), input.toString());
        assertEquals(readSize, input.readSize(), input.toString());
    }

    private static Set<Long> tissueCells(SlideManifest manifest) {
        Set<Long> cells = new HashSet<>();
        String topic = Topics.patchBatches(manifest.priority());
        for (String json : kafka.readValues(topic, manifest.slideId(), manifest.batchCount(), WAIT)) {
            for (PatchBatch.PatchRef p : EventJson.read(json, PatchBatch.class).patches()) {
                cells.add(((long) p.row() << 32) | p.col());
            }
        }
        return cells;
    }

    @Test
    void slideThatDoesNotSayItsResolutionUsesTheConfiguredDefaultAndSaysSo() {
        // boxes.tiff's resolution tags hold a 72 dpi screen default: no physical size.
        String slideId = submit("{\"path\":\"" + TestSlides.fixture("boxes.tiff") + "\",\"profile\":\"tiny\"}", 202);
        SlideManifest manifest = manifest(slideId);
        assertEquals(MppSource.CONFIGURED_DEFAULT, manifest.slide().mppSource());
        assertEquals(0.25, manifest.slide().mpp(), 1e-9);
        assertEquals(4, manifest.slide().levelCount());
        assertEquals("generic-tiff", manifest.slide().vendor());
    }

    @Test
    void slideTooSmallForTheProfileEndsFailedSayingWhy() {
        String slideId = "scanner-too-small-1";
        scanner(slideId, TestSlides.fixture("small.svs"));
        SlideStatus failed = failure(slideId);
        assertTrue(failed.reason().contains("small.svs") && failed.reason().contains("smaller than one 64 µm patch"),
                failed.reason());
    }

    @Test
    void urgentSlidesBatchesTravelOnTheUrgentTopic() {
        Path slide = TestSlides.generated("urgent.tiff", SyntheticSlideSpec.forTests(5004));
        String slideId = submit("{\"path\":\"" + slide + "\",\"priority\":\"urgent\"}", 202);
        SlideManifest manifest = manifest(slideId);
        assertEquals(Priority.URGENT, manifest.priority());
        assertEquals(manifest.batchCount(), kafka.readValues(Topics.PATCH_BATCHES_URGENT, slideId, manifest.batchCount(),
                WAIT).size());
        assertTrue(kafka.readValues(Topics.PATCH_BATCHES, slideId, 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void bodiesThatAreNotJsonOrHaveWrongTypesAreAnsweredWithAJsonReason() {
        given().contentType(ContentType.JSON).body("{this is not json").when().post("/api/slides")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("").when().post("/api/slides")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("path"));
        given().contentType(ContentType.JSON).body("{\"path\":\"/x.svs\",\"mpp\":\"fine\"}").when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("\"mpp\""));
        given().contentType(ContentType.JSON).body("{\"path\":[\"/x.svs\"]}").when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("\"path\""));
        given().contentType(ContentType.JSON).body("{\"path\":\"" + twentyX() + "\",\"priority\":\"soon\"}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("must be one of urgent, routine"));
        given().contentType(ContentType.TEXT).body("path=/x.svs").when().post("/api/slides")
                .then().statusCode(415).contentType(ContentType.JSON)
                .body("error", containsString("Content-Type: application/json"));
        given().when().get("/api/nothing-here")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", is("not found"));
        given().when().delete("/api/slides")
                .then().statusCode(405).contentType(ContentType.JSON).body("error", containsString("not allowed"));
    }

    @Test
    void unknownProfileAndImpossibleMppAreRefused() {
        given().contentType(ContentType.JSON).body("{\"path\":\"" + twentyX() + "\",\"profile\":\"nope\"}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("unknown analysis profile 'nope'"))
                .body("error", containsString("tiny"));
        given().contentType(ContentType.JSON).body("{\"path\":\"" + twentyX() + "\",\"mpp\":-2}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("mpp must be in"));
    }

    @Test
    void pathOutsideTheSlideRootsIsRefusedWithAClearError() {
        given().contentType(ContentType.JSON).body("{\"path\":\"/etc/passwd\"}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("outside the slide roots"))
                .body("error", containsString("/etc/passwd"));
    }

    @Test
    void pathEscapingTheRootsWithDotDotIsRefused() {
        given().contentType(ContentType.JSON).body(pathBody(TestSlides.fixture("boxes.tiff").resolve("../../../../etc/passwd")))
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("outside the slide roots"));
    }

    @Test
    void missingSlideFileIsRefused() {
        given().contentType(ContentType.JSON).body(pathBody(TestSlides.fixture("no-such-slide.svs")))
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("no slide file"));
    }

    @Test
    void relativePathIsRefused() {
        given().contentType(ContentType.JSON).body("{\"path\":\"slides/boxes.tiff\"}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("must be absolute"));
    }

    @Test
    void bodyWithoutPathIsRefused() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("no slide path"));
    }

    @Test
    void unopenableSlideFromAScannerEndsFailedWithOpenSlidesReasonAndNoHostPath() {
        String slideId = "scanner-unopenable-1";
        scanner(slideId, TestSlides.fixture("unopenable.tiff"));
        SlideStatus failed = failure(slideId);
        assertTrue(failed.reason().contains("unopenable.tiff") && failed.reason().contains("Unsupported TIFF compression"),
                failed.reason());
        assertFalse(failed.reason().contains(System.getProperty("slidestream.testdata")), failed.reason());
    }

    @Test
    void unreadableSlideEndsFailedAndPublishesNoPatches() {
        String slideId = "scanner-unreadable-1";
        scanner(slideId, TestSlides.fixture("unreadable.svs"));
        SlideStatus failed = failure(slideId);
        assertTrue(failed.reason().contains("Bogus marker length"), failed.reason());
        assertTrue(kafka.readValues(Topics.PATCH_BATCHES, slideId, 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void scannerPathOutsideTheRootsEndsFailedWithoutEchoingThePath() {
        String slideId = "scanner-outside-1";
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(new SlideReady(Contract.SCHEMA_VERSION, slideId,
                "/home/DOE-JANE/slide.svs", "scanner-7", Instant.now(), null, null, null, false)));
        SlideStatus failed = failure(slideId);
        assertTrue(failed.reason().contains("outside the slide roots"), failed.reason());
        assertFalse(failed.reason().contains("DOE-JANE"), failed.reason());
    }

    @Test
    void scannerIdThatIsUnsafeInUrlsAndFileNamesIsRefusedAndNothingIsPublishedUnderIt() {
        String unsafe = "../<script>";
        scanner(unsafe, TestSlides.generated("unsafe-id.tiff", SyntheticSlideSpec.forTests(5014)));
        String next = "after-unsafe-id-1";
        scanner(next, TestSlides.generated("after-unsafe-id.tiff", SyntheticSlideSpec.forTests(5015)));
        manifest(next);
        assertTrue(kafka.readValues(Topics.SLIDE_MANIFESTS, unsafe, 1, Duration.ofSeconds(1)).isEmpty());
        assertTrue(kafka.readValues(Topics.SLIDE_STATUS, unsafe, 1, Duration.ofSeconds(1)).isEmpty());
    }

    @Test
    void malformedSlideReadyGoesToTheDeadLetterTopicAndTheNextSlideIsTiled() {
        kafka.send(Topics.SLIDE_READY, "poison-1", "{this is not json");
        String slideId = "after-poison-1";
        scanner(slideId, TestSlides.generated("after-poison.tiff", SyntheticSlideSpec.forTests(5005)));

        List<String> dead = kafka.readValues(Topics.deadLetter(Topics.SLIDE_READY), "poison-1", 1, WAIT);
        assertEquals(List.of("{this is not json"), dead);
        manifest(slideId);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        submit(pathBody(TestSlides.generated("observed.tiff", SyntheticSlideSpec.forTests(5006))), 202);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'analysis-profiles' }.status", is("UP"))
                .body("checks.find { it.name == 'Kafka connection health check' }.status", is("UP"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> given().when().get("/q/metrics").asString()
                .contains("slidestream_tiler_slides_total{outcome=\"tiled\""));
        String metrics = given().when().get("/q/metrics").asString();
        assertTrue(metrics.contains("slidestream_tiler_patches_emitted_total"), "patches emitted");
        assertTrue(metrics.contains("slidestream_tiler_tiling_seconds_count"), "tiling seconds");
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/slides'.post.summary", is("Submit a slide for analysis"))
                .body("paths.'/api/slides'.post.responses.'400'", org.hamcrest.Matchers.notNullValue());
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
