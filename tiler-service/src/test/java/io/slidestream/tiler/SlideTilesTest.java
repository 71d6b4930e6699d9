package io.slidestream.tiler;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.AreaResampler;
import io.slidestream.core.slide.RegionRequest;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.Slide;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import io.slidestream.synth.SyntheticSlideSpec;
import io.slidestream.tiler.service.DeepZoom;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DeepZoom tiles of a tiled slide: geometry, pixels against the slide itself, errors. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestModelResource.class, scope = TestResourceScope.GLOBAL)
class SlideTilesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int WIDTH = 3000;
    private static final int HEIGHT = 2200;
    private static TopicProbe kafka;
    private static String slideId;
    private static Path slide;

    /** Once, in the first test: the application (and its HTTP port) is up only once a test instance is. */
    @BeforeEach
    void tileOneSlide() {
        if (slideId != null) {
            return;
        }
        kafka = new TopicProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        slide = TestSlides.generated("tiles.tiff", SyntheticSlideSpec.forTests(6001).withSize(WIDTH, HEIGHT));
        slideId = given().contentType(ContentType.JSON).body("{\"path\":\"" + slide + "\"}")
                .when().post("/api/slides").then().extract().path("slideId");
        assertNotNull(slideId);
        await().atMost(WAIT).until(() -> given().get("/api/slides/" + slideId + "/tiles/info").statusCode() == 200);
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void infoGivesTheDeepZoomGeometryOfLevelZero() {
        given().when().get("/api/slides/" + slideId + "/tiles/info")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", containsString("max-age"))
                .body("width", is(WIDTH))
                .body("height", is(HEIGHT))
                .body("tileSize", is(254))
                .body("overlap", is(1))
                .body("maxLevel", is(12)) // ceil(log2(3000))
                .body("mpp", notNullValue());
    }

    @Test
    void tilesHaveDeepZoomSizesAndTheSlidesPixels() throws IOException {
        DeepZoom zoom = DeepZoom.of(WIDTH, HEIGHT);
        assertEquals(12, zoom.maxLevel());
        long[][] tiles = {
                {12, 0, 0}, {12, 1, 1}, {12, 11, 8}, // full resolution: a corner, the inside, the last column and row
                {11, 2, 1},                          // half: a pyramid level of its own
                {9, 0, 0}, {9, 1, 0},                // an eighth, from a coarser level
                {1, 0, 0}, {0, 0, 0}};               // 2 x 2 and 1 x 1 px
        try (Slide direct = Slide.open(slide)) {
            for (long[] t : tiles) {
                int level = (int) t[0];
                Response response = given().when()
                        .get("/api/slides/" + slideId + "/tiles/" + level + "/" + t[1] + "_" + t[2] + ".jpeg");
                String what = "tile " + level + "/" + t[1] + "_" + t[2];
                assertEquals(200, response.statusCode(), what + ": " + response.asString());
                assertEquals("image/jpeg", response.contentType(), what);
                assertTrue(response.header("Cache-Control").contains("max-age"), what);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.asByteArray()));
                assertNotNull(image, what + " decodes");
                DeepZoom.Bounds bounds = zoom.tile(level, t[1], t[2]);
                assertEquals(bounds.width(), image.getWidth(), what + " width");
                assertEquals(bounds.height(), image.getHeight(), what + " height");
                RgbImage expected = expected(direct, zoom, level, bounds);
                double difference = meanDifference(expected, RgbImage.fromBufferedImage(image));
                // JPEG shares chroma across 2 x 2 px (4:2:0): a 1 or 2 px tile's colours shift more.
                double tolerance = bounds.width() < 8 ? 16 : 6;
                assertTrue(difference < tolerance, what + " differs from the slide by " + difference + " on average");
            }
        }
        // The last column and row are clipped, with the overlap on their left and top only.
        assertEquals(new DeepZoom.Bounds(11 * 254 - 1, 8 * 254 - 1, WIDTH - 11 * 254 + 1, HEIGHT - 8 * 254 + 1),
                zoom.tile(12, 11, 8));
    }

    /** The tile's level-0 rectangle read straight from the slide, area-averaged to the tile's size. */
    private static RgbImage expected(Slide direct, DeepZoom zoom, int level, DeepZoom.Bounds bounds) {
        long scale = zoom.scale(level);
        long x0 = bounds.x() * scale;
        long y0 = bounds.y() * scale;
        int w0 = (int) (Math.min(WIDTH, (bounds.x() + bounds.width()) * scale) - x0);
        int h0 = (int) (Math.min(HEIGHT, (bounds.y() + bounds.height()) * scale) - y0);
        RgbImage region = direct.read(new RegionRequest(0, x0, y0, w0, h0));
        return AreaResampler.resize(region, bounds.width(), bounds.height());
    }

    private static double meanDifference(RgbImage a, RgbImage b) {
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return (double) sum / a.rgb().length;
    }

    @Test
    void unknownSlidesLevelsAndTilesAre404AndNoAssociatedImageIsReachable() {
        given().when().get("/api/slides/slide-0000000000000000/tiles/info")
                .then().statusCode(404).contentType(ContentType.JSON).body("error", containsString("slide-0000000000000000"));
        given().when().get("/api/slides/slide-0000000000000000/tiles/12/0_0.jpeg")
                .then().statusCode(404).contentType(ContentType.JSON);
        for (String tile : List.of("13/0_0", "12/12_0", "12/0_9", "11/6_0", "0/1_0", "12/-1_0", "-1/0_0")) {
            given().when().get("/api/slides/" + slideId + "/tiles/" + tile + ".jpeg")
                    .then().statusCode(404).contentType(ContentType.JSON).body("error", notNullValue());
        }
        given().when().get("/api/slides/" + slideId + "/tiles/12/99999999999_0.jpeg")
                .then().statusCode(400).contentType(ContentType.JSON);
        for (String associated : List.of("label", "macro", "thumbnail", "label.jpeg", "macro/0_0.jpeg", "label/0_0.jpeg")) {
            given().when().get("/api/slides/" + slideId + "/tiles/" + associated)
                    .then().statusCode(404).contentType(ContentType.JSON);
        }
    }

    @Test
    void aSlideKnownOnlyFromTheManifestTopicIsServedAsAfterARestart() {
        SlideManifest own = EventJson.read(kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT).getFirst(),
                SlideManifest.class);
        String other = "from-before-restart";
        kafka.send(Topics.SLIDE_MANIFESTS, other, EventJson.write(copy(own, other, own.slideRef())));
        await().atMost(WAIT).until(() -> given().get("/api/slides/" + other + "/tiles/info").statusCode() == 200);
        given().when().get("/api/slides/" + other + "/tiles/12/3_2.jpeg").then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    void anUnreadableSlideIs502WithAReasonThatNamesNoHostPath() throws IOException {
        SlideManifest own = EventJson.read(kafka.readValues(Topics.SLIDE_MANIFESTS, slideId, 1, WAIT).getFirst(),
                SlideManifest.class);
        Path broken = TestSlides.GENERATED_ROOT.resolve("broken.tiff");
        Files.write(broken, "II*\0 this is not a slide".getBytes());
        kafka.send(Topics.SLIDE_MANIFESTS, "broken-slide", EventJson.write(copy(own, "broken-slide", "broken.tiff")));
        kafka.send(Topics.SLIDE_MANIFESTS, "gone-slide", EventJson.write(copy(own, "gone-slide", "gone.tiff")));
        await().atMost(WAIT).until(() -> given().get("/api/slides/gone-slide/tiles/info").statusCode() == 200
                && given().get("/api/slides/broken-slide/tiles/info").statusCode() == 200);
        for (String id : List.of("broken-slide", "gone-slide")) {
            given().when().get("/api/slides/" + id + "/tiles/12/0_0.jpeg")
                    .then().statusCode(502).contentType(ContentType.JSON)
                    .body("error", containsString(id.equals("gone-slide") ? "gone.tiff" : "broken.tiff"))
                    .body("error", not(containsString(TestSlides.GENERATED_ROOT.toString())));
        }
        // The tile reader still serves the good slide afterwards.
        given().when().get("/api/slides/" + slideId + "/tiles/10/0_0.jpeg").then().statusCode(200);
    }

    private static SlideManifest copy(SlideManifest m, String slideId, String slideRef) {
        return new SlideManifest(m.schemaVersion(), slideId, slideRef, m.slide(), m.grid(), m.patchCount(),
                m.batchCount(), m.tissue(), m.priority(), m.createdAt());
    }
}
