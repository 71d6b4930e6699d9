package io.slidestream.aggregator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.kafka.KafkaTestResource;
import io.slidestream.kafka.TopicProbe;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import javax.imageio.ImageIO;

import static io.restassured.RestAssured.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A slide scored by a probability-map model through a real broker: its probability maps go in with the scores
 * on Kafka, and the REST API serves its mask and heatmap at sub-cell resolution and its lesions measured on them.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class SubCellAggregationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int EDGE = 4;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void a_slide_scored_with_maps_is_served_at_sub_cell_resolution_and_one_without_is_not() throws Exception {
        String slide = "fcn-" + UUID.randomUUID();
        String plain = "plain-" + UUID.randomUUID();
        try (TopicProbe probe = new TopicProbe(bootstrapServers)) {
            EventProducer events = new EventProducer(probe);
            events.manifest(slide, 2, 1, 2);
            events.scores(slide, 0, new PatchScore(0, 0, 0.1f, uniform(26)), new PatchScore(1, 0, 1.0f, bottomRight()));
            events.manifest(plain, 2, 1, 2);
            events.scores(plain, 0, new PatchScore(0, 0, 0.1f), new PatchScore(1, 0, 1.0f));
        }
        await().atMost(PATIENCE).untilAsserted(() -> get("/api/slides/{id}", slide).then().statusCode(200)
                .body("state", is("COMPLETE")).body("grid.subCellEdge", is(EDGE)).body("tumourPatches", is(1)));

        BufferedImage mask = png(get("/api/slides/{id}/mask.png", slide).then().statusCode(200).extract().asByteArray());
        assertEquals(2 * EDGE, mask.getWidth());
        assertEquals(EDGE, mask.getHeight());
        for (int y = 0; y < EDGE; y++) {
            for (int x = 0; x < 2 * EDGE; x++) {
                boolean tumour = x == 2 * EDGE - 1 && y == EDGE - 1; // the bottom-right sub-cell of cell (1, 0)
                assertEquals(tumour ? 255 : 0, mask.getRaster().getSample(x, y, 0), "sub-cell (" + x + ", " + y + ")");
            }
        }
        BufferedImage heatmap = png(get("/api/slides/{id}/heatmap.png?scale=2", slide).then().statusCode(200)
                .extract().asByteArray());
        assertEquals(4 * EDGE, heatmap.getWidth(), "scale counts pixels per sub-cell");
        // 256 px cells of 4 x 4 sub-cells: a 64 px square lesion.
        get("/api/slides/{id}/verdict", slide).then().statusCode(200)
                .body("lesions.size()", is(1))
                .body("lesions[0].cells", is(1))
                .body("lesions[0].areaPx2", is(64f * 64f))
                .body("lesions[0].bbox.x", is(256 + 192));

        await().atMost(PATIENCE).untilAsserted(() -> get("/api/slides/{id}", plain).then().statusCode(200)
                .body("state", is("COMPLETE")).body("grid.subCellEdge", nullValue()));
        assertEquals(2, png(get("/api/slides/{id}/mask.png", plain).then().statusCode(200).extract().asByteArray()).getWidth());
        get("/api/slides/{id}/verdict", plain).then().statusCode(200).body("lesions[0].areaPx2", is(256f * 256f));
    }

    /** 4 x 4, tumour in the bottom-right sub-cell only. */
    private static int[] bottomRight() {
        int[] map = new int[EDGE * EDGE];
        map[EDGE * EDGE - 1] = 255;
        return map;
    }

    private static int[] uniform(int value) {
        int[] map = new int[EDGE * EDGE];
        Arrays.fill(map, value);
        return map;
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
