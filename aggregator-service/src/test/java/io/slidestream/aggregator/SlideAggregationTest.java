package io.slidestream.aggregator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.slidestream.core.events.ScoreBatch.FailedPatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.withArgs;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregator against a real broker: events go in through Kafka exactly as the tiler and the inference
 * workers publish them, results come out over REST.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SlideAggregationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private TopicProbe probe;
    private EventProducer events;

    @BeforeEach
    void connect() {
        probe = new TopicProbe(bootstrapServers);
        events = new EventProducer(probe);
    }

    @AfterEach
    void disconnect() {
        probe.close();
    }

    @Test
    void a_slide_is_scoring_after_its_manifest_and_complete_once_every_patch_is_scored() {
        String slide = newSlideId();
        events.manifest(slide, 4, 3, 5);
        awaitSlide(slide, response -> response
                .body("state", is("SCORING"))
                .body("patchesTotal", is(5))
                .body("patchesScored", is(0))
                .body("grid.cols", is(4))
                .body("grid.rows", is(3))
                .body("grid.cellSize", is(256.0f))
                .body("grid.profile", is("demo"))
                .body("priority", is("routine"))
                .body("timings.scoringAt", notNullValue()));

        events.scores(slide, 0, new PatchScore(0, 0, 0.1f), new PatchScore(1, 0, 0.95f), new PatchScore(2, 0, 0.6f));
        events.scores(slide, 1, new PatchScore(0, 2, 0.2f), new PatchScore(3, 2, 0.3f));

        awaitSlide(slide, response -> response
                .body("state", is("COMPLETE"))
                .body("patchesScored", is(5))
                .body("duplicateScores", is(0))
                .body("tumourPatches", is(2))
                .body("maxScore", is(0.95f))
                .body("modelId", is("test-model-1"))
                .body("slide.width", is(1024))
                .body("slide.mpp", is(0.2425f))
                .body("slide.mppSource", is("slide"))
                .body("tissue.areaMm2", is(1.5f))
                .body("timings.completedAt", notNullValue())
                .body("timings.failedAt", nullValue())
                .body("reason", nullValue()));
    }

    @Test
    void a_score_batch_delivered_twice_counts_its_patches_once() {
        String slide = newSlideId();
        events.manifest(slide, 2, 2, 4);
        events.scores(slide, 0, new PatchScore(0, 0, 0.7f), new PatchScore(1, 0, 0.8f));
        events.scores(slide, 0, new PatchScore(0, 0, 0.7f), new PatchScore(1, 0, 0.8f));

        awaitSlide(slide, response -> response
                .body("state", is("SCORING"))
                .body("patchesScored", is(2))
                .body("duplicateScores", is(2))
                .body("progress", is(0.5f)));
        get("/api/slides/{id}/mask.png", slide).then().statusCode(409).contentType("application/json")
                .body("error", containsString("not COMPLETE"));
        get("/api/slides/{id}/verdict", slide).then().statusCode(409);

        events.scores(slide, 1, new PatchScore(0, 1, 0.1f), new PatchScore(1, 1, 0.1f));
        awaitSlide(slide, response -> response
                .body("state", is("COMPLETE"))
                .body("patchesScored", is(4))
                .body("duplicateScores", is(2)));
    }

    @Test
    void unread_patches_complete_a_slide_whose_verdict_is_unknown_and_incomplete_not_negative() {
        String slide = newSlideId();
        events.manifest(slide, 2, 2, 4);
        events.scores(slide, 0, List.of(new PatchScore(0, 0, 0.1f), new PatchScore(1, 0, 0.2f)),
                List.of(new FailedPatch(0, 1, "tile (0, 0) of level 0 cannot be decoded")));
        awaitSlide(slide, response -> response
                .body("state", is("SCORING"))
                .body("patchesScored", is(2))
                .body("patchesFailed", is(1))
                .body("progress", is(0.75f)));

        // A redelivery scores the failed patch; the last one fails.
        events.scores(slide, 1, List.of(new PatchScore(0, 1, 0.3f)), List.of(new FailedPatch(1, 1, "I/O error")));
        awaitSlide(slide, response -> response
                .body("state", is("COMPLETE"))
                .body("patchesScored", is(3))
                .body("patchesFailed", is(1))
                .body("verdict.category", is("UNKNOWN"))
                .body("verdict.incomplete", is(true))
                .body("verdict.patchesFailed", is(1))
                .body("verdict.incompleteReason", containsString("1 of 4 patches could not be read")));
        get("/api/slides").then().statusCode(200)
                .body("find { it.slideId == '%s' }.patchesFailed", withArgs(slide), is(1));
        String csv = get("/api/slides/{id}/scores.csv", slide).then().statusCode(200).extract().asString();
        assertEquals(1 + 3, csv.lines().count(), "a header and the three scored patches: " + csv);
    }

    @Test
    void scores_that_arrive_before_the_manifest_are_merged_when_it_comes() {
        String slide = newSlideId();
        events.scores(slide, 0, new PatchScore(0, 0, 0.4f), new PatchScore(1, 0, 0.9f));
        awaitSlide(slide, response -> response
                .body("state", is("QUEUED"))
                .body("patchesScored", is(0))
                .body("patchesTotal", nullValue()));

        events.manifest(slide, 2, 1, 2);

        awaitSlide(slide, response -> response
                .body("state", is("COMPLETE"))
                .body("patchesScored", is(2))
                .body("tumourPatches", is(1)));
    }

    @Test
    void a_failed_slide_keeps_its_reason_and_is_not_completed_later() {
        String slide = newSlideId();
        events.status(SlideStatus.of(slide, SlideState.QUEUED, "tiler"));
        events.status(SlideStatus.of(slide, SlideState.TILING, "tiler"));
        events.status(SlideStatus.failed(slide, "slide " + slide + ": truncated JPEG tile at level 0", "tiler"));
        awaitSlide(slide, response -> response
                .body("state", is("FAILED"))
                .body("reason", containsString("truncated JPEG tile"))
                .body("timings.tilingAt", notNullValue())
                .body("timings.failedAt", notNullValue()));

        events.status(SlideStatus.of(slide, SlideState.COMPLETE, "someone"));
        events.status(SlideStatus.of(slide, SlideState.QUEUED, "tiler"));
        events.manifest(slide, 1, 1, 1);
        events.scores(slide, 0, new PatchScore(0, 0, 0.8f));

        awaitSlide(slide, response -> response.body("patchesScored", is(1)));
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).untilAsserted(() -> get("/api/slides/{id}", slide).then()
                .body("state", is("FAILED"))
                .body("reason", containsString("truncated JPEG tile"))
                .body("timings.completedAt", nullValue()));
    }

    @Test
    void the_mask_marks_the_cells_at_or_above_the_threshold() throws Exception {
        String slide = newSlideId();
        events.manifest(slide, 3, 2, 5);
        events.scores(slide, 0, new PatchScore(0, 0, 0.9f), new PatchScore(1, 0, 0.1f), new PatchScore(2, 0, 0.5f));
        events.scores(slide, 1, new PatchScore(0, 1, 0.49f), new PatchScore(1, 1, 0.7f));
        awaitSlide(slide, response -> response.body("state", is("COMPLETE")).body("tumourPatches", is(3)));

        BufferedImage mask = png(get("/api/slides/{id}/mask.png", slide).then().statusCode(200)
                .contentType("image/png").extract().asByteArray());
        assertEquals(3, mask.getWidth());
        assertEquals(2, mask.getHeight());
        int[][] expected = {{255, 0, 255}, {0, 255, 0}};
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 3; col++) {
                assertEquals(expected[row][col], mask.getRaster().getSample(col, row, 0), "cell " + col + "," + row);
            }
        }

        BufferedImage heatmap = png(get("/api/slides/{id}/heatmap.png?scale=8", slide).then().statusCode(200)
                .contentType("image/png").extract().asByteArray());
        assertEquals(24, heatmap.getWidth());
        assertEquals(16, heatmap.getHeight());
        assertEquals(0, heatmap.getRGB(23, 15) >>> 24, "the non-tissue cell (2,1) is transparent");
        assertEquals(0xff, heatmap.getRGB(0, 0) >>> 24);

        get("/api/slides/{id}/heatmap.png?scale=0", slide).then().statusCode(400).body("error", containsString("scale"));
        get("/api/slides/{id}/verdict", slide).then().statusCode(200)
                .body("category", is("ITC"))
                .body("lesions.size()", is(1)); // the three tumour cells touch at corners: one lesion
        get("/api/slides/{id}/scores.csv", slide).then().statusCode(200)
                .body(containsString("minx,miny,width,height,prob_tumor"));
        get("/api/slides/{id}/no-such-file.txt", slide).then().statusCode(404).body("error", containsString("no output named"));
    }

    @Test
    void malformed_and_invalid_events_go_to_the_dead_letter_topic_and_later_events_are_still_processed() {
        String slide = newSlideId();
        events.raw(Topics.SCORE_BATCHES, slide, "{this is not json");
        events.raw(Topics.SLIDE_MANIFESTS, slide, "[1, 2, 3]");
        events.scores(slide, 0, new PatchScore(0, 0, 7f));
        events.manifest(slide, 2, 1, 2);
        events.scores(slide, 0, new PatchScore(0, 0, 0.3f), new PatchScore(1, 0, 0.6f));

        awaitSlide(slide, response -> response
                .body("state", is("COMPLETE"))
                .body("patchesScored", is(2))
                .body("maxScore", is(0.6f)));
        List<ConsumerRecord<String, String>> scoreLetters = deadLetters(Topics.SCORE_BATCHES, slide, 2);
        assertEquals(2, scoreLetters.size());
        // Each dead letter is the record as it was sent, with the reason in its headers.
        assertTrue(scoreLetters.stream().anyMatch(record -> "{this is not json".equals(record.value())
                && header(record, "dead-letter-reason").contains("not a valid ScoreBatch")), () -> describe(scoreLetters));
        assertTrue(scoreLetters.stream().anyMatch(record -> record.value().contains("\"score\":7.0")
                && header(record, "dead-letter-reason").contains("not a probability")), () -> describe(scoreLetters));
        assertEquals(1, deadLetters(Topics.SLIDE_MANIFESTS, slide, 1).size());
    }

    @Test
    void an_unknown_slide_is_not_found() {
        get("/api/slides/{id}", "no-such-slide").then().statusCode(404)
                .contentType("application/json")
                .body("error", containsString("no-such-slide"));
        get("/api/slides/{id}/heatmap.png", "no-such-slide").then().statusCode(404);
        get("/api/slides/{id}/verdict", "no-such-slide").then().statusCode(404);
        get("/api/slides/{id}/mask.png", "no-such-slide").then().statusCode(404);
    }

    @Test
    void the_slide_list_shows_the_newest_slide_first() {
        String older = newSlideId();
        String newer = newSlideId();
        events.status(SlideStatus.of(older, SlideState.QUEUED, "tiler"));
        awaitSlide(older, response -> response.body("state", is("QUEUED")));
        events.status(SlideStatus.of(newer, SlideState.TILING, "tiler"));
        awaitSlide(newer, response -> response.body("state", is("TILING")));

        List<String> ids = get("/api/slides").then().statusCode(200)
                .body("slideId", hasItems(older, newer))
                .extract().jsonPath().getList("slideId");
        assertTrue(ids.indexOf(newer) < ids.indexOf(older), "newest first: " + ids);
    }

    @Test
    void health_with_the_kafka_connection_metrics_and_openapi_are_served() {
        String slide = newSlideId();
        events.status(SlideStatus.failed(slide, "slide x.svs: unreadable", "tiler"));
        awaitSlide(slide, response -> response.body("state", is("FAILED")));
        get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Kafka connection health check' }.status", is("UP"));
        String metrics = get("/q/metrics").asString();
        assertTrue(metrics.contains("slidestream_aggregator_slides_total{state=\"failed\""), "slides by state are counted");
        assertTrue(metrics.contains("kafka_stream_"), "Kafka Streams' own metrics are exposed");
        get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/slides/{slideId}'.get", notNullValue())
                .body("paths.'/api/slides'.get", notNullValue())
                .body("paths.'/api/slides/{slideId}/verdict'.get", notNullValue())
                .body("paths.'/api/slides/{slideId}/{file}'.get", notNullValue())
                .body("paths.'/api/slides/{slideId}/events'.get", notNullValue())
                .body("paths.'/api/events'.get", notNullValue())
                .body("paths.'/api/slides/{slideId}/tiles/info'.get", notNullValue());
    }

    private static String newSlideId() {
        return "slide-" + UUID.randomUUID();
    }

    private static void awaitSlide(String slideId, Consumer<ValidatableResponse> expectations) {
        await().atMost(PATIENCE).untilAsserted(
                () -> expectations.accept(get("/api/slides/{id}", slideId).then().statusCode(200)));
    }

    private static String describe(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> record.value() + " " + Arrays.stream(record.headers().toArray())
                .map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)).toList()).toList().toString();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** The dead letters of one slide, read from the beginning of a topic's dead-letter topic. */
    private List<ConsumerRecord<String, String>> deadLetters(String topic, String slideId, int expected) {
        List<ConsumerRecord<String, String>> found = probe.read(Topics.deadLetter(topic),
                record -> slideId.equals(record.key()), expected, PATIENCE);
        found.forEach(record -> assertNotNull(header(record, "dead-letter-reason"), "a dead letter says why"));
        return found;
    }
}
