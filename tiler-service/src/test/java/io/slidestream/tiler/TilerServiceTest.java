package io.slidestream.tiler;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
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

    private static String slide(String name) {
        return Path.of(System.getProperty("slidestream.testdata"), "slides", name).toAbsolutePath().toString();
    }

    private static String submit(String path) {
        return given().contentType(ContentType.JSON).body("{\"path\":\"" + path + "\"}")
                .when().post("/api/slides")
                .then().statusCode(202).extract().path("slideId");
    }

    private static List<SlideStatus> statuses(String slideId, int expected) {
        return kafka.readValues(Topics.SLIDE_STATUS, slideId, expected, WAIT).stream()
                .map(json -> EventJson.read(json, SlideStatus.class)).toList();
    }

    @Test
    void slideSubmittedOverRestIsTiledIntoAManifestAndBatchesOfDistinctTissuePatches() {
        String slideId = submit(slide("boxes.tiff"));
        assertTrue(slideId.startsWith("boxes-"), slideId);

        List<String> manifests = kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT);
        assertEquals(1, manifests.size());
        SlideManifest manifest = EventJson.read(manifests.getFirst(), SlideManifest.class);
        assertEquals(300, manifest.width());
        assertEquals(1, manifest.grid().level());
        assertEquals(3, manifest.grid().contextLevel());
        assertEquals(150 / 16, manifest.grid().cols());
        assertTrue(manifest.patchCount() > 0 && manifest.patchCount() < manifest.grid().cellCount(),
                "boxes.tiff has tissue-like boxes on white: " + manifest.patchCount());

        List<PatchBatch> batches = kafka.readValues(Topics.PATCH_BATCHES, slideId, manifest.batchCount(), WAIT)
                .stream().map(json -> EventJson.read(json, PatchBatch.class)).toList();
        assertEquals(manifest.batchCount(), batches.size());
        Set<Integer> cells = new HashSet<>();
        for (PatchBatch batch : batches) {
            for (PatchBatch.PatchRef patch : batch.patches()) {
                assertTrue(cells.add(manifest.grid().cellIndex(patch.col(), patch.row())), "patch listed twice");
                assertEquals(manifest.grid().originX(patch.col()), patch.x());
                assertEquals(manifest.grid().originY(patch.row()), patch.y());
            }
        }
        assertEquals(manifest.patchCount(), cells.size());

        List<SlideState> states = statuses(slideId, 3).stream().map(SlideStatus::state).toList();
        assertEquals(List.of(SlideState.QUEUED, SlideState.TILING, SlideState.SCORING), states);
    }

    @Test
    void pathOutsideTheSlideRootsIsRefusedWithAClearError() {
        given().contentType(ContentType.JSON).body("{\"path\":\"/etc/passwd\"}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("outside the slide roots"));
    }

    @Test
    void pathEscapingTheRootsWithDotDotIsRefused() {
        given().contentType(ContentType.JSON).body("{\"path\":\"" + slide("../../../../etc/passwd") + "\"}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("outside the slide roots"));
    }

    @Test
    void missingSlideFileIsRefused() {
        given().contentType(ContentType.JSON).body("{\"path\":\"" + slide("no-such-slide.svs") + "\"}")
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
    void slideWithoutTheContextLevelEndsFailedNamingTheLevelsItNeeds() {
        String slideId = "scanner-one-level-1";
        kafka.send(Topics.SLIDE_READY, slideId,
                EventJson.write(SlideReady.of(slideId, slide("small.svs"), "scanner-7")));
        SlideStatus failed = statuses(slideId, 2).getLast();
        assertEquals(SlideState.FAILED, failed.state());
        assertTrue(failed.reason().contains("context level 3") && failed.reason().contains("1 level(s)"),
                failed.reason());
    }

    @Test
    void bodyWithoutPathIsRefused() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/slides")
                .then().statusCode(400).body("error", containsString("no slide path"));
    }

    @Test
    void unopenableSlideFromAScannerEndsFailedWithOpenSlidesReason() {
        String slideId = "scanner-unopenable-1";
        kafka.send(Topics.SLIDE_READY, slideId,
                EventJson.write(SlideReady.of(slideId, slide("unopenable.tiff"), "scanner-7")));
        SlideStatus failed = statuses(slideId, 2).getLast();
        assertEquals(SlideState.FAILED, failed.state());
        assertTrue(failed.reason().contains("unopenable.tiff") && failed.reason().contains("Unsupported TIFF compression"),
                failed.reason());
    }

    @Test
    void unreadableSlideEndsFailedAndPublishesNoPatches() {
        String slideId = "scanner-unreadable-1";
        kafka.send(Topics.SLIDE_READY, slideId,
                EventJson.write(SlideReady.of(slideId, slide("unreadable.svs"), "scanner-7")));
        SlideStatus failed = statuses(slideId, 2).getLast();
        assertEquals(SlideState.FAILED, failed.state());
        assertTrue(failed.reason().contains("Bogus marker length"), failed.reason());
        assertTrue(kafka.readValues(Topics.PATCH_BATCHES, slideId, 1, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void malformedSlideReadyGoesToTheDeadLetterTopicAndTheNextSlideIsTiled() {
        kafka.send(Topics.SLIDE_READY, "poison-1", "{this is not json");
        String slideId = "after-poison-1";
        kafka.send(Topics.SLIDE_READY, slideId, EventJson.write(SlideReady.of(slideId, slide("boxes.tiff"), "scanner-7")));

        List<String> dead = kafka.readValues(Topics.deadLetter(Topics.SLIDE_READY), "poison-1", 1, WAIT);
        assertEquals(List.of("{this is not json"), dead);
        assertFalse(kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT).isEmpty());
    }
}
