package io.slidestream.tiler;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slidestream.core.events.Contract;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.Slide;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
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
